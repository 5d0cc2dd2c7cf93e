"""A set card's recovery refresh run in steps over later notifications gives the same card events, in order."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

import pytest

import tremor.live.card_keeper as card_keeper
import tremor.live.refresh_steps as refresh_steps
import tremor.live.set_decisions as decisions
from tremor.live.array_source import ArraySource
from tremor.live.session import LiveSession
from tremor.report.json_report import report_bytes, to_report
from tremor.sim.session import simulate_session


def _card_events(tmp: Path, spread: bool, chunk: int) -> tuple[list[str], list[float], bytes]:
    rec = simulate_session(seed=5, fs_hz=100.0, labels=["fasciculations", "fatigue_tremor", "calm"]).recording
    events: list[str] = []
    at: list[float] = []

    def on_event(kind: str, payload: Any) -> None:
        if kind in ("card", "recovery", "card_final", "card_provisional", "card_withdrawn"):
            card = payload[0] if kind == "card_withdrawn" else payload
            events.append(
                f"{kind} {card.index} {card.status} {card.label} {card.recovery_twitches} {card.recovery_s!r} "
                + json.dumps(card.report, sort_keys=True)
            )
            at.append(session.time_s)

    session = LiveSession(
        ArraySource(rec.time_s, rec.acc_mps2, chunk),
        tmp / f"s{spread}{chunk}.tlog",
        on_event=on_event,
        clock=lambda: session.time_s,  # the refresh every 2 s of data, as live
        spread_refresh=spread,
    )
    asyncio.run(session.run())
    assert session.result is not None
    return events, at, report_bytes(to_report(session.result))


def _without_start(d: Any) -> Any:
    if isinstance(d, dict):
        return {k: _without_start(v) for k, v in d.items() if k != "start_unix_s"}
    if isinstance(d, list):
        return [_without_start(x) for x in d]
    return d


@pytest.mark.parametrize(("free", "chunk"), [(0, 18), (4, 36)])
def test_refresh_in_steps_gives_the_same_card_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, free: int, chunk: int
) -> None:
    whole, whole_at, whole_report = _card_events(tmp_path, False, chunk)
    # no CPU budget: the stages run one per notification (after ``free`` notifications), whatever the machine
    monkeypatch.setattr(refresh_steps, "REFRESH_STEP_BUDGET_S", 0.0)
    monkeypatch.setattr(refresh_steps, "REFRESH_LATE_NOTIFICATIONS", free)
    monkeypatch.setattr(refresh_steps, "REFRESH_OVERDUE_NOTIFICATIONS", free)
    monkeypatch.setattr(
        card_keeper, "REFRESH_LATE_NOTIFICATIONS", free
    )  # a final card's revision waits as long
    steps, steps_at, steps_report = _card_events(tmp_path, True, chunk)
    assert sum(e.startswith("recovery") for e in whole) >= 3
    assert steps == whole
    # the report's start time is the wall clock at the start of each run
    assert _without_start(json.loads(whole_report)) == _without_start(json.loads(steps_report))
    # the recovery events came later (the stages ran in later notifications), at the latest when the refresh after
    # the next was due (one is asked for at most every 2 s of data, in a notification of the set check every 1 s;
    # the next runs after it, and a third finishes it)
    late = [b - a for a, b, e in zip(whole_at, steps_at, whole) if e.startswith("recovery")]
    assert max(late) > 0.0 and max(late) <= 2 * decisions.RECOVERY_REFRESH_S + 2 * chunk / 100.0 + 1e-9
    print(f"{len(whole)} card events, {len(late)} refreshes, up to {max(late):.2f} s later")
