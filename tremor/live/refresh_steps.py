"""A set card's recovery refresh run in steps over the notifications after it is asked for (:class:`RefreshSteps`).

The recovery refresh (a summary of the whole session so far, some 10 ms at an hour) is not run inside
the notification that asks for it: its summary's inputs are taken then
(:meth:`~tremor.core.stream.LiveAnalyzer.result_steps`) and its stages run in the notifications that
follow: a stage runs where the notification's CPU so far plus that stage's cost in the previous refresh stays
under :data:`REFRESH_STEP_BUDGET_S`, and after :data:`REFRESH_LATE_NOTIFICATIONS` notifications one in each without
a set check (after :data:`REFRESH_OVERDUE_NOTIFICATIONS`, one in each whatever it costs); its ``recovery`` event
comes when the last stage is done (a second or so later), with what a summary at the moment it was asked for gives.
Before any other card event, or another summary, a refresh still in steps is finished (:meth:`RefreshSteps.settle`),
so the events come in the same order, each with the same content. The next refresh (2 s later) does not finish the
one still in steps at once (its last stages, several ms at an hour, landed on the notification of the set check):
its inputs are taken and it waits for that one, whose stages run on first; a third finishes the first.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator
from dataclasses import dataclass

from tremor.core.analysis import AnalysisResult
from tremor.errors import SamplingError
from tremor.live.set_card import SetCard

__all__ = [
    "Refresh",
    "RefreshSteps",
    "REFRESH_STEP_BUDGET_S",
    "REFRESH_STAGE_GUESS_S",
    "REFRESH_LATE_NOTIFICATIONS",
    "REFRESH_OVERDUE_NOTIFICATIONS",
]

#: A recovery refresh's next stage runs in a notification only where that notification's CPU so far (s, this thread,
#: counted from when the session began handling it) plus the stage's own cost in the previous refresh stays below
#: this: the stages go where the notification has little else to do (no set check, no frame or twitch block) ...
REFRESH_STEP_BUDGET_S = 0.004
#: ... (a stage not measured yet is taken to cost this much, s) ...
REFRESH_STAGE_GUESS_S = 0.001
#: ... and after this many notifications one stage in every notification without a set check, whatever it costs,
#: so that it ends before the next refresh is due (one every 2 s, some 11 notifications of 36 samples at 200 Hz) ...
REFRESH_LATE_NOTIFICATIONS = 8
#: ... and after this many, one in every notification.
REFRESH_OVERDUE_NOTIFICATIONS = 16


@dataclass
class Refresh:
    """A recovery refresh in steps: the card, its summary's remaining stages, the session time it was asked at."""

    card: SetCard
    steps: Generator[None, None, AnalysisResult]
    now_s: float
    waited: int = 0  # notifications since it was asked for
    stage: int = 0  # stages run so far


class RefreshSteps:
    """The recovery refresh running in steps, and the next one asked while it still runs.

    Parameters
    ----------
    done : callable(card, result, now_s)
        Called when a refresh's last stage is done, with its card, its summary (None where the summary could not
        be made: :class:`~tremor.errors.SamplingError`) and the session time (s) it was asked at.
    """

    def __init__(self, done: Callable[[SetCard, AnalysisResult | None, float], None]) -> None:
        self._done = done
        #: the recovery refresh running in steps
        self.pending: Refresh | None = None
        #: the next one, asked while that one was still running
        self.queued: Refresh | None = None
        self._stage_cost: dict[int, float] = {}  # CPU (s) of each stage of the last refresh, by its place

    def ask(self, job: Refresh) -> None:
        """Start ``job`` where no refresh runs, else queue it after the one running."""
        if self.pending is None:
            self.pending = job
        else:
            self.queued = job

    def notified(self) -> None:
        """A notification came: the refreshes asked in earlier ones have waited one more."""
        for job in (self.pending, self.queued):
            if job is not None:
                job.waited += 1

    def run(self, started: float, checked: bool) -> None:
        """Run the stages this notification has room for (module docstring).

        Parameters
        ----------
        started : float
            ``time.thread_time()`` when the session began handling the notification.
        checked : bool
            Whether the notification checked the sets.
        """
        ran = False
        while self.pending is not None:
            job = self.pending
            used = time.thread_time() - started
            if used + self._stage_cost.get(job.stage, REFRESH_STAGE_GUESS_S) < REFRESH_STEP_BUDGET_S or (
                not ran
                and (
                    job.waited > REFRESH_OVERDUE_NOTIFICATIONS
                    or (job.waited > REFRESH_LATE_NOTIFICATIONS and not checked)
                )
            ):
                self.step()
                ran = True
            else:
                break

    def step(self) -> None:
        """Run the pending refresh's next stage; after its last, hand its summary on (``done``)."""
        job = self.pending
        assert job is not None
        started = time.thread_time()
        try:
            next(job.steps)
            self._stage_cost[job.stage] = time.thread_time() - started
            job.stage += 1
            return
        except StopIteration as done:
            result: AnalysisResult | None = done.value
        except SamplingError:
            result = None
        self.pending, self.queued = self.queued, None
        self._done(job.card, result, job.now_s)

    def settle(self) -> None:
        """Finish the refreshes still running in steps, if any, in order."""
        while self.pending is not None:
            self.step()

    def make_room(self) -> None:
        """Finish the refresh running where another is queued, so that a new one can be queued."""
        while self.queued is not None:
            self.step()
