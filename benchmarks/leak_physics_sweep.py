"""Movement leakage on both sides of its rules (issue 9): curls' harmonics that are not tremor, tremor that is.

Recordings come from :func:`oob_physics_sweep.session` (the physics is described there: a resting wrist,
curls turning the forearm ``amp`` deg at ``f`` Hz, sinusoidal or with a quick lift in 35 % of each rep),
built independently of :mod:`tremor.sim` and ``benchmarks/redteam``. Here a 6-12 Hz tremor is added
through the 40 s set: a line at 7-11 Hz with phase diffusion (0.3-1 Hz wide) in a random direction, its
RMS ``rms`` either steady (enhanced) or rising linearly from ``rms / 3`` to ``rms`` (fatigue), the RMS
being the mean over the set.

Each cell counts the sets labelled ``enhanced_tremor``, ``fatigue_tremor`` or ``mixed`` (tremor found) and
``not_assessable`` (movement). On the false side (no tremor beyond rest) every tremor label is false; on
the true side a tremor label is a find and ``not_assessable`` is honest but a miss. Run it with the code to
measure on ``PYTHONPATH``:

    PYTHONPATH=$PWD nice -n 10 python3 benchmarks/leak_physics_sweep.py --seeds 2 --base-seed 5101

It prints one line per cell (counts over the seeds) and the totals.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
from oob_physics_sweep import FS, SET, session

from tremor.core.analysis import analyze
from tremor.core.recording import Recording

TREMOR = ("enhanced_tremor", "fatigue_tremor", "mixed")


def with_tremor(rec: Recording, rng: np.random.Generator, rms: float, rising: bool) -> Recording:
    """``rec`` with a 6-12 Hz tremor line of mean RMS ``rms`` through the set, steady or rising 3x."""
    t = rec.time_s
    m = (t >= SET[0]) & (t < SET[1])
    k = int(m.sum())
    walk = np.cumsum(rng.normal(0.0, 1.0, k)) * np.sqrt(2 * np.pi * rng.uniform(0.3, 1.0) / FS)
    x = np.sin(2 * np.pi * rng.uniform(7.0, 11.0) * np.arange(k) / FS + walk)
    env = np.linspace(1.0 / 3.0, 1.0, k) if rising else np.ones(k)
    x *= env / np.sqrt(np.mean((x * env) ** 2)) * rms
    v = rng.normal(size=3)
    acc = rec.acc_mps2.copy()
    acc[m] += np.outer(x, v / np.linalg.norm(v))
    return Recording(t, acc, True, rec.source)


def labels(rec: Recording) -> tuple[int, int]:
    """Sets labelled with a tremor label, and sets not assessable for movement."""
    res = analyze(rec)
    found = sum(s.label in TREMOR for s in res.sets)
    moved = sum(
        s.label == "not_assessable" and s.metrics.not_assessable_reason == "movement" for s in res.sets
    )
    return found, moved


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seeds", type=int, default=2)
    ap.add_argument("--base-seed", type=int, required=True)
    ap.add_argument("--only", choices=["false", "true"], default=None)
    a = ap.parse_args()
    seeds = [a.base_seed + i for i in range(a.seeds)]
    cells = list(itertools.product((0.3, 0.33, 0.5, 0.8), (60, 90, 130), (None, 0.35)))

    def rng(*key: float) -> np.random.Generator:
        return np.random.default_rng([int(round(k * 1000)) for k in key])

    if a.only in (None, "false"):
        tot = [0, 0, 0]
        for f, amp, lift in cells:
            fl = mv = 0
            for s in seeds:
                x, y = labels(session(rng(s, f, amp, lift or 0), curls=(f, amp, lift)))
                fl, mv = fl + x, mv + y
            tot = [tot[0] + fl, tot[1] + mv, tot[2] + len(seeds)]
            print(
                f"curls f={f} amp={amp} lift={lift}: tremor labels {fl}, not_assessable {mv} / {len(seeds)}"
            )
        print(f"FALSE side total: tremor labels {tot[0]}, not_assessable {tot[1]} of {tot[2]} sets")
    if a.only in (None, "true"):
        tot = [0, 0, 0]
        for (f, amp, lift), rms, rising in itertools.product(cells, (0.02, 0.05, 0.1, 0.2), (False, True)):
            fd = mv = 0
            for s in seeds:
                g = rng(s, f, amp, lift or 0, rms, rising)
                rec = with_tremor(session(g, curls=(f, amp, lift)), g, rms, rising)
                x, y = labels(rec)
                fd, mv = fd + x, mv + y
            tot = [tot[0] + fd, tot[1] + mv, tot[2] + len(seeds)]
            print(
                f"tremor {rms} {'rising' if rising else 'steady'} in curls f={f} amp={amp} lift={lift}: "
                f"found {fd}, not_assessable {mv} / {len(seeds)}"
            )
        print(f"TRUE side total: found {tot[0]}, not_assessable {tot[1]} of {tot[2]} sets")


if __name__ == "__main__":
    main()
