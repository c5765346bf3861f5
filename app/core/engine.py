"""The practice engine: walks a timeline against an injected monotonic clock.

Time left is always `deadline - now`; a tick only asks "what has happened by
now?", so however late or irregular ticks are, no drift builds up. When a step
runs out, the next one's deadline is the previous deadline plus its duration,
not "now" plus its duration, so lateness in one tick is not carried forward.

The engine does no I/O and never sleeps: the shell calls `tick()` when it
likes and the operations on key presses, and reacts to the events they return.
`next_change()` tells the shell when a tick would next have something to say
(the next displayed second, chime, breath or the step's end), so it can sleep
until then instead of polling.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from enum import StrEnum

from app.core.cue_pace import cue_slot, next_cue_after, walked_cues
from app.core.events import (
    BreathPhaseChanged,
    ChimeDue,
    CueReached,
    Ending,
    Event,
    Paused,
    RepCounted,
    Resumed,
    SecondChanged,
    SessionFinished,
    SetFinished,
    StepEnded,
    StepStarted,
    Suspended,
    TimeAdjusted,
    VersionSwapped,
)
from app.core.models import Breath
from app.core.steps import Fallback, Side, Step, Timeline

Clock = Callable[[], float]

#: A gap between ticks longer than this is a suspended machine, not a slow one.
SUSPEND_AFTER_SECONDS = 5.0
#: What + and - add to or remove from a timed step.
ADJUST_SECONDS = 5.0
#: Removing time never leaves less than this on the clock.
MIN_SECONDS_LEFT = 1.0
#: Adding time never makes a step longer than its plan by more than this.
MAX_EXTRA_SECONDS = 300.0
#: Floating-point slack when turning seconds into whole displayed seconds.
_EPSILON = 1e-9


class Operation(StrEnum):
    """What a key asks of the engine. Screens send these; the app applies them."""

    PAUSE = "pause"
    RESUME = "resume"
    TOGGLE_PAUSE = "toggle-pause"
    NEXT = "next"
    PREVIOUS = "previous"
    RESTART = "restart"
    MORE_TIME = "more-time"
    LESS_TIME = "less-time"
    SWAP_VERSION = "swap-version"
    """Do the step's fallback version instead, for this set (Full bow: no hands)."""
    QUIT = "quit"


class EngineState(StrEnum):
    READY = "ready"
    RUNNING = "running"
    PAUSED = "paused"
    FINISHED = "finished"


@dataclass(frozen=True, slots=True)
class Status:
    """Everything a screen needs to draw the current moment."""

    state: EngineState
    step: Step
    duration: float
    """The step's duration, including time added or removed."""
    elapsed: float
    remaining: float
    seconds_left: int
    """The whole second to display: it changes exactly when `SecondChanged` says."""
    breath: int | None
    breaths: int | None
    phase: Breath | None
    phase_progress: float
    """0 to 1 through the current inhale or exhale, for a smooth breath pacer."""
    rep: int | None
    reps: int | None
    rep_side: Side | None
    session_elapsed: float
    """Active time so far: pauses and suspensions are not counted."""
    session_remaining: float
    suspended: bool

    @property
    def session_progress(self) -> float:
        total = self.session_elapsed + self.session_remaining
        return self.session_elapsed / total if total > 0 else 1.0


def seconds_left(remaining: float) -> int:
    """The countdown's whole second: 45 for 44.2 s left, 1 for 0.3 s, 0 at the end."""
    return max(0, math.ceil(remaining - _EPSILON))


class Engine:
    """Walks a timeline. Every operation returns the events it caused, in order."""

    def __init__(
        self,
        timeline: Timeline,
        clock: Clock = time.monotonic,
        *,
        suspend_after: float = SUSPEND_AFTER_SECONDS,
    ) -> None:
        self.timeline = timeline
        self._clock = clock
        self._suspend_after = suspend_after
        self._steps = timeline.steps
        self._durations = [step.duration for step in self._steps]
        self._set_ends = _last_work_step_of_each_set(self._steps)
        self._state = EngineState.READY
        self._index = 0
        self._deadline = 0.0
        """While running: the clock time at which the current step ends."""
        self._frozen_remaining = self._durations[0]
        """While ready or paused: the time left in the current step."""
        self._last_tick = 0.0
        self._suspended = False
        self._ended_active = 0.0
        """Active time of the steps already left behind."""
        self._completed = 0
        self._skipped = 0
        # What has been reported for the current step, so each event is said once.
        self._shown_second: int | None = None
        self._fired_chimes: set[int] = set()
        self._breath_key: tuple[int, Breath] | None = None
        self._rep_key: int | None = None
        self._cue_key: int | None = None

    # -- reading ---------------------------------------------------------

    @property
    def state(self) -> EngineState:
        return self._state

    @property
    def index(self) -> int:
        return self._index

    @property
    def step(self) -> Step:
        return self._steps[self._index]

    def status(self) -> Status:
        """The current moment, read from the clock without changing any state."""
        now = self._clock()
        duration = self._durations[self._index]
        remaining = min(duration, max(0.0, self._remaining(now)))
        elapsed = duration - remaining
        step = self.step
        breath = breaths = rep = reps = None
        phase: Breath | None = None
        progress = 0.0
        rep_side: Side | None = None
        if step.paced:
            movement, phase, progress = _breath_at(step, elapsed, duration)
            breath, breaths = movement + 1, _movements(step, duration)
            if step.counts_lifts:
                rep, reps, rep_side = movement // 2 + 1, math.ceil(breaths / 2), _rep_side(movement)
        later = sum(self._durations[self._index + 1 :])
        finished = self._state is EngineState.FINISHED
        return Status(
            state=self._state,
            step=step,
            duration=duration,
            elapsed=elapsed,
            remaining=remaining,
            seconds_left=seconds_left(remaining),
            breath=breath,
            breaths=breaths,
            phase=phase,
            phase_progress=progress,
            rep=rep,
            reps=reps,
            rep_side=rep_side,
            # A finished session has already counted its last step.
            session_elapsed=self._ended_active + (0.0 if finished else elapsed),
            session_remaining=0.0 if finished else remaining + later,
            suspended=self._suspended,
        )

    def next_change(self) -> float | None:
        """The clock time of the next event a tick would report, or None when not running.

        The next displayed second, the next chime, the next inhale or exhale, or
        the step's end, whichever is first: all read from the step's deadline,
        so however late the previous tick was, the answer is not.
        """
        if self._state is not EngineState.RUNNING:
            return None
        now = self._clock()
        step = self.step
        duration = self._durations[self._index]
        deadline = self._deadline
        began = deadline - duration
        elapsed = max(0.0, duration - (deadline - now))
        moments = [deadline - _EPSILON]
        shown = seconds_left(deadline - now)
        if shown > 1:  # (the same slack as `seconds_left` and the chimes, hence the epsilons)
            moments.append(deadline - (shown - 1) - _EPSILON)
        for number, point in enumerate(step.chimes):
            offset = point.offset_in(duration)
            if number not in self._fired_chimes and offset > elapsed + _EPSILON:
                moments.append(began + offset - _EPSILON)
        cue = next_cue_after(step, elapsed + _EPSILON)
        if cue is not None and cue < duration:
            moments.append(began + cue - _EPSILON)
        if step.paced and not step.is_movement:
            movement, phase, _ = _breath_at(step, elapsed, duration)
            turn = movement * step.breath_seconds
            turn += step.inhale_seconds if phase is Breath.INHALE else step.breath_seconds
            if turn > elapsed + _EPSILON:
                moments.append(began + turn)
        return max(now, min(moments))

    def next_sound(self) -> float | None:
        """The clock time by which the next sound may be due, or None when not running.

        The step's next chime, its next lift (the movement cue), or its end (the next
        step may begin with a chime), whichever is first: the sound device is opened
        ahead of it.
        """
        if self._state is not EngineState.RUNNING:
            return None
        now = self._clock()
        duration = self._durations[self._index]
        began = self._deadline - duration
        elapsed = max(0.0, duration - (self._deadline - now))
        moments = [self._deadline]
        step = self.step
        for number, point in enumerate(step.chimes):
            if number not in self._fired_chimes:
                moments.append(began + point.offset_in(duration))
        if step.counts_lifts:
            moments.append(began + (int(elapsed // step.breath_seconds) + 1) * step.breath_seconds)
        return max(now, min(moments))

    # -- driving ---------------------------------------------------------

    def start(self) -> list[Event]:
        if self._state is not EngineState.READY:
            return []
        now = self._clock()
        self._state = EngineState.RUNNING
        self._last_tick = now
        return self._enter(0, deadline=now + self._durations[0], now=now)

    def tick(self) -> list[Event]:
        """Report what has happened since the last call."""
        return self._catch_up(self._clock())

    def pause(self) -> list[Event]:
        now = self._clock()
        events = self._catch_up(now)
        if self._state is EngineState.RUNNING:
            self._freeze(now)
            events.append(Paused())
        return events

    def resume(self) -> list[Event]:
        if self._state is not EngineState.PAUSED:
            return []
        now = self._clock()
        self._state = EngineState.RUNNING
        self._suspended = False
        self._deadline = now + self._frozen_remaining
        self._last_tick = now
        return [Resumed()]

    def toggle_pause(self) -> list[Event]:
        if self._state is EngineState.READY:
            return self.start()
        return self.resume() if self._state is EngineState.PAUSED else self.pause()

    def next(self) -> list[Event]:
        """Skip to the next step (the end of the practice after the last)."""
        return self._jump(lambda index: index + 1, Ending.SKIPPED)

    def previous(self) -> list[Event]:
        """Go back a step (the first step starts again)."""
        return self._jump(lambda index: max(0, index - 1), Ending.WENT_BACK)

    def restart_step(self) -> list[Event]:
        return self._jump(lambda index: index, Ending.RESTARTED)

    def adjust(self, direction: int) -> list[Event]:
        """Add (+1) or remove (-1) one unit of time: 5 s, a breath, or a lift on each side."""
        now = self._clock()
        events = self._catch_up(now)
        if self._state not in (EngineState.RUNNING, EngineState.PAUSED):
            return events
        step = self.step
        if step.is_end:
            return events
        duration = self._durations[self._index]
        remaining = self._remaining(now)
        elapsed = duration - remaining
        wanted = duration + math.copysign(_adjust_unit(step), direction)
        longest = step.duration + MAX_EXTRA_SECONDS
        shortest = min(duration, elapsed + MIN_SECONDS_LEFT)
        new_duration = min(longest, max(shortest, wanted))
        delta = new_duration - duration
        if delta == 0:
            return events
        self._durations[self._index] = new_duration
        if self._state is EngineState.RUNNING:
            self._deadline += delta
        else:
            self._frozen_remaining += delta
        # End-anchored chimes (3-2-1) move with the end and may sound again.
        for number, point in enumerate(step.chimes):
            if point.from_end and point.offset_in(new_duration) > elapsed + _EPSILON:
                self._fired_chimes.discard(number)
        events.append(TimeAdjusted(step_index=self._index, delta_seconds=delta))
        events.extend(self._report(elapsed, new_duration))
        return events

    def operate(self, operation: Operation) -> list[Event]:
        """Carry out what a key asked for; the events it caused, as from every call here."""
        match operation:
            case Operation.PAUSE:
                return self.pause()
            case Operation.RESUME:
                return self.resume()
            case Operation.TOGGLE_PAUSE:
                return self.toggle_pause()
            case Operation.NEXT:
                return self.next()
            case Operation.PREVIOUS:
                return self.previous()
            case Operation.RESTART:
                return self.restart_step()
            case Operation.MORE_TIME:
                return self.adjust(+1)
            case Operation.LESS_TIME:
                return self.adjust(-1)
            case Operation.SWAP_VERSION:
                return self.swap_version()
            case Operation.QUIT:
                return self.quit()

    def can_swap(self) -> bool:
        """Whether the current step has a fallback version to swap to."""
        return (
            self._state in (EngineState.RUNNING, EngineState.PAUSED)
            and self.step.fallback is not None
        )

    def swap_version(self) -> list[Event]:
        """Do the fallback version for the rest of this set's turn of the pose.

        From the get-ready step, its get-ready starts over with the fallback's; from
        a hold, the fallback's first hold starts. Paused stays paused.
        """
        now = self._clock()
        events = self._catch_up(now)
        if not self.can_swap():
            return events
        step = self.step
        fallback = step.fallback
        assert fallback is not None
        paused = self._state is EngineState.PAUSED
        if not paused:
            self._freeze(now)
        events.extend(self._leave(Ending.SWAPPED))
        self._put_in(fallback)
        target = fallback.first
        if not step.is_get_ready:
            target += next((n for n, s in enumerate(fallback.steps) if s.is_work), 0)
        events.append(
            VersionSwapped(
                from_version=step.version_id or "",
                to_version=fallback.version_id,
                timeline=self.timeline,
            )
        )
        events.extend(self._start_at(target, now, paused=paused))
        return events

    def quit(self) -> list[Event]:
        """Stop the practice; the steps already done stay done."""
        now = self._clock()
        events = self._catch_up(now)
        if self._state is EngineState.FINISHED:
            return events
        if self._state is EngineState.RUNNING:
            self._freeze(now)
        if self._state is not EngineState.READY:
            events.extend(self._leave(Ending.QUIT))
        self._state = EngineState.FINISHED
        events.append(self._finished(quit=True))
        return events

    # -- internals -------------------------------------------------------

    def _put_in(self, fallback: Fallback) -> None:
        """Replace the planned version's steps with the fallback's; later steps move along."""
        first, end = fallback.first, fallback.first + fallback.count
        new = fallback.steps
        moved = len(new) - fallback.count
        later = sum(s.duration for s in new) - sum(s.duration for s in self._steps[first:end])
        steps = (
            self._steps[:first]
            + new
            + tuple(_moved(step, moved, later) for step in self._steps[end:])
        )
        self._durations = (
            self._durations[:first] + [s.duration for s in new] + self._durations[end:]
        )
        self._steps = steps
        self._set_ends = _last_work_step_of_each_set(steps)
        self.timeline = replace(self.timeline, steps=steps)

    def _remaining(self, now: float) -> float:
        if self._state is EngineState.RUNNING:
            return self._deadline - now
        return self._frozen_remaining

    def _freeze(self, now: float) -> None:
        self._frozen_remaining = min(self._durations[self._index], max(0.0, self._deadline - now))
        self._state = EngineState.PAUSED

    def _catch_up(self, now: float) -> list[Event]:
        if self._state is not EngineState.RUNNING:
            return []
        if now - self._last_tick > self._suspend_after:
            # The machine slept (or the app was stopped): pause as of the last tick
            # so the gap is not counted, and let the user resume when back.
            gap = now - self._last_tick
            self._freeze(self._last_tick)
            self._suspended = True
            return [Suspended(gap_seconds=gap), Paused()]
        self._last_tick = now
        events: list[Event] = []
        while self._state is EngineState.RUNNING:
            duration = self._durations[self._index]
            remaining = self._deadline - now
            if remaining > _EPSILON:
                events.extend(self._report(duration - remaining, duration))
                break
            events.extend(self._report(duration, duration))
            events.extend(self._leave(Ending.COMPLETED))
            # Chain deadlines: the next step starts when this one was due to end.
            following = self._index + 1
            events.extend(
                self._enter(
                    following, deadline=self._deadline + self._durations[following], now=now
                )
            )
        return events

    def _jump(self, target: Callable[[int], int], ending: Ending) -> list[Event]:
        now = self._clock()
        events = self._catch_up(now)
        if self._state not in (EngineState.RUNNING, EngineState.PAUSED):
            return events
        if self._state is EngineState.RUNNING:
            self._freeze(now)
            paused = False
        else:
            paused = True
        events.extend(self._leave(ending))
        index = min(target(self._index), len(self._steps) - 1)
        events.extend(self._start_at(index, now, paused=paused))
        return events

    def _start_at(self, index: int, now: float, *, paused: bool) -> list[Event]:
        """Start step `index` afresh now; a paused practice stays paused on it."""
        self._state = EngineState.RUNNING
        self._last_tick = now
        events = self._enter(index, deadline=now + self._durations[index], now=now)
        if paused and self._state is EngineState.RUNNING:
            self._freeze(now)
        return events

    def _enter(self, index: int, deadline: float, now: float) -> list[Event]:
        self._index = index
        self._deadline = deadline
        self._shown_second = None
        self._fired_chimes = set()
        self._breath_key = None
        self._rep_key = None
        self._cue_key = None
        step = self._steps[index]
        events: list[Event] = [StepStarted(step=step)]
        if step.is_end:
            events.extend(self._report(0.0, 0.0))
            self._state = EngineState.FINISHED
            events.append(self._finished(quit=False))
            return events
        duration = self._durations[index]
        # A step already over by `now` (a very late tick) is reported by _catch_up.
        elapsed = min(duration, max(0.0, duration - (deadline - now)))
        events.extend(self._report(elapsed, duration))
        return events

    def _leave(self, ending: Ending) -> list[Event]:
        """Account for the current step as it is left behind."""
        step = self.step
        duration = self._durations[self._index]
        if ending is Ending.COMPLETED:
            active = duration
            self._completed += 1
        else:
            active = duration - self._frozen_remaining
            self._skipped += ending is Ending.SKIPPED and step.is_work
        self._ended_active += active
        events: list[Event] = [StepEnded(step=step, active_seconds=active, ending=ending)]
        if ending is Ending.COMPLETED and self._index in self._set_ends:
            assert step.set_number is not None
            assert step.set_count is not None
            events.append(SetFinished(set_number=step.set_number, set_count=step.set_count))
        return events

    def _finished(self, *, quit: bool) -> SessionFinished:
        return SessionFinished(
            active_seconds=self._ended_active,
            completed_steps=self._completed,
            skipped_steps=self._skipped,
            quit=quit,
        )

    def _report(self, elapsed: float, duration: float) -> list[Event]:
        """The events of the current step up to `elapsed`, each said once."""
        elapsed = max(0.0, elapsed)  # `deadline - now` may round to a hair over the duration
        step = self.step
        index = self._index
        events: list[Event] = []
        shown = seconds_left(duration - elapsed)
        if not step.is_end and shown != self._shown_second and shown > 0:
            self._shown_second = shown
            events.append(SecondChanged(step_index=index, seconds_left=shown))
        due = sorted(
            (point.offset_in(duration), number)
            for number, point in enumerate(step.chimes)
            if number not in self._fired_chimes
        )
        for offset, number in due:
            if offset <= elapsed + _EPSILON and (offset < duration or offset == 0):
                self._fired_chimes.add(number)
                point = step.chimes[number]
                events.append(ChimeDue(step_index=index, chime=point.chime, count=point.count))
        cues = walked_cues(step)
        if (
            cues
            and elapsed < duration
            and (slot := cue_slot(step, elapsed + _EPSILON)) != self._cue_key
        ):
            self._cue_key = slot
            cue = slot % len(cues)
            events.append(CueReached(step_index=index, cue=cue, text=cues[cue]))
        if step.paced and elapsed < duration:
            movement, phase, _ = _breath_at(step, elapsed, duration)
            total = _movements(step, duration)
            if step.counts_lifts and movement != self._rep_key:
                self._rep_key = movement
                events.append(
                    RepCounted(
                        step_index=index,
                        rep=movement // 2 + 1,
                        reps=math.ceil(total / 2),
                        side=_rep_side(movement),
                    )
                )
            if (movement, phase) != self._breath_key:
                self._breath_key = (movement, phase)
                events.append(
                    BreathPhaseChanged(
                        step_index=index, breath=movement + 1, breaths=total, phase=phase
                    )
                )
        return events


def _last_work_step_of_each_set(steps: tuple[Step, ...]) -> frozenset[int]:
    last: dict[int, int] = {}
    for step in steps:
        if step.is_work and step.set_number is not None:
            last[step.set_number] = step.index
    return frozenset(last.values())


def _moved(step: Step, by_steps: int, by_seconds: float) -> Step:
    """`step` where it now stands, after a swap earlier in the practice."""
    if by_steps == 0 and by_seconds == 0:
        return step
    fallback = step.fallback
    if fallback is not None:
        fallback = replace(
            fallback,
            first=fallback.first + by_steps,
            steps=tuple(_moved(s, by_steps, by_seconds) for s in fallback.steps),
        )
    return replace(
        step, index=step.index + by_steps, start=step.start + by_seconds, fallback=fallback
    )


def _movements(step: Step, duration: float) -> int:
    """Breaths (or single lifts) in a step of this duration, when it runs to its end."""
    return step.movements_done(duration, ran_out=True)


def _breath_at(step: Step, elapsed: float, duration: float) -> tuple[int, Breath, float]:
    """(0-based breath, inhale or exhale, progress through that phase) at `elapsed`."""
    if step.phase is not None:
        return 0, step.phase, min(1.0, elapsed / duration) if duration > 0 else 1.0
    movement = min(int(elapsed // step.breath_seconds), _movements(step, duration) - 1)
    into = elapsed - movement * step.breath_seconds
    if into < step.inhale_seconds:
        return movement, Breath.INHALE, into / step.inhale_seconds
    exhale = step.breath_seconds - step.inhale_seconds
    return movement, Breath.EXHALE, min(1.0, (into - step.inhale_seconds) / exhale)


def _rep_side(movement: int) -> Side:
    """Alternating lifts start with the left arm (and right leg), then swap each breath."""
    return Side.LEFT if movement % 2 == 0 else Side.RIGHT


def _adjust_unit(step: Step) -> float:
    if step.counts_lifts:
        return 2 * step.breath_seconds  # a lift on each side
    if step.paced:
        return step.breath_seconds
    return ADJUST_SECONDS
