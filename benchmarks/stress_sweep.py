"""Sweep each stress condition across its range and print the analyser's figures as text tables.

Sessions come from ``tests/stress/scenarios.py`` (generated from the physics, independently of the
analyser) and are scored by ``tests/stress/scoring.py`` through the JSON report. Every session has a
fresh seed derived from the base seed (printed; replay with ``--seed``).

Usage::

    PYTHONPATH=. python benchmarks/stress_sweep.py [--quick] [--seed N] [--out FILE.md] [--jobs 2]

The full sweep (715 sessions) takes about 30-50 s on 2 cores, ``--quick`` (42) about 5 s.
"""

from __future__ import annotations

import argparse
import math
import sys
import time
import warnings
from collections import defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import tremor
from tests.stress import scenarios as S
from tests.stress.scoring import Score, score

Task = tuple[str, Any, Any, str, dict[str, Any], list[int]]


def _session(name: str, kwargs: dict[str, Any], seed: np.random.Generator) -> S.Scenario:
    if name == "twitch_interval":  # twitches at irregular intervals of iv to 1.5 iv
        iv = kwargs["interval"]
        b = S.SessionBuilder(kwargs["fs"], 120, seed, 0.015)
        b.add_rep_set(10, 35)
        b.add_twitches(
            b.twitch_times(40, 115, interval=(iv, 1.5 * iv), groups=kwargs["groups"]), peak=(0.15, 0.3)
        )
        return b.finish()
    if name == "walking":
        return S.gym_session(seed, kwargs["fs"], n_sets=2, walking=True)
    make: Callable[..., S.Scenario] = getattr(S, name)
    return make(seed, **kwargs)


def _run(task: Task) -> tuple[str, Any, Any, Score, float]:
    table, row, col, name, kwargs, seed_words = task
    warnings.simplefilter("ignore")
    t0 = time.perf_counter()
    sc = _session(name, kwargs, np.random.default_rng(np.random.SeedSequence(seed_words)))
    result = tremor.analyze(sc.recording)
    s = score(result, sc.truth)
    return table, row, col, s, time.perf_counter() - t0


def build_tasks(quick: bool, base: int) -> list[Task]:
    """Every (table, row, column, scenario, arguments, seed) of the sweep."""
    reps = 1 if quick else 4
    rates = [100] if quick else [50, 100, 200]
    tasks: list[Task] = []

    def add(table: str, row: Any, col: Any, name: str, kwargs: dict[str, Any], n: int = reps) -> None:
        for r in range(n):
            tasks.append((table, row, col, name, kwargs, [base, len(tasks), r]))

    amps = (
        [0.03, 0.06, 0.1, 0.15, 0.2, 0.3] if quick else [0.02, 0.03, 0.045, 0.06, 0.08, 0.1, 0.15, 0.2, 0.3]
    )
    for fs in [100, 200] if not quick else [100]:
        for a in amps:
            add(
                "twitch_amp",
                a,
                fs,
                "twitch_session",
                {"fs": fs, "peak": a, "noise": 0.015, "interval": (1.5, 3.0), "groups": False},
            )
        for iv in [0.3, 0.6, 1.5, 3.0] if quick else [0.3, 0.4, 0.6, 1.0, 1.5, 2.0, 3.0]:
            add("twitch_interval", iv, fs, "twitch_interval", {"fs": fs, "interval": iv, "groups": False})
        add(
            "twitch_interval",
            "1.5-2.25 + pairs/triplets",
            fs,
            "twitch_interval",
            {"fs": fs, "interval": 1.5, "groups": True},
        )
    for fs in rates:
        for ratio in [1.2, 2.0, 3.0, 4.0] if quick else [1.2, 1.5, 2.0, 2.5, 3.0, 4.0]:
            add("ratio", ratio, fs, "fatigue_session", {"fs": fs, "ratio": ratio})
        for gap in [0.05, 0.5, 3.0] if quick else [0.05, 0.2, 0.5, 1.0, 2.0, 3.0]:
            add("gap", gap, fs, "dropout_session", {"fs": fs, "gap_s": gap})
        for kind in S.VIGOROUS_KINDS:
            add("vigorous", kind, fs, "vigorous_session", {"fs": fs, "kind": kind})
        for f in [4.5, 16.0] if quick else [4.0, 4.5, 5.0, 14.0, 15.0, 16.0, 17.0]:
            add("oob", f, fs, "out_of_band_session", {"fs": fs, "freq_hz": f})
        for f0 in [7.0, 10.0] if quick else [6.5, 7.0, 8.0, 9.0, 10.0, 11.0, 12.0]:
            add("peak", f0, fs, "fatigue_session", {"fs": fs, "ratio": 3.0, "f_start": f0, "n_sets": 1})
        add("walking", "walks", fs, "walking", {"fs": fs})
    vib_f = [4.5, 8.0, 15.0] if quick else [3.0, 4.5, 6.0, 8.0, 10.0, 12.0, 14.0, 16.0, 20.0]
    vib_a = [0.05, 0.2, 0.5] if quick else [0.02, 0.05, 0.1, 0.2, 0.5]
    for f in vib_f:
        for a in vib_a:
            add(
                "vibration",
                f,
                a,
                "vibration_session",
                {"fs": 100, "freq_hz": f, "amp_mps2": a},
                n=1 if quick else 3,
            )
    # hard cases for the gait rule (appended last: the seeds of the tables above are unchanged)
    for fs in rates:
        add("gait", "rowing 0.5-0.9 Hz", fs, "rowing_session", {"fs": fs, "stroke_hz": (0.5, 0.9)})
        add(
            "gait",
            "ergometer, handle vibration",
            fs,
            "rowing_session",
            {"fs": fs, "stroke_hz": (0.5, 0.9), "handle_vibration": True},
        )
        add("gait", "reps 0.8-1/s, tremor 6-7 Hz", fs, "paced_tremor_session", {"fs": fs})
        for kind in ("walk", "carry", "run"):
            add("gait", f"gait: {kind}", fs, "gait_session", {"fs": fs, "kind": kind})
    return tasks


def _fmt(x: float, nd: int = 2) -> str:
    return "n/a" if math.isnan(x) else f"{x:.{nd}f}"


def _table(
    title: str,
    note: str,
    rows: list[Any],
    cols: list[Any],
    cell: Callable[[Score], str],
    scores: dict[tuple[Any, Any], Score],
    row_name: str,
    col_name: str,
) -> str:
    out = [
        f"### {title}",
        "",
        note,
        "",
        f"| {row_name} \\ {col_name} | " + " | ".join(str(c) for c in cols) + " |",
        "|---|" + "---|" * len(cols),
    ]
    for r in rows:
        out.append(
            f"| {r} | " + " | ".join(cell(scores[(r, c)]) if (r, c) in scores else "" for c in cols) + " |"
        )
    return "\n".join(out) + "\n"


def render(results: list[tuple[str, Any, Any, Score, float]], base: int, quick: bool, wall: float) -> str:
    """The markdown of all tables."""
    by: dict[str, dict[tuple[Any, Any], Score]] = defaultdict(dict)
    for table, row, col, s, _ in results:
        key = (row, col)
        by[table][key] = by[table][key] + s if key in by[table] else s

    def axes(table: str) -> tuple[list[Any], list[Any]]:
        keys = list(by[table])
        return list(dict.fromkeys(k[0] for k in keys)), list(dict.fromkeys(k[1] for k in keys))

    def tw(s: Score) -> str:
        return f"R {_fmt(s.twitch_recall)} P {_fmt(s.twitch_precision)} (n={s.twitch_tp + s.twitch_fn + s.twitch_weak_total})"

    def tw_all(s: Score) -> str:  # at the noise floor, recall over every true twitch
        n = s.twitch_tp + s.twitch_fn + s.twitch_weak_total
        found = s.twitch_tp + s.twitch_weak_found
        return f"R {_fmt(found / n if n else float('nan'))} P {_fmt(s.twitch_precision)} (n={n})"

    def lab(s: Score) -> str:
        tremor_called = s.label_errors.count("calm->fatigue_tremor")
        return f"{s.labels_correct}/{s.labels_total} ok" + (
            f", calm->fatigue {tremor_called}" if tremor_called else ""
        )

    def gap(s: Score) -> str:
        return (
            f"{s.sets_within}/{s.sets_true} in 1 s, med {_fmt(s.median_boundary_error)} "
            f"max {_fmt(s.max_boundary_error, 1)} s, +{s.sets_extra}"
        )

    def vib(s: Score) -> str:
        return f"{s.false_tremor_sets}+{s.false_episodes}" + f" /{s.sessions}"

    def vig(s: Score) -> str:
        return f"{s.sets_within}/{s.sets_true} found, {s.false_tremor_sets} tremor"

    def oob(s: Score) -> str:
        return (
            f"{s.episodes_found}/{s.episodes_true} found, {s.episodes_single} once, {s.false_episodes} false"
        )

    def pk(s: Score) -> str:
        return f"med {_fmt(float(np.median(s.peak_errors)) if s.peak_errors else float('nan'))} max {_fmt(s.max_peak_error)} Hz"

    def hard(s: Score) -> str:
        return (
            f"{s.sets_within}/{s.sets_true} sets in 1 s, +{s.sets_extra}, "
            f"{s.walks_as_sets}/{s.walks_true} walks as sets, {s.false_tremor_sets} tremor"
        )

    def walk(s: Score) -> str:
        return f"{s.walks_as_sets}/{s.walks_true} as sets, {s.false_tremor_sets} tremor"

    parts = [
        (
            f"## Stress sweep (base seed {base}{', quick' if quick else ''}; {len(results)} sessions, "
            f"{wall:.0f} s wall)"
        ),
        "",
        (
            "Generated by `benchmarks/stress_sweep.py` from `tests/stress/scenarios.py`; each cell sums its "
            "sessions (fresh seeds derived from the base seed)."
        ),
        "",
    ]
    specs = [
        (
            "twitch_amp",
            "Twitch recall vs peak amplitude",
            (
                "Isolated twitches 20-150 ms, 1.5-3 s apart, "
                "noise 0.015 m/s^2 per axis; recall over every true twitch (the floor is ~0.06)."
            ),
            tw_all,
            "peak m/s^2",
            "fs Hz",
        ),
        (
            "twitch_interval",
            "Twitch recall vs interval",
            (
                "Twitches (0.15-0.3 m/s^2, 20-150 ms) at irregular "
                "intervals of 1-1.5x the row's; the last row is 0.8-3 s apart with a third in pairs/triplets 0.3-0.6 s "
                "apart."
            ),
            tw,
            "interval s",
            "fs Hz",
        ),
        (
            "ratio",
            "Labels vs fatigue ratio",
            (
                "Sets with tremor growing by the ratio (last/first third power) "
                "alternating with calm sets; `ok` counts labels among the accepted ones (ambiguous where the "
                "observable ratio over the noise floor is 1.2-1.875)."
            ),
            lab,
            "ratio",
            "fs Hz",
        ),
        (
            "gap",
            "Set boundaries vs dropout length",
            (
                "Four 40 s sets, a dropout just inside the start, mid-set, "
                "before the end and just after; sets within 1 s, median/max boundary error, +extra sets."
            ),
            gap,
            "gap s",
            "fs Hz",
        ),
        (
            "vibration",
            "False tremor vs machine vibration (100 Hz)",
            (
                "Steady line with 2nd harmonic through "
                "two calm sets and rests; cell = sets read as tremor + out-of-band episodes reported / sessions."
            ),
            vib,
            "line Hz",
            "amplitude m/s^2",
        ),
        (
            "vigorous",
            "Vigorous rhythmic sets (no tremor)",
            ("Three sets each, growing harder; found within 1 s, and how many were labelled tremor."),
            vig,
            "kind",
            "fs Hz",
        ),
        (
            "walking",
            "Walking between sets",
            "Walks of 15-25 s (1.6-2 Hz steps) in a 2-set session.",
            walk,
            "",
            "fs Hz",
        ),
        (
            "gait",
            "Gait or set? Hard cases",
            (
                "Rowing at 0.5-0.9 strokes/s (on an ergometer: the fan's line on the handle), reps at a gait "
                "cadence with a 6-7 Hz tremor (sets); a walk, a walk carrying a weight (walking), a run at "
                "2.5-3 steps/s (not scored as a set: +1 extra where it is reported as one)."
            ),
            hard,
            "case",
            "fs Hz",
        ),
        (
            "oob",
            "Out-of-band rest tremor episodes",
            "Two episodes per session, 15-40 s, 0.05-0.2 m/s^2.",
            oob,
            "Hz",
            "fs Hz",
        ),
        (
            "peak",
            "Tremor peak frequency error vs starting frequency",
            (
                "One fatigue set (ratio 3, drifting "
                "0.3-1.5 Hz down); error against the power-weighted centre frequency."
            ),
            pk,
            "start Hz",
            "fs Hz",
        ),
    ]
    for table, title, note, cell, rn, cn in specs:
        if table in by:
            rows, cols = axes(table)
            parts.append(_table(title, note, rows, cols, cell, by[table], rn, cn))
    return "\n".join(parts)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--quick", action="store_true", help="a coarse grid, one seed per cell")
    p.add_argument("--seed", type=int, default=None, help="base seed (default: fresh, printed)")
    p.add_argument("--out", type=Path, default=None, help="also write the markdown here")
    p.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    p.add_argument(
        "--only",
        action="append",
        default=None,
        metavar="TABLE",
        help="run only this table (repeatable; e.g. twitch_amp, twitch_interval); seeds are those of the full sweep",
    )
    args = p.parse_args(argv)
    base = args.seed if args.seed is not None else int(np.random.SeedSequence().entropy % 2**31)  # type: ignore[operator]
    print(f"stress sweep base seed {base} (replay with --seed {base})", flush=True)
    tasks = build_tasks(args.quick, base)
    if args.only:
        tasks = [t for t in tasks if t[0] in args.only]
    t0 = time.perf_counter()
    if args.jobs > 1:
        with ProcessPoolExecutor(args.jobs) as ex:
            results = list(ex.map(_run, tasks, chunksize=2))
    else:
        results = [_run(t) for t in tasks]
    md = render(results, base, args.quick, time.perf_counter() - t0)
    print(md)
    if args.out:
        args.out.write_text(md + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
