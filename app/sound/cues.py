"""What a practice sounds like: engine events in, chimes, speech and an awake screen out.

The practice screen hands every engine event to `Cues.handle`; this module is
the one place that decides what each event sounds like:

- `ChimeDue` plays its chime (and hushes any phrase being spoken);
- `StepStarted` speaks the step's `speech` ("Locust, airplane arms, 45 seconds";
  the timeline writes every phrase, "Last set" and "Practice complete" too);
- each lift of alternating lifts (`RepCounted`) and each movement of a flow (its
  `StepStarted`) plays the soft movement cue, unless a chime marks that moment
  already, and the voice says the side ("left") or the movement and its breath
  ("inhale, upward salute");
- at the voice level `cues`, `CueReached` speaks the cue the screen's ▶ reached.

Every phrase but the step's own is dropped rather than spoken late: the side
only while its lift lasts, a cue only while the ▶ is on it.
- `SessionFinished` lets the screen sleep again;
- `Paused`, `Resumed` and `Suspended` pause, resume or drop the awake lock.

Nothing here blocks: chimes and speech run on their own threads. One status
line (`status`, and `on_status` when it changes) reports whatever went wrong.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable

from app.core.cue_pace import cue_seconds
from app.core.events import (
    ChimeDue,
    CueReached,
    Event,
    Paused,
    RepCounted,
    Resumed,
    SessionFinished,
    StepStarted,
    Suspended,
)
from app.core.listeners import EventListener, Expects, Mutable, Silent, Speechless, Voiced
from app.core.options import VOICE_LEVELS
from app.core.steps import Chime, Step
from app.sound.player import ChimePlayer
from app.sound.voice import NO_SPEECH, Voice, find_speaker
from app.system.awake import Inhibitor


class Cues(EventListener, Mutable, Silent, Voiced, Speechless, Expects):
    """Chimes, spoken cues and the awake lock for one practice.

    A listener of the practice (`app/core/listeners.py`): it hears every event,
    mutes with `m`, says why it cannot unmute, and speaks or not with `v`.
    """

    def __init__(
        self,
        player: ChimePlayer | None = None,
        voice: Voice | None = None,
        awake: Inhibitor | None = None,
        *,
        on_status: Callable[[str], None] | None = None,
    ) -> None:
        self.player = player
        self.voice = voice
        self.awake = awake
        self._on_status = on_status
        self.status = ""
        self._messages: dict[str, str] = {}
        self._status_lock = threading.Lock()
        self._started = False
        self._prepared = False
        self._closed = False
        self.level = "on"
        """How much the voice says when it is on: "on" or "cues" (`VOICE_LEVELS`)."""
        self._step: Step | None = None
        """The step under way, from its `StepStarted`."""
        self._chimed = False
        """The step's first lift or movement is marked by the step's own chime already."""

    @classmethod
    def from_options(
        cls,
        *,
        sound: str = "auto",
        volume: float | None = None,
        voice: str = "off",
        allow_sleep: bool = False,
        on_status: Callable[[str], None] | None = None,
        on_flash: Callable[[Chime], None] | None = None,
        ring: Callable[[], None] | None = None,
    ) -> Cues:
        """Everything real, from the `run` options (see `app.cli.options.add_run_options`).

        `on_status` gets the one status line, `on_flash` is called when the
        terminal bell stands in for a chime (flash the screen), and `ring` sounds
        that bell. All three may be called from the sound and voice threads: the
        app passes the methods of its `UiReports`, which post typed messages.
        """
        from app.sound.backends import backends_for
        from app.sound.chimes import DEFAULT_VOLUME, Sound, load_chimes
        from app.system.folders import user_folders

        cues = cls(on_status=on_status)
        folders = user_folders()
        if folders.missing:
            # Short enough for the status line at 80 columns; the README says what to set.
            cues.tell("Folders: no home folder; nothing saved or read")

        def sounds() -> dict[Chime, Sound]:
            # On the player's thread, only once sound is on: never in the way of the screen.
            problems: list[str] = []
            loaded = load_chimes(100, folders.sounds, on_problem=problems.append)
            if len(problems) == 1:
                short = problems[0].split(" (", 1)[0]  # the reason, without the advice
                cues.tell(f"Sound file: {short}; built-in chime instead")
            elif problems:
                names = ", ".join(problem.split(":", 1)[0] for problem in problems)
                cues.tell(f"Sound files: {names} unusable (see backside sounds); built-in instead")
            return loaded

        cues.player = ChimePlayer(
            backends_for(sound, ring),
            sounds,
            volume=DEFAULT_VOLUME if volume is None else volume,
            on_status=cues.tell,
            on_flash=on_flash,
        )
        if voice != "off":
            cues.level = voice
        cues.voice = Voice(
            find_speaker(),
            enabled=voice != "off",
            quiet_at=cues.player.quiet_at,
            on_status=cues.tell,
        )
        cues.awake = Inhibitor.for_this_system(allow_sleep=allow_sleep, on_status=cues.tell)
        return cues

    def tell(self, message: str) -> None:
        """Update the one status line (any part may call this, from any thread).

        Each part speaks for itself ("Sound: …", "Voice: …", "Screen: …"): a new
        message replaces that part's last one and the line shows them all, so a
        later problem with the screen lock does not hide an earlier one with sound.
        """
        part = message.split(":", 1)[0] if ":" in message else ""
        with self._status_lock:
            self._messages[part] = message
            status = " · ".join(self._messages.values())
            if status == self.status:
                return
            self.status = status
        if self._on_status is not None:
            with contextlib.suppress(Exception):
                self._on_status(status)

    def start(self) -> None:
        """The practice begins: open the sound device, keep the screen awake.

        `handle` calls this itself on a practice's first event; calling it
        earlier (before the screen shows) only makes the first chime surer.
        """
        if self._started or self._closed:
            return
        self._started = True
        self.prepare()
        if self.awake is not None:
            self.awake.acquire()

    def prepare(self) -> None:
        """Open the sound device now, in the background, so the first chime is on time.

        Opening a device takes a tenth of a second or more; call this as the app
        starts, long before the first hold. It does not take the awake lock.
        """
        if self._prepared or self._closed:
            return
        self._prepared = True
        if self.player is not None:
            self.player.start()

    def handle(self, event: Event) -> None:
        """React to one engine event; returns at once."""
        if self._closed:
            return
        if not self._started:
            self.start()
        if isinstance(event, ChimeDue):
            self._play(event.chime)
        elif isinstance(event, StepStarted):
            step = self._step = event.step
            self._chimed = any(point.offset_in(step.duration) == 0 for point in step.chimes)
            self.say(step.speech, within=step.duration or None)
            if step.is_movement and step.phase is not None:
                self._movement()
                self.say(f"{step.phase.value}, {step.title.lower()}", within=step.duration)
        elif isinstance(event, RepCounted):
            self._movement()
            lift = self._step
            self.say(event.side.value, within=lift.breath_seconds if lift else None)
        elif isinstance(event, CueReached):
            if self.level == "cues" and self._step is not None:
                self.say(event.text, within=cue_seconds(self._step))
        elif isinstance(event, SessionFinished):
            if self.awake is not None:
                self.awake.release()
            self._started = False  # a next practice starts afresh
        elif isinstance(event, Paused):
            if self.voice is not None:
                self.voice.clear()
            if self.awake is not None:
                self.awake.pause()
        elif isinstance(event, Resumed):
            if self.awake is not None:
                self.awake.acquire()
        elif isinstance(event, Suspended) and self.awake is not None:
            self.awake.release()
        if self.awake is not None:
            self.awake.poll()

    def handle_all(self, events: Iterable[Event]) -> None:
        for event in events:
            self.handle(event)

    def _play(self, chime: Chime) -> None:
        """Sound `chime`, hushing any phrase: the voice never speaks over a sound."""
        if self.player is not None and not self.player.muted:
            if self.voice is not None:
                self.voice.hush()
            self.player.play(chime)

    def _movement(self) -> None:
        """A lift or a movement begins: the soft cue, unless the step's own chime marks it."""
        if self._chimed:
            self._chimed = False  # the step's chime sounded at this very moment
            return
        self._play(Chime.MOVEMENT)

    def say(self, text: str, *, within: float | None = None) -> None:
        """Speak `text` if the voice is on; not begun within `within` seconds, it is dropped."""
        if self.voice is not None and text:
            self.voice.say(text, within=within)

    # -- keys during a practice --------------------------------------------

    def set_muted(self, muted: bool) -> None:
        """Mute or unmute the chimes (the app's `m`)."""
        if self.player is not None:
            self.player.set_muted(muted)

    def set_voice(self, level: str) -> None:
        """How much the voice says (`VOICE_LEVELS`; the app's `v` turns it off and on);
        with no speech program, says so once."""
        if level not in VOICE_LEVELS:
            raise ValueError(f"voice: {level!r} is not one of {', '.join(VOICE_LEVELS)}")
        if level != "off":
            self.level = level
        if self.voice is not None:
            self.voice.set_enabled(level != "off")

    def expect_sound(self, in_seconds: float | None) -> None:
        """The next sound may be due in `in_seconds` (None: nothing is): the player opens
        its sleeping stream ahead of it."""
        if self.player is not None:
            self.player.expect(in_seconds)

    def why_speechless(self) -> str:
        """Why turning the voice on would say nothing ("" when there is a speech program)."""
        if self.voice is None or not self.voice.available:
            return NO_SPEECH
        return ""

    def why_silent(self) -> str:
        """Why unmuting would play nothing ("" when there is something to play)."""
        if self.player is None or not self.player.can_play:
            return "No sound to turn on: this practice was started with --sound off"
        return ""

    @property
    def muted(self) -> bool:
        return self.player is None or self.player.muted

    def toggle_mute(self) -> bool:
        """`m`: mute or unmute the chimes; True when now muted."""
        if self.player is None:
            return True
        return self.player.toggle_mute()

    @property
    def voice_on(self) -> bool:
        return self.voice is not None and self.voice.enabled

    def toggle_voice(self) -> bool:
        """`v`: spoken cues on or off; True when now on."""
        if self.voice is None:
            return False
        return self.voice.toggle()

    def close(self) -> None:
        """The practice is over or the screen closes: silence everything, let the screen sleep."""
        if self._closed:
            return
        self._closed = True
        if self.awake is not None:
            self.awake.close()
        if self.voice is not None:
            self.voice.close()
        if self.player is not None:
            self.player.close()
