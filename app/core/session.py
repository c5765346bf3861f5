"""One practice as it runs: the engine, its record, the listeners, and when to look again.

A `PracticeSession` starts the engine on a timeline, gives every event the
engine returns to the practice record and to each listener (sound, voice,
stay-awake, history), keeps the mute and voice state the listeners follow, and
says when the next pulse is due. It knows nothing of a screen: the app calls
`pulse()` when `next_pulse_in()` says, passes key presses to `operate()`, and
shows the events each returns. Time comes only from the clock it is given, so
all of it is tested in fake time.

The pulse does not beat at a fixed rate: it is due at the engine's next change
(`Engine.next_change()`: the next displayed second, chime or breath), or the
breath pacer's next frame, so a hold costs one wake-up a second and each second
is shown on its boundary.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from app.core.engine import SUSPEND_AFTER_SECONDS, Engine, EngineState, Operation, Status
from app.core.events import Event
from app.core.listeners import Begins, EventListener, Expects, Mutable, Silent, Speechless, Voiced
from app.core.options import PracticeOptions
from app.core.record import PracticeRecord
from app.core.steps import Timeline

#: How often the breath pacer is redrawn while it fills and empties. Measured with
#: `make bench` (2 cores): 4 frames a second cost 2.8 % of a core, 5 cost 3.7 %,
#: 10 cost 6.4 %: each frame, Textual repaints every widget whose container spans
#: the pacer's row. At 4 a second, on a grid of the step's own time (so its frames
#: fall on the displayed seconds too), the fill still moves in even steps.
PACER_FRAME_SECONDS = 1 / 4
#: Wake this long after the engine's next change, never just before it: Textual's
#: timers end a little early, and a wake-up before the change would show nothing new.
WAKE_MARGIN_SECONDS = 0.002


class PracticeSession:
    """The practice being done, from its start to its end, and whoever listens to it."""

    def __init__(
        self,
        clock: Callable[[], float],
        listeners: Iterable[EventListener] = (),
        *,
        suspend_after: float = SUSPEND_AFTER_SECONDS,
        muted: bool = False,
        voice: str = "off",
        on_trouble: Callable[[str], None] = lambda text: None,
    ) -> None:
        self.clock = clock
        """The monotonic clock the engine runs on (a fake one in tests)."""
        self.listeners: list[EventListener] = list(listeners)
        """Who hears every event; one that raises is dropped (see `on_trouble`)."""
        self._suspend_after = suspend_after
        self.engine: Engine | None = None
        """The engine of the practice begun last (None before the first)."""
        self.record: PracticeRecord | None = None
        """What was done in that practice, for the summary."""
        self.muted = muted
        """The chimes are off (`m`); every `Mutable` listener follows it."""
        self.voice = voice
        """The voice level (`VOICE_LEVELS`: off, on, cues; `v`); every `Voiced` listener
        follows it."""
        self._voice_level = voice if voice != "off" else "on"
        """The level `v` turns the voice back on at."""
        self._on_trouble = on_trouble
        """Told, in a line, of a listener that failed and was dropped."""

    # -- the practice ---------------------------------------------------------

    def start(self, timeline: Timeline, choices: PracticeOptions) -> list[Event]:
        """Begin a practice of `timeline`: tell the listeners, start the engine; its events."""
        engine = Engine(timeline, self.clock, suspend_after=self._suspend_after)
        self.engine = engine
        self.record = PracticeRecord(routine_id=timeline.routine_id, name=timeline.name)
        for listener in list(self.listeners):
            try:
                if isinstance(listener, Begins):
                    listener.begin(timeline, choices)
            except Exception as error:  # a broken listener must not stop the practice
                self._drop(listener, error)
        return self._dispatch(engine.start())

    @property
    def running(self) -> bool:
        """A practice has begun and not yet finished."""
        return self.engine is not None and self.engine.state is not EngineState.FINISHED

    @property
    def ticking(self) -> bool:
        """A practice is running and not paused."""
        return self.engine is not None and self.engine.state is EngineState.RUNNING

    def status(self) -> Status:
        """Where the practice is now (there must be one)."""
        assert self.engine is not None
        return self.engine.status()

    def pulse(self) -> list[Event]:
        """Ask the engine what has happened by now and pass it on; the events, to be shown."""
        if self.engine is None or not self.running:
            return []
        return self._dispatch(self.engine.tick())

    def operate(self, operation: Operation) -> list[Event]:
        """Run an engine operation (a key press) and pass its events on."""
        if self.engine is None:
            return []
        return self._dispatch(self.engine.operate(operation))

    def quit(self) -> list[Event]:
        """End a practice still running (the app is closing), so what was done is recorded."""
        if self.engine is None or not self.running:
            return []
        return self._dispatch(self.engine.quit())

    def next_pulse_in(self) -> float | None:
        """Seconds until the next pulse is due, or None while nothing changes by itself."""
        engine = self.engine
        at = engine.next_change() if engine is not None else None
        if engine is None or at is None:
            return None
        delay = at - self.clock() + WAKE_MARGIN_SECONDS
        if engine.step.paced:
            # The pacer moves between breaths: its next frame on the step's grid.
            into = engine.status().elapsed % PACER_FRAME_SECONDS
            delay = min(delay, PACER_FRAME_SECONDS - into + WAKE_MARGIN_SECONDS)
        return max(WAKE_MARGIN_SECONDS, delay)

    def _dispatch(self, events: list[Event]) -> list[Event]:
        for event in events:
            if self.record is not None:
                self.record.handle(event)
            for listener in list(self.listeners):
                try:
                    listener.handle(event)
                except Exception as error:  # a broken speaker must not stop the practice
                    self._drop(listener, error)
        self.tell_next_sound()
        return events

    def tell_next_sound(self) -> None:
        """Tell each `Expects` listener when the next sound may be due (None: nothing is,
        as on the start screen, while paused and after the end)."""
        engine = self.engine
        at = engine.next_sound() if engine is not None else None
        due = None if at is None else at - self.clock()
        for listener in list(self.listeners):
            if isinstance(listener, Expects):
                try:
                    listener.expect_sound(due)
                except Exception as error:
                    self._drop(listener, error)

    def _drop(self, listener: EventListener, error: Exception) -> None:
        if listener in self.listeners:
            self.listeners.remove(listener)
        self._on_trouble(f"{type(listener).__name__} stopped: {error}")

    # -- the listeners and their sound ----------------------------------------

    def add_listener(self, listener: EventListener) -> None:
        """Give `listener` every engine event from now on (and the mute and voice state)."""
        self.listeners.append(listener)
        self.set_sound()

    def set_sound(self, *, muted: bool | None = None, voice: str | None = None) -> None:
        """Mute or unmute the chimes and switch the voice (None: as they are), in every
        listener that can."""
        self.muted = self.muted if muted is None else muted
        self.voice = self.voice if voice is None else voice
        if self.voice != "off":
            self._voice_level = self.voice
        for listener in self.listeners:
            if isinstance(listener, Mutable):
                listener.set_muted(self.muted)
            if isinstance(listener, Voiced):
                listener.set_voice(self.voice)

    def toggle_mute(self) -> str:
        """`m`: chimes off or on; what to say about it.

        Unmuting with nothing to play (`--sound off`) stays muted and says why:
        "Sound on" would be untrue.
        """
        if self.muted:
            for listener in self.listeners:
                if isinstance(listener, Silent) and (reason := listener.why_silent()):
                    return reason
        self.set_sound(muted=not self.muted)
        return "Sound off" if self.muted else "Sound on"

    def toggle_voice(self) -> str:
        """`v`: the voice off, or on again at its level; what to say about it.

        With nothing to speak with, it stays off and says what to install: "Voice on"
        would be untrue.
        """
        if self.voice == "off":
            for listener in self.listeners:
                if isinstance(listener, Speechless) and (reason := listener.why_speechless()):
                    return reason
        self.set_sound(voice=self._voice_level if self.voice == "off" else "off")
        return "Voice off" if self.voice == "off" else f"Voice {self.voice}"
