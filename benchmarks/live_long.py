"""Benchmark of a long live session at the real cadence (not a test): CPU per notification over 1 h.

    python benchmarks/live_long.py [--hours 1] [--fs 200] [--chunk 36] [--cards FILE]

A simulated session (seed 3, 200 Hz, sets of about 30-40 s with 1-2 min rests tiled to ``--hours``) is
fed in ``--chunk``-sample notifications to a :class:`tremor.live.session.LiveSession` (log, analyzer,
automatic sets, cards), in process, as fast as it takes them. The set card's recovery refresh is
paced by a wall clock (every :data:`tremor.live.set_decisions.RECOVERY_REFRESH_S` s); here that
clock is the session time (the recording's own time stamps), so the refresh runs as often per second
of data as it does live, which a replay at 20x pace (``live_bench.py``) hides: there it runs every
40 s of data instead of every 2 s. The automatic set check runs every
:data:`~tremor.live.set_decisions.AUTO_CHECK_S` s of session time in both.

Each notification's handling is timed in CPU seconds of this thread (``time.thread_time``, so other
processes' load barely moves it) from the moment the source hands it over until the session asks
for the next one; its wall time (``time.perf_counter``) is printed too. Printed: p50 / p99 / max per notification in ms, overall and per quarter of the
session (a cost that grows with the session shows in the later quarters), and the share of one core
at real time. Targets (issue 3, as ``live_bench.py``): p99 under 5 ms per notification, under 2 % of
a core per band.

``--cards FILE`` writes every card event (kind, card index, label, recovery count and time, and the
card's report entry as JSON) to FILE, and ``--report FILE`` the session's final JSON report, to compare
two versions of the code.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from tremor.live.array_source import ArraySource
from tremor.live.session import LiveSession
from tremor.report.json_report import report_bytes, to_report
from tremor.sim.session import simulate_session

#: Sets per simulated session; each set with its rest lasts about 100 s.
SETS_PER_HOUR = 35


class TimedReplay(ArraySource):
    """A recording as a sample source, timing the CPU the consumer spends on each item."""

    def __init__(self, t_s: np.ndarray, acc: np.ndarray, chunk: int) -> None:
        super().__init__(t_s, acc, chunk)
        self._handed: float | None = None
        self._handed_wall = 0.0
        #: CPU seconds (this thread) spent by the consumer on each item
        self.cpu: list[float] = []
        #: wall seconds (``time.perf_counter``) from handing each item over until the next was asked for
        self.wall: list[float] = []
        #: session time (s) of the last sample of each timed item
        self.at_s: list[float] = []
        self._last_item_s = 0.0

    async def __anext__(self) -> Any:
        now, now_wall = time.thread_time(), time.perf_counter()
        if self._handed is not None:
            self.cpu.append(now - self._handed)
            self.wall.append(now_wall - self._handed_wall)
            self.at_s.append(self._last_item_s)
        item = await super().__anext__()
        self._last_item_s = float((item.device_time_ns[-1] - self._t_ns[0]) / 1e9)
        self._handed, self._handed_wall = time.thread_time(), time.perf_counter()
        return item


def card_line(kind: str, payload: Any) -> str | None:
    """One line of text for a card event (None for other events)."""
    card = payload[0] if kind == "card_withdrawn" else payload
    if kind not in ("card", "recovery", "card_final", "card_provisional", "card_withdrawn"):
        return None
    return (
        f"{kind} {card.index} {card.status} {card.start_s:.3f}-{card.end_s:.3f} {card.label} "
        f"rec {card.recovery_twitches} {card.recovery_s:.3f} {card.recovery_rate_per_min} "
        + json.dumps(card.report, sort_keys=True)
    )


async def run(hours: float, fs: float, chunk: int, tmp: Path) -> tuple[TimedReplay, LiveSession, list[str]]:
    recs = [
        simulate_session(seed=3 + k, fs_hz=fs, n_sets=SETS_PER_HOUR).recording
        for k in range(max(1, int(np.ceil(hours))))
    ]
    t = np.concatenate([r.time_s + k * 3600.0 for k, r in enumerate(recs)])
    acc = np.vstack([r.acc_mps2 for r in recs])
    keep = t < hours * 3600.0
    source = TimedReplay(t[keep], acc[keep], chunk)
    lines: list[str] = []

    def on_event(kind: str, payload: Any) -> None:
        line = card_line(kind, payload)
        if line is not None:
            lines.append(f"{session.time_s:.3f} {line}")

    session = LiveSession(source, tmp / "long.tlog", on_event=on_event, clock=lambda: session.time_s)
    await session.run()
    return source, session, lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--hours", type=float, default=1.0, help="hours of data (default 1)")
    ap.add_argument("--fs", type=float, default=200.0, help="sampling rate in Hz (default 200)")
    ap.add_argument("--chunk", type=int, default=36, help="samples per notification (default 36, PMD)")
    ap.add_argument("--cards", type=Path, help="write the card events to this file")
    ap.add_argument("--report", type=Path, help="write the session's final JSON report to this file")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        source, session, lines = asyncio.run(run(args.hours, args.fs, args.chunk, Path(d)))
    cpu = np.array(source.cpu) * 1e3
    wall = np.array(source.wall) * 1e3
    at = np.array(source.at_s)
    data_s = session.time_s
    print(
        f"{data_s / 60:.0f} min of {args.fs:g} Hz data, {cpu.size} notifications of {args.chunk} samples, "
        f"{len(session.cards)} set cards; recovery refresh paced by session time (the real cadence)"
    )
    print(
        f"  CPU per notification: p50 {np.percentile(cpu, 50):.3f} ms, p99 {np.percentile(cpu, 99):.3f} ms, "
        f"max {cpu.max():.1f} ms   (target p99 < 5 ms)"
    )
    for q in range(4):
        sel = (at >= q * data_s / 4) & (at < (q + 1) * data_s / 4 + (q == 3))
        if sel.any():
            print(
                f"    minutes {q * data_s / 240:3.0f}-{(q + 1) * data_s / 240:3.0f}: p50 "
                f"{np.percentile(cpu[sel], 50):.3f} ms, p99 {np.percentile(cpu[sel], 99):.3f} ms, "
                f"max {cpu[sel].max():.1f} ms"
            )
    print(
        f"  wall per notification: p50 {np.percentile(wall, 50):.3f} ms, p99 {np.percentile(wall, 99):.3f} ms, "
        f"max {wall.max():.1f} ms   (includes waiting for a core on a loaded machine)"
    )
    print(
        f"  CPU share at real time: {cpu.sum() / 1e3 / data_s * 100:.3f} % of a core per band (target < 2 %)"
    )
    if args.cards is not None:
        args.cards.write_text("\n".join(lines) + "\n", encoding="utf-8")
        print(f"  {len(lines)} card events written to {args.cards}")
    if args.report is not None and session.result is not None:
        args.report.write_bytes(report_bytes(to_report(session.result)))
        print(f"  final report written to {args.report}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
