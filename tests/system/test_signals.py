"""Which signals end the practice the normal way, and which are left to Python and Textual."""

from __future__ import annotations

import signal
import sys
from collections.abc import Iterator

import pytest

from app.system.signals import EXIT_SIGNALS, ExitSignals

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


def test_every_signal_that_would_end_the_process_is_caught() -> None:
    for name in (
        "SIGTERM",
        "SIGHUP",
        "SIGINT",
        "SIGQUIT",
        "SIGUSR1",
        "SIGUSR2",
        "SIGALRM",
        "SIGABRT",
        "SIGVTALRM",
        "SIGPROF",
        "SIGXCPU",
    ):
        assert getattr(signal, name) in EXIT_SIGNALS, name
    if hasattr(signal, "SIGRTMIN"):
        assert signal.SIGRTMIN in EXIT_SIGNALS
        assert signal.SIGRTMAX in EXIT_SIGNALS


def test_those_python_and_textual_need_are_left_alone() -> None:
    for name in (
        "SIGKILL",
        "SIGSTOP",
        "SIGWINCH",
        "SIGCHLD",
        "SIGTSTP",
        "SIGCONT",
        "SIGTTIN",
        "SIGTTOU",
        "SIGPIPE",
        "SIGSEGV",
        "SIGBUS",
        "SIGFPE",
        "SIGILL",
    ):
        assert getattr(signal, name) not in EXIT_SIGNALS, name


@pytest.fixture
def installed() -> Iterator[ExitSignals]:
    # As a shell leaves them for a command it runs in the foreground, whatever this test
    # run inherited (a background job of a script has SIGQUIT and SIGINT ignored).
    dispositions = {
        signal.SIGUSR1: signal.SIG_DFL,
        signal.SIGQUIT: signal.SIG_DFL,
        signal.SIGUSR2: signal.SIG_IGN,  # as `trap '' USR2` leaves it
    }
    previous = {signum: signal.signal(signum, handler) for signum, handler in dispositions.items()}
    signals = ExitSignals()
    signals.install()
    try:
        yield signals
    finally:
        signals.uninstall()
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def test_install_catches_them_and_uninstall_gives_them_back(installed: ExitSignals) -> None:
    handler = signal.getsignal(signal.SIGUSR1)
    assert callable(handler)
    assert signal.getsignal(signal.SIGQUIT) == handler
    assert signal.getsignal(signal.SIGWINCH) != handler
    installed.uninstall()
    assert signal.getsignal(signal.SIGUSR1) is signal.SIG_DFL
    assert signal.getsignal(signal.SIGQUIT) is signal.SIG_DFL


def test_a_signal_already_ignored_stays_ignored(installed: ExitSignals) -> None:
    assert signal.getsignal(signal.SIGUSR2) is signal.SIG_IGN


def test_a_hangup_is_caught_even_under_nohup() -> None:
    """`nohup backside`: the terminal closing still ends the practice the normal way."""
    previous = signal.getsignal(signal.SIGHUP)
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signals = ExitSignals()
    signals.install()
    try:
        assert callable(signal.getsignal(signal.SIGHUP))
        signals.uninstall()
        assert signal.getsignal(signal.SIGHUP) is signal.SIG_IGN  # given back as it was
    finally:
        signals.uninstall()
        signal.signal(signal.SIGHUP, previous)


def test_once_the_screen_is_back_the_watchdog_waits_for_the_history() -> None:
    signals = ExitSignals(deadline=60)
    signals.screen_restored(30)  # no signal came: nothing to wait for
    assert signals._watchdog is None
    signals._handle(signal.SIGTERM, None)
    first = signals._watchdog
    assert first is not None
    assert first.interval == 60
    signals.screen_restored(30)
    second = signals._watchdog
    try:
        assert second is not first
        assert second is not None
        assert second.interval == 30
        assert first.finished.is_set()  # cancelled: it will not cut the saving short
    finally:
        signals.uninstall()
        first.cancel()
