"""Runs by arm swing and cadence against full jacks, ropes and high knees: which read as a run, and which as a set
that :func:`tremor.core.turned_run.turned_run` flags as possibly a run (issue 9; FINDINGS "A sprinter's arm swing
reads as a set (h-runswing)").

Bouts come from tests/core/arm3d_physics.py (a 3-D two-link arm on a bouncing trunk), 30 s each between two 5 s
stands, judged as :mod:`benchmarks.jack_run_sweep` judges them (the bout's frames 2.5 s inside its edges at a run's
cadence, together). For each kind and rate it prints how many bouts :func:`tremor.core.gait.running` calls a run,
how many carry a run's signature (:func:`tremor.core.gait.run_signature`) and the step parity of those read at a
stride rate, and how many of the rest :func:`tremor.core.turned_run.turned_run` flags over the whole bout.

    PYTHONPATH=$PWD nice -n 10 python3 benchmarks/run_swing_sweep.py --entropy 0 --seeds 30

``--entropy 0`` draws a fresh one (printed); each bout's generator is seeded with (entropy, bout, rate, kind).
"""

from __future__ import annotations

import argparse
import sys
import zlib
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.core.arm3d_physics import PAD_S, bout
from tremor.core import gait
from tremor.core.features import compute_frames
from tremor.core.step_parity import step_parity
from tremor.core.turned_run import turned_run

KINDS: dict[str, tuple[str, dict[str, tuple[float, float]]]] = {
    "run +-15-30 150-175/min": ("run", {"swing": (15.0, 30.0), "rate_per_min": (150.0, 175.0)}),
    "run +-15-30 175-190/min": ("run", {"swing": (15.0, 30.0), "rate_per_min": (175.0, 190.0)}),
    "run +-35-45 150-175/min": ("run", {"swing": (35.0, 45.0), "rate_per_min": (150.0, 175.0)}),
    "run +-35-45 175-190/min": ("run", {"swing": (35.0, 45.0), "rate_per_min": (175.0, 190.0)}),
    "full jack 100-180/min": ("jack", {"top": (150.0, 175.0)}),
    "full jack 140-180/min": ("jack", {"top": (150.0, 175.0), "rate_per_min": (140.0, 180.0)}),
    "half jack 100-180/min": ("jack", {"top": (60.0, 95.0)}),
    "rope": ("rope", {}),
    "high knees": ("knees", {}),
}


def judge(acc: np.ndarray, fs: float, span: tuple[float, float]) -> tuple[bool, bool, float, bool]:
    """A bout's run verdict, its run signature, its step parity (NaN where read at a step rate or not judged) and
    whether :func:`turned_run` flags the bout's span."""
    frames = compute_frames(acc, fs=fs)
    a, b = span
    cad = frames.peak_movement_hz
    inside = (frames.t_s > a + 2.5) & (frames.t_s < b - 2.5)
    sel = np.flatnonzero(inside & (cad >= gait.RUN_STRIDE_HZ[0]) & (cad <= gait.RUN_STEP_HZ[1]))
    if sel.size == 0:
        return False, False, float("nan"), turned_run(frames, a, b)
    at = cad[sel] <= gait.RUN_STRIDE_HZ[1]
    parity = step_parity(frames.psd[sel][at], cad[sel][at]) if 2 * at.sum() > sel.size else float("nan")
    return gait.running(frames, sel), gait.run_signature(frames, sel), parity, turned_run(frames, a, b)


def main() -> None:
    """Print the counts per kind and rate."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--entropy", type=int, default=0)
    ap.add_argument("--seeds", type=int, default=30)
    ap.add_argument("--fs", type=float, nargs="+", default=[50.0, 100.0, 200.0])
    ap.add_argument("--kinds", nargs="+", default=list(KINDS))
    args = ap.parse_args()
    entropy = args.entropy or int(np.random.SeedSequence().entropy % 2**32)  # type: ignore[operator]
    print(f"entropy {entropy} (bouts of {PAD_S + 30 + PAD_S:.0f} s)", flush=True)
    for fs in args.fs:
        for name in args.kinds:
            kind, kw = KINDS[name]
            runs = signed = flagged = 0
            parities = []
            for i in range(args.seeds):
                rng = np.random.default_rng([entropy, i, int(fs), zlib.crc32(name.encode())])
                acc, span, _ = bout(kind, rng, fs, **kw)  # type: ignore[arg-type]
                run, sig, parity, turned = judge(acc, fs, span)
                runs += run
                signed += sig
                flagged += turned and not run
                if sig and np.isfinite(parity):
                    parities.append(parity)
            p = np.array(parities)
            spread = f"{p.min():+.2f}..{p.max():+.2f}" if p.size else "-"
            print(
                f"{fs:5.0f} Hz {name:24s} run {runs:2d}/{args.seeds}  run signature {signed:2d} (parity {spread})"
                f"  a set flagged as a possible run {flagged:2d}",
                flush=True,
            )


if __name__ == "__main__":
    main()
