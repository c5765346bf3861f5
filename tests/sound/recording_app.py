"""Run `backside` with its chime player's own record written down, for the end-to-end sound test.

    python tests/sound/recording_app.py RECORD.json run ROUTINE ...

The app runs unchanged; when its `ChimePlayer` closes, this writes what the
player was asked for and when (`Played.requested`, the engine's call to
`play()`), when each went to the backend (`Played.started`), and the chimes it
dropped, as JSON, all on `time.monotonic()` -- the capture's clock too.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from app.sound.player import ChimePlayer

RECORD: Path | None = None
_close = ChimePlayer.close


def _close_and_record(self: ChimePlayer) -> None:
    _close(self)
    if RECORD is not None and self.played + self.dropped:
        record = {
            "backend": self.backend,
            "played": [[p.chime.value, p.backend, p.requested, p.started] for p in self.played],
            "dropped": [chime.value for chime in self.dropped],
        }
        RECORD.write_text(json.dumps(record), encoding="utf-8")


def main(argv: list[str]) -> int:
    global RECORD
    RECORD = Path(argv[0])
    ChimePlayer.close = _close_and_record  # type: ignore[method-assign]
    from app.cli.main import main as backside

    sys.argv = ["backside", *argv[1:]]
    return backside()


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
