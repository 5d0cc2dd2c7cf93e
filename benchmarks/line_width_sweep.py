"""Fatigue called on steady and rising tremor lines over the line's width and the hold's length (h-fatse, issue 9).

Physics (this sweep's own, beside ``chance_rise_sweep.py``): a Lorentzian tremor line (complex white noise through
a one-pole low-pass, full width at half power ``--widths`` Hz), 7.5-11 Hz, on a forearm raised into two holds of
``--holds`` s (``gen.Session``: the resting wrist, its 8.5-10 Hz rest tremor and 0.008 m/s^2 sensor noise). A
steady line (0.04-0.15 m/s^2) keeps its power; a rising one (0.02-0.08 m/s^2 at its start) grows 1.5, 2, 3 or 4
times in power along a logistic step centred 35 % ("early") or 65 % ("late") into the hold, 10 % of it wide. A
steady line's third holds about ``pi B T`` independent draws of its power, so a 0.1-0.3 Hz wide line reads 2x by
chance in a short hold.

Before and after come from one run: each set's label as the analysis gave it (the line-width rule,
:func:`tremor.core.set_labels.rise_sd`) and the label of the same measures without the line's standard error
(``rise_line_sd=None``: the rule before h-fatse, the 2x path with no standard error), both by
:func:`tremor.core.set_labels.label_set` (a set whose label the analysis changed after it is counted under
"other" and left out). Prints per width and hold: steady sets called fatigue before -> after, and per rise and
timing the rising sets called fatigue before -> after (``fatigue_tremor`` or ``mixed``), with what the sets no longer
called fatigue became.

``PYTHONPATH=. python3 benchmarks/line_width_sweep.py --seed 2611301 --draws 6``
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import Counter, defaultdict
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent / "redteam"))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import gen  # the red team's resting wrist (benchmarks/redteam/gen.py)
from chance_rise_sweep import lorentz_line

from tremor.core.analysis import analyze
from tremor.core.recording import Recording, SourceInfo
from tremor.core.set_labels import label_set

FATIGUE = ("fatigue_tremor", "mixed")
RISES = (1.0, 1.5, 2.0, 3.0, 4.0)


def session(
    fs: float, rng: np.random.Generator, hold: float, width_hz: float, rise: float, centre: float
) -> tuple[np.ndarray, np.ndarray, list[tuple[float, float]]]:
    """40 s rest, two holds of ``hold`` s 30 s apart, 20 s rest: time, acceleration and the holds."""
    s = gen.Session(40 + 2 * hold + 30 + 20, fs, rng)
    holds = []
    for t0 in (40.0, 70.0 + hold):
        t1 = t0 + hold
        s.add_hold(t0, t1)
        m = s.mask(t0 + 1.0, t1 - 1.0)
        n = int(m.sum())
        u = np.linspace(0.0, 1.0, n)
        step = 1.0 / (1.0 + np.exp(-(u - centre) / 0.1 * 4.0))
        a0 = float(rng.uniform(0.04, 0.15)) if rise == 1.0 else float(rng.uniform(0.02, 0.08))
        fc = np.full(n, rng.uniform(7.5, 11.0))
        x = lorentz_line(n, fs, fc, width_hz, rng) * a0 * rise ** (0.5 * step)
        s.lin[m] += np.outer(x, gen.unit(rng))
        holds.append((t0, t1))
    return s.t, s.total(), holds


def main() -> None:
    """Run the sweep and print its tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=2611301)
    ap.add_argument(
        "--draws", type=int, default=6, help="sessions (2 holds each) per width, hold, rise and timing"
    )
    ap.add_argument("--widths", type=float, nargs="+", default=[0.1, 0.3, 1.0, 3.0])
    ap.add_argument("--holds", type=float, nargs="+", default=[10.0, 20.0, 40.0, 60.0])
    ap.add_argument("--fs", type=float, default=100.0)
    args = ap.parse_args()
    cells: dict[tuple[float, float, float, str], list[int]] = defaultdict(lambda: [0, 0, 0])
    became: Counter[str] = Counter()
    other = 0
    cases = [(1.0, "steady", 0.5)] + [
        (r, w, c) for r in RISES[1:] for w, c in (("early", 0.35), ("late", 0.65))
    ]
    for iw, width in enumerate(args.widths):
        for ih, hold in enumerate(args.holds):
            for ic, (rise, when, centre) in enumerate(cases):
                for k in range(args.draws):
                    rng = np.random.default_rng([args.seed, iw, ih, ic, k])
                    t, acc, holds = session(args.fs, rng, hold, width, rise, centre)
                    info = SourceInfo(path="sweep.csv", format="generic_csv", units="m/s^2")
                    for s in analyze(Recording(t, acc, True, info)).sets:
                        if not s.metrics.assessable or not any(
                            s.span.start_s < b and s.span.end_s > a for a, b in holds
                        ):
                            continue
                        floors = [
                            f for f in (False, True) if label_set(s.metrics, rest_at_floor=f) == s.label
                        ]
                        if not floors:
                            other += 1
                            continue
                        old = label_set(
                            dataclasses.replace(s.metrics, rise_line_sd=None), rest_at_floor=floors[0]
                        )
                        cell = cells[(width, hold, rise, when)]
                        cell[0] += old in FATIGUE
                        cell[1] += s.label in FATIGUE
                        cell[2] += 1
                        if old in FATIGUE and s.label not in FATIGUE:
                            became[f"{'steady' if rise == 1.0 else 'rising'} -> {s.label}"] += 1
            print(f"width {width:g} Hz, hold {hold:g} s done", file=sys.stderr, flush=True)
    for rise, when, _ in cases:
        print(
            f"\n{rise:g}x {when}: sets called fatigue before -> after / sets, per width (rows) and hold (columns)"
        )
        print("width  " + "  ".join(f"{h:>11g} s" for h in args.holds))
        for width in args.widths:
            row = [cells[(width, h, rise, when)] for h in args.holds]
            print(f"{width:<5g}  " + "  ".join(f"{a:>3d}->{b:<3d}/{n:<3d}" for a, b, n in row))
    print(f"\nno longer fatigue: {dict(became)}; sets relabelled after label_set (left out): {other}")


if __name__ == "__main__":
    main()
