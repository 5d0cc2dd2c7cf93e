"""Two wrists at once, live: a left and a right source, each in its own live session, compared set by set.

:class:`PairSession` runs two :class:`~tremor.live.session.LiveSession` objects side by side on one
event loop (two bands, a band and a phone, two phones): each side has its own pipeline, its own log
(``firmware_logs`` format, with ``"side": "left"`` or ``"right"`` in its ``H`` record) and its own set
detection. Nothing is merged sample by sample.

Timelines are aligned by the samples' time stamps, not by when they arrive: each session maps its
device clock to the host's wall clock once (the log header's ``device_time_unix_offset_ns``), so
each side's results carry the wall-clock time of their first sample (``start_unix_s``), and
:func:`tremor.core.pairing.compare_pair` puts the right timeline on the left's by those (a side whose
notifications come late, or in bursts, is still aligned by its stamps).

Whenever either side confirms a set, both sides' results so far are compared with
:func:`~tremor.core.pairing.compare_pair` (the code of ``tremor analyze LEFT RIGHT --pair``); a set
seen on both sides for the first time gives a :class:`PairCard` (event ``("pair", "pair_card",
card)``) with the left/right numbers and the ``muscle_imbalance`` judgement so far. At the end the
two final results are compared once more (:attr:`PairSession.pair`): the same comparison as
``tremor analyze LEFT.tlog RIGHT.tlog --pair`` of the two logs.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tremor.core.analysis import AnalysisResult
from tremor.core.causes import Cause
from tremor.core.pairing import PairResult, SetComparison, compare_pair
from tremor.errors import SamplingError, printable
from tremor.live.session import LiveSession
from tremor.live.session_view import SessionState
from tremor.live.set_decisions import SetCard

__all__ = ["SIDES", "PairCard", "PairSession", "pair_log_paths"]

SIDES = ("left", "right")

PairEventCallback = Callable[[str, str, Any], None]


@dataclass
class PairCard:
    """A set seen on both sides: the comparison of the results so far when it was first seen."""

    comparison: SetComparison
    cards: dict[str, SetCard | None]  # each side's set card
    imbalance: Cause | None  # muscle_imbalance over the sets compared so far (None: not named)
    notes: tuple[str, ...]  # compare_pair's notes so far
    sets_compared: int
    offset_s: float | None  # the right timeline's start on the left's (s)
    printed_wall_s: float = 0.0


def pair_log_paths(log: str | Path) -> dict[str, Path]:
    """The two logs of a pair session from one name: ``NAME-left.tlog`` and ``NAME-right.tlog``.

    Parameters
    ----------
    log : str or Path
        ``NAME.tlog`` (or ``NAME``).

    Returns
    -------
    dict
        ``{"left": Path, "right": Path}``.
    """
    p = Path(log)
    stem = p.name[: -len(".tlog")] if p.name.endswith(".tlog") else p.name
    return {side: p.with_name(f"{stem}-{side}.tlog") for side in SIDES}


class PairSession:
    """Two live sessions, left and right, and their set-by-set comparison.

    Parameters
    ----------
    streams : dict
        ``{"left": source, "right": source}``: unopened sample sources (a
        :class:`~tremor.ble.BandStream` or a phone source) for :class:`~tremor.live.session.LiveSession`.
    log_paths : dict
        ``{"left": path, "right": path}``: a new ``.tlog`` for each side.
    context : dict, optional
        Parsed user context, for both sides.
    auto_sets : bool
        Detect sets automatically (each side on its own) as well as from key presses.
    on_event : callable(side, kind, payload), optional
        ``side`` is ``"left"`` or ``"right"`` for a session's own events (see
        :class:`~tremor.live.session.LiveSession`), or ``"pair"`` for ``("pair_card", PairCard)``
        and ``("message", str)``.
    """

    def __init__(
        self,
        streams: dict[str, Any],
        log_paths: dict[str, str | Path],
        *,
        context: dict[str, Any] | None = None,
        auto_sets: bool = True,
        on_event: PairEventCallback | None = None,
    ) -> None:
        if set(streams) != set(SIDES) or set(log_paths) != set(SIDES):
            raise ValueError(f"streams and log_paths need exactly the sides {SIDES}")
        if Path(log_paths["left"]) == Path(log_paths["right"]):
            raise ValueError("the two sides need two log files")
        self._on_event = on_event
        self.sessions: dict[str, LiveSession] = {
            side: LiveSession(
                streams[side],
                log_paths[side],
                context=context,
                auto_sets=auto_sets,
                on_event=self._side_handler(side),
                log_fields={"side": side},
            )
            for side in SIDES
        }
        self.pair: PairResult | None = None  # the latest comparison (the final one after run())
        self.pair_cards: list[PairCard] = []
        self.errors: dict[str, BaseException] = {}
        #: a side lost for good: the time (s, on that side's own timeline) of its last sample
        self.lost_at_s: dict[str, float] = {}
        self.stop_reason: str | None = None
        self._shown: set[tuple[int, int]] = set()
        self._tasks: dict[str, asyncio.Task[Any]] = {}

    # ------------------------------------------------------------------ events
    def _emit(self, side: str, kind: str, payload: Any) -> None:
        if self._on_event is not None:
            self._on_event(side, kind, payload)

    def _side_handler(self, side: str) -> Callable[[str, Any], None]:
        def handle(kind: str, payload: Any) -> None:
            self._emit(side, kind, payload)
            if kind == "card":  # a confirmed set on this side: is it now seen on both?
                self.compare_now()

        return handle

    # ------------------------------------------------------------------ properties
    @property
    def state(self) -> SessionState:
        """CLOSED once both sides are closed; otherwise the less advanced side's state."""
        states = [s.state for s in self.sessions.values()]
        if all(st is SessionState.CLOSED for st in states):
            return SessionState.CLOSED
        order = list(SessionState)
        return min((st for st in states if st is not SessionState.CLOSED), key=order.index)

    @property
    def results(self) -> dict[str, AnalysisResult | None]:
        """Each side's final result (None before the end, or where too little was received)."""
        return {side: s.result for side, s in self.sessions.items()}

    # ------------------------------------------------------------------ running
    async def run(self) -> PairResult | None:
        """Run both sides until both have ended; compare their final results.

        A side that fails (its band lost for good, no band found) is kept in :attr:`errors`; the
        other side goes on, unless the failing side never streamed, in which case both stop (there
        is no pair to compare). Cancelling stops both sides cleanly (their logs are closed).

        Returns
        -------
        PairResult or None
            The comparison of the two final results (None where a side has no result).
        """
        loop = asyncio.get_running_loop()
        self._tasks = {side: loop.create_task(self._run_side(side)) for side in SIDES}
        try:
            await asyncio.gather(*self._tasks.values())
        except asyncio.CancelledError:
            for task in self._tasks.values():
                task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.gather(*self._tasks.values(), return_exceptions=True)
            raise
        left, right = self.sessions["left"].result, self.sessions["right"].result
        self.pair = compare_pair(left, right) if left is not None and right is not None else None
        return self.pair

    async def _run_side(self, side: str) -> None:
        session = self.sessions[side]
        try:
            await session.run()
        except asyncio.CancelledError:
            raise
        except Exception as exc:
            self.errors[side] = exc
            other = "right" if side == "left" else "left"
            if session.time_s <= 0.0 and session.result is None:
                self._emit("pair", "message", f"{side}: {printable(str(exc))}; stopping the {other} side too")
                self.sessions[other].request_stop(f"the {side} side failed: {printable(str(exc))}")
            else:
                self.lost_at_s[side] = session.time_s
                self._emit(
                    "pair",
                    "message",
                    f"{side.upper()} side lost at {session.time_s:.1f} s: {printable(str(exc))}; the {other} "
                    f"side goes on alone, and its sets from now on cannot be compared",
                )

    def request_stop(self, reason: str = "stopped by the user") -> None:
        """End both sides soon and cleanly (see :meth:`LiveSession.request_stop`).

        Parameters
        ----------
        reason : str
            Why the sessions stop.
        """
        self.stop_reason = self.stop_reason or reason
        for s in self.sessions.values():
            s.request_stop(reason)

    def toggle_set(self) -> str:
        """A key press: start (or end) a set on both sides at once.

        Returns
        -------
        str
            What happened on each side, as text for the display.
        """
        return "; ".join(f"{side}: {self.sessions[side].toggle_set()}" for side in SIDES)

    # ------------------------------------------------------------------ comparing
    def compare_now(self) -> PairResult | None:
        """Compare both sides' results so far; issue a :class:`PairCard` for each newly shared set.

        Returns
        -------
        PairResult or None
            The comparison (None while a side has nothing to analyse yet).
        """
        results = {side: _result_so_far(s) for side, s in self.sessions.items()}
        left, right = results["left"], results["right"]
        if left is None or right is None:
            return None
        pair = compare_pair(left, right)
        self.pair = pair
        imbalance = next((c for c in pair.causes if c.id == "muscle_imbalance"), None)
        for c in pair.sets:
            key = (c.left.index, c.right.index)
            if key in self._shown:
                continue
            self._shown.add(key)
            card = PairCard(
                comparison=c,
                cards={
                    "left": _card(self.sessions["left"], c.left.index),
                    "right": _card(self.sessions["right"], c.right.index),
                },
                imbalance=imbalance,
                notes=pair.notes,
                sets_compared=len(pair.sets),
                offset_s=pair.alignment.offset_s,
                printed_wall_s=time.monotonic(),
            )
            self.pair_cards.append(card)
            self._emit("pair", "pair_card", card)
        return pair


def _result_so_far(session: LiveSession) -> AnalysisResult | None:
    if session.result is not None:
        return session.result
    if session.analyzer is None or session.time_s <= 0.0:
        return None
    try:
        return session.analyzer.result()
    except SamplingError:
        return None


def _card(session: LiveSession, index: int) -> SetCard | None:
    return next((c for c in session.cards if c.index == index), None)
