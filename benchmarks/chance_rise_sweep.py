"""Fatigue called on steady and on rising tremor lines, over the rise, the hold's length and the rate (h-caff, issue 9).

Physics (written for this sweep, not the stress or red-team generators): a Lorentzian tremor line (complex white
noise through a one-pole low-pass, 0.3-1 Hz wide in 1 draw of 5, else 1-3 Hz), 7.5-11 Hz, on a forearm raised
into two holds of 20, 40 or 60 s (``gen.Session``: the resting wrist, its 8.5-10 Hz rest tremor and 0.008 m/s^2
sensor noise), its power growing ``rise`` times through each hold (1 = steady, 0.04-0.15 m/s^2; else from
0.02-0.08 m/s^2), drifting 0 or 0.3-1.5 Hz down in half the rising draws. A steady line's thirds scatter by about
1 / sqrt(B T), so it reads 1.5x by chance in short holds; a rising line's thirds show ``rise ** (2 / 3)``.

Run against two trees to compare rules (``PYTHONPATH=TREE python3 benchmarks/chance_rise_sweep.py --seed 11
--draws 324``): prints, per rise and hold length and per rise and rate, the sets called ``fatigue_tremor`` or
``mixed`` out of the sets found in the holds (steady: the false-fatigue rate; rising: the recall).
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

import numpy as np
from scipy.signal import lfilter

sys.path.insert(0, str(Path(__file__).resolve().parent / "redteam"))
import gen  # the red team's resting wrist (benchmarks/redteam/gen.py)

from tremor.core.analysis import analyze
from tremor.core.recording import Recording, SourceInfo

RISES = (1.0, 1.0, 1.5, 2.0, 3.0, 6.0)
HOLDS = (20.0, 40.0, 60.0)
RATES = (50.0, 100.0, 200.0)


def lorentz_line(n: int, fs: float, fc: np.ndarray, width_hz: float, rng: np.random.Generator) -> np.ndarray:
    """Unit-RMS Lorentzian line (full width at half power ``width_hz``) on the centre frequency ``fc`` (Hz, per
    sample)."""
    a = np.exp(-np.pi * width_hz / fs)
    z = rng.standard_normal(n + 4000) + 1j * rng.standard_normal(n + 4000)
    env = lfilter([1 - a], [1, -a], z)[4000:]
    x = np.real(env * np.exp(2j * np.pi * np.cumsum(fc) / fs))
    return np.asarray(x / np.std(x))


def session(
    fs: float, rng: np.random.Generator, hold: float, width_hz: float, a0: float, rise: float, drift: float
) -> tuple[np.ndarray, np.ndarray, list[tuple[float, float]]]:
    """60 s rest, two holds of ``hold`` s 60 s apart, 30 s rest: time, acceleration and the holds."""
    s = gen.Session(60 + 2 * hold + 60 + 30, fs, rng)
    holds = []
    for t0 in (60.0, 120.0 + hold):
        t1 = t0 + hold
        s.add_hold(t0, t1)
        m = s.mask(t0 + 1.0, t1 - 1.0)
        n = int(m.sum())
        u = np.linspace(0.0, 1.0, n)
        fc = rng.uniform(7.5, 11.0) - drift * u
        x = lorentz_line(n, fs, fc, width_hz, rng) * a0 * rise ** (0.5 * u)
        s.lin[m] += np.outer(x, gen.unit(rng))
        holds.append((t0, t1))
    return s.t, s.total(), holds


def main() -> None:
    """Run the sweep and print its tables."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=11)
    ap.add_argument(
        "--draws", type=int, default=324, help="sessions (54 per full cycle of rise x hold x rate)"
    )
    args = ap.parse_args()
    by_hold: dict[tuple[float, float], list[int]] = defaultdict(lambda: [0, 0])
    by_rate: dict[tuple[float, float], list[int]] = defaultdict(lambda: [0, 0])
    for k in range(args.draws):
        rng = np.random.default_rng([args.seed, k])
        fs, hold, rise = RATES[k % 3], HOLDS[(k // 3) % 3], RISES[(k // 9) % 6]
        width = float(rng.uniform(1.0, 3.0)) if rng.random() < 0.8 else float(rng.uniform(0.3, 1.0))
        drift = 0.0 if rise == 1.0 else float(rng.choice([0.0, rng.uniform(0.3, 1.5)]))
        a0 = float(rng.uniform(0.04, 0.15)) if rise == 1.0 else float(rng.uniform(0.02, 0.08))
        t, acc, holds = session(fs, rng, hold, width, a0, rise, drift)
        rec = Recording(t, acc, True, SourceInfo(path="sweep.csv", format="generic_csv", units="m/s^2"))
        for s in analyze(rec).sets:
            if not s.metrics.assessable or not any(s.span.start_s < b and s.span.end_s > a for a, b in holds):
                continue
            called = s.label in ("fatigue_tremor", "mixed")
            for table, key in ((by_hold, (rise, hold)), (by_rate, (rise, fs))):
                table[key][0] += called
                table[key][1] += 1
    for title, table in (("hold s", by_hold), ("rate Hz", by_rate)):
        print(f"\nrise over the hold \\ {title}: sets called fatigue / sets")
        for rise in sorted({r for r, _ in table}):
            cells = [
                f"{c}: {table[(rise, c)][0]}/{table[(rise, c)][1]}" for c in sorted({c for _, c in table})
            ]
            print(f"{rise:g}x  " + "  ".join(cells))


if __name__ == "__main__":
    main()
