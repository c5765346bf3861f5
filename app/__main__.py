"""`python -m app` runs the same command line as `backside`."""

from app.cli import main

raise SystemExit(main())
