"""`python -m app` runs the same command line as `backside`."""

from app.cli.main import main

raise SystemExit(main())
