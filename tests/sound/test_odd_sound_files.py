"""Odd files in the user's sounds folder: checked from their header, named once, never a stall.

A chime file is refused for its size, sample rate, channels, sample width or
length before its samples are read; the built-in chime plays instead. Files
are read only once sound is on, on the player's thread, never before the
first frame.
"""

from __future__ import annotations

import argparse
import array
import io
import struct
import sys
import threading
import wave
from pathlib import Path

import pytest

from app.cli.commands import sounds as command
from app.core.steps import Chime
from app.sound import chimes
from app.sound.chimes import SoundFileError, load_chime, load_chimes, read_own_sound, read_wav
from app.sound.cues import Cues


def _wav(
    frames: int = 4410, rate: int = 44100, channels: int = 1, width: int = 2, value: int = 5000
) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as out:
        out.setnchannels(channels)
        out.setsampwidth(width)
        out.setframerate(44100)
        samples = array.array("h", [value] * frames * channels) if width == 2 else None
        if samples is not None and sys.byteorder == "big":
            samples.byteswap()
        out.writeframes(samples.tobytes() if samples is not None else bytes(frames * width))
    data = bytearray(buffer.getvalue())
    data[24:28] = struct.pack("<I", rate)  # whatever the header claims, as a broken file would
    return bytes(data)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    sounds = tmp_path / "sounds"
    sounds.mkdir()
    monkeypatch.setenv("BACKSIDE_SOUNDS", str(sounds))
    monkeypatch.setenv("BACKSIDE_CONFIG_DIR", str(tmp_path / "config"))
    monkeypatch.setenv("BACKSIDE_DATA_DIR", str(tmp_path / "data"))
    return sounds


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (_wav(rate=0), "a sample rate of 0 Hz"),
        (_wav(rate=1), "a sample rate of 1 Hz"),
        (_wav(rate=1_000_000), "a sample rate of 1,000,000 Hz"),
        (_wav(channels=3), "3 channels"),
        (_wav(width=1), "8-bit samples"),
        (_wav(width=3), "24-bit samples"),
        (_wav(frames=44100 * 6), "6.0 s long"),
        (_wav(frames=0), "holds no sound"),
    ],
    ids=["rate-0", "rate-1", "rate-1M", "3-channels", "8-bit", "24-bit", "6-seconds", "empty"],
)
def test_an_odd_file_is_refused_with_its_reason(
    folder: Path, monkeypatch: pytest.MonkeyPatch, data: bytes, reason: str
) -> None:
    def never(*args: object) -> None:
        raise AssertionError("an odd file was resampled")

    monkeypatch.setattr(chimes, "_resample", never)
    path = folder / "hold-start.wav"
    path.write_bytes(data)
    with pytest.raises(SoundFileError, match=reason):
        read_own_sound(path)
    problems: list[str] = []
    monkeypatch.undo()
    sounds = load_chimes(100, folder, on_problem=problems.append)
    assert len(problems) == 1
    assert problems[0].startswith("hold-start.wav: ")
    assert reason in problems[0]
    assert sounds[Chime.HOLD_START].samples == load_chime(Chime.HOLD_START).samples


def test_a_huge_sparse_file_is_refused_without_reading_it(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = folder / "hold-start.wav"
    with path.open("wb") as file:
        file.write(_wav())
        file.truncate(1024**3)  # 1 GiB on paper, a few bytes on disk

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was opened")

    monkeypatch.setattr(chimes, "read_wav", refuse)
    with pytest.raises(
        SoundFileError, match=r"hold-start.wav: the file is 1.0 GiB \(the limit is 4.0 MiB\)"
    ):
        read_own_sound(path)


def test_a_good_stereo_file_at_another_rate_still_plays(folder: Path) -> None:
    path = folder / "countdown.wav"
    path.write_bytes(_wav(frames=2205, rate=22050, channels=2))
    sound = read_own_sound(path)
    assert sound.rate == 44100
    assert len(sound.samples) == 4410
    assert read_wav(_wav(), "x").duration == pytest.approx(0.1)


@pytest.mark.skipif(not hasattr(__import__("os"), "mkfifo"), reason="needs FIFOs")
def test_a_fifo_in_the_sounds_folder_is_refused_without_waiting(folder: Path) -> None:
    import os

    os.mkfifo(folder / "countdown.wav")
    problems: list[str] = []
    load_chimes(100, folder, on_problem=problems.append)
    assert problems == ["countdown.wav: is a pipe, not a regular file; save it as a file first"]


def test_the_sounds_command_lists_an_odd_file_as_unusable(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "hold-start.wav").write_bytes(_wav(rate=0))
    (folder / "countdown.wav").write_bytes(_wav())
    assert command.main(argparse.Namespace(play=False, sound=None)) == 0
    out = capsys.readouterr().out
    assert "  no   hold-start.wav: unusable, the built-in chime plays: a sample rate of 0 Hz" in out
    assert "  yes  countdown.wav: found" in out


def test_sounds_play_with_an_odd_file_plays_the_built_in_chime(
    folder: Path, capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    (folder / "hold-start.wav").write_bytes(_wav(rate=0))
    monkeypatch.setattr(command.time, "sleep", lambda seconds: None)
    assert command.main(argparse.Namespace(play=True, sound="bell")) == 0
    _, err = capfd.readouterr()
    assert "Sound file: hold-start.wav: a sample rate of 0 Hz" in err
    assert "Traceback" not in err


def test_with_sound_off_no_sound_file_is_read(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("sound files were read with sound off")

    monkeypatch.setattr(chimes, "load_chimes", refuse)
    cues = Cues.from_options(sound="off")
    cues.prepare()
    cues.start()
    cues.handle_all([])
    cues.close()
    assert "Sound" not in cues.status


def test_sound_files_are_read_on_the_players_thread_once_sound_starts(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    readers: list[str] = []
    real = chimes.load_chimes

    def recorded(*args: object, **kwargs: object) -> object:
        readers.append(threading.current_thread().name)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(chimes, "load_chimes", recorded)
    (folder / "hold-start.wav").write_bytes(_wav(rate=1))
    lines: list[str] = []
    cues = Cues.from_options(sound="bell", ring=lambda: None, on_status=lines.append)
    assert readers == []  # building the cues (before the first frame) read nothing
    cues.prepare()
    cues.close()  # waits for the player's thread
    assert readers == ["chimes"]
    status = [line for line in lines if "Sound file" in line]
    assert status == ["Sound file: hold-start.wav: a sample rate of 1 Hz; built-in chime instead"]


def test_several_odd_files_are_named_in_one_short_line(folder: Path) -> None:
    (folder / "hold-start.wav").write_bytes(_wav(rate=1))
    (folder / "countdown.wav").write_bytes(_wav(channels=3))
    lines: list[str] = []
    cues = Cues.from_options(sound="bell", ring=lambda: None, on_status=lines.append)
    cues.prepare()
    cues.close()
    status = [line for line in lines if "Sound file" in line]
    assert status == [
        "Sound files: hold-start.wav, countdown.wav unusable (see backside sounds); "
        "built-in instead"
    ]


def test_no_home_folder_is_said_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("BACKSIDE_CONFIG_DIR", "BACKSIDE_DATA_DIR", "BACKSIDE_SOUNDS", "HOME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", "")
    monkeypatch.setenv("XDG_DATA_HOME", "")
    # No home folder: `~` cannot be expanded, as with HOME unset and no passwd entry.
    monkeypatch.setattr("os.path.expanduser", lambda path: path)
    lines: list[str] = []
    cues = Cues.from_options(sound="off", on_status=lines.append)
    cues.prepare()
    cues.close()
    assert lines == ["Folders: no home folder; nothing saved or read"]


def test_the_player_loads_its_sounds_once_and_only_with_a_backend() -> None:
    from app.sound.player import ChimePlayer
    from tests.sound.fakes import FakeBackend, fake_sounds

    loads: list[int] = []

    def loader() -> dict[Chime, chimes.Sound]:
        loads.append(1)
        return fake_sounds()

    silent = ChimePlayer([], loader, threaded=False)
    silent.start()
    silent.play(Chime.HOLD_START)
    silent.close()
    assert loads == []
    backend = FakeBackend()
    player = ChimePlayer([backend], loader, threaded=False)
    assert loads == []  # not while it is made
    player.start()
    player.play(Chime.HOLD_START)
    player.play(Chime.SESSION_FINISHED)
    player.close()
    assert loads == [1]
    assert [name for name, _ in backend.plays] == ["hold-start", "session-finished"]


def test_a_sounds_folder_that_cannot_be_looked_into(
    folder: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    real = Path.lstat

    def refused(self: Path) -> object:
        if self.parent == folder:
            raise PermissionError(13, "Permission denied")
        return real(self)

    monkeypatch.setattr(Path, "lstat", refused)
    problems: list[str] = []
    sounds = load_chimes(100, folder, on_problem=problems.append)
    assert set(sounds) == set(Chime)
    assert problems[0] == "hold-start.wav: cannot read: Permission denied"
    assert command.main(argparse.Namespace(play=False, sound=None)) == 0
    out = capsys.readouterr().out
    assert "  no   hold-start.wav: unusable, the built-in chime plays: cannot read" in out


def test_a_file_just_over_the_limit_says_bytes(folder: Path) -> None:
    path = folder / "hold-start.wav"
    with path.open("wb") as file:
        file.write(_wav())
        file.truncate(chimes.MAX_SOUND_BYTES + 1)
    with pytest.raises(SoundFileError) as error:
        read_own_sound(path)
    assert str(error.value) == (
        "hold-start.wav: the file is 4,194,305 bytes (the limit is 4,194,304 bytes)"
    )


def test_the_sounds_command_reads_headers_only(
    folder: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Listing five large chimes took seconds when each was decoded: now none is."""
    for chime in Chime:
        (folder / f"{chime.value}.wav").write_bytes(_wav(frames=44100 * 4, channels=2))
    (folder / "countdown.wav").write_bytes(_wav(frames=0))

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a file was decoded")

    monkeypatch.setattr(chimes, "read_wav", refuse)
    assert command.main(argparse.Namespace(play=False, sound=None)) == 0
    out = capsys.readouterr().out
    assert "  yes  hold-start.wav: found" in out
    assert "  yes  session-finished.wav: found" in out
    assert (
        "  no   countdown.wav: unusable, the built-in chime plays: the file holds no sound" in out
    )


@pytest.mark.parametrize(
    "data",
    [_wav(rate=0), _wav(channels=3), _wav(width=1), _wav(frames=44100 * 6), _wav(frames=0)],
    ids=["rate-0", "3-channels", "8-bit", "6-seconds", "empty"],
)
def test_the_header_check_refuses_what_reading_refuses(data: bytes) -> None:
    with pytest.raises(SoundFileError) as read:
        read_wav(data, "x.wav")
    with pytest.raises(SoundFileError) as checked:
        chimes.check_wav(data, "x.wav")
    assert str(checked.value) == str(read.value)
