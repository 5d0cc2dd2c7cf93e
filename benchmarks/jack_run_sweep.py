"""Runs against half jacks, high knees and battle ropes at the wrist: which read as a run, and does any feature
tell them apart (issue 9; FINDINGS "Half jacks, runs and the landing rate: a negative result (h-gait)")?

Bouts come from tests/core/arm3d_physics.py (a 3-D two-link arm on a bouncing trunk, the physics described
there), 30 s each between two 5 s stands. For each bout it prints whether :func:`tremor.core.gait.running`
calls it a run (its frames 2.5 s inside its edges at a run's cadence, as the segmentation judges a bout) and
three candidate features:

- ``r3``: log10 of the power of the frames' 10 Hz mean acceleration (``Frames.sub_acc``, three axes) at the
  landing rate over that at half of it (the arm's cycle); the stride rate is locked within 0.15 Hz of the
  median cadence (halved where it reads a step rate) to the best product of the two lines;
- ``rm``: the same on the magnitude of that acceleration;
- ``ang``: median angle (degrees) between the bout's frames' gravity direction and the stand's before it.

Run it with the code to measure on ``PYTHONPATH``:

    PYTHONPATH=$PWD nice -n 10 python3 benchmarks/jack_run_sweep.py --seeds 30 --base-seed 500 --fs 50 100 200

It prints one line per bout, then per kind and rate the count read as a run and each feature's range, over
all bouts and over those read as a run.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.core.arm3d_physics import bout
from tremor.core import gait
from tremor.core.features import compute_frames
from tremor.core.rep_locked_ring import SUB_BLOCKS

KINDS = {
    "run": {},
    "half_jack": {"top": (60.0, 95.0)},
    "fast_half_jack": {"top": (60.0, 95.0), "rate_per_min": (140.0, 180.0)},
    "full_jack": {"top": (150.0, 175.0)},
    "knees": {},
    "rope": {},
}


def _line(power: np.ndarray, freqs: np.ndarray, f0: float) -> float:
    """The highest power within 0.12 Hz of ``f0``."""
    return float(power[(freqs > f0 - 0.12) & (freqs < f0 + 0.12)].max())


def features(acc: np.ndarray, fs: float, span: tuple[float, float]) -> dict[str, float]:
    """Whether the bout ``span`` of ``acc`` reads as a run, and the candidate features (module docstring)."""
    frames = compute_frames(acc, fs=fs)
    a, b = span
    cad = frames.peak_movement_hz
    inside = (frames.t_s > a + 2.5) & (frames.t_s < b - 2.5)
    sel = np.flatnonzero(inside & (cad >= gait.RUN_STRIDE_HZ[0]) & (cad <= gait.RUN_STEP_HZ[1]))
    run = bool(sel.size and gait.running(frames, sel))
    ins = np.flatnonzero(inside)
    x = frames.sub_acc[ins].reshape(-1, 3).astype(np.float64)
    freqs = np.fft.rfftfreq(x.shape[0], 0.5 / SUB_BLOCKS)
    taper = np.hanning(x.shape[0])
    p3 = (np.abs(np.fft.rfft((x - x.mean(0)) * taper[:, None], axis=0)) ** 2).sum(axis=1)
    mag = np.linalg.norm(x, axis=1)
    pm = np.abs(np.fft.rfft((mag - mag.mean()) * taper)) ** 2
    c = float(np.median(cad[ins]))
    stride0 = c if c < 1.8 else c / 2
    rates = np.arange(stride0 - 0.15, stride0 + 0.15, 0.01)
    stride = float(rates[int(np.argmax([_line(p3, freqs, r) * _line(p3, freqs, 2 * r) for r in rates]))])
    rest = np.nanmedian(frames.orientation[frames.t_s < a - 1.0], axis=0)
    rest /= np.linalg.norm(rest)
    ang = np.degrees(np.arccos(np.clip(frames.orientation[ins] @ rest, -1.0, 1.0)))
    return {
        "run": float(run),
        "cadence": c,
        "r3": float(np.log10(_line(p3, freqs, 2 * stride) / _line(p3, freqs, stride))),
        "rm": float(np.log10(_line(pm, freqs, 2 * stride) / _line(pm, freqs, stride))),
        "ang": float(np.median(ang)),
    }


def main() -> None:
    """Print every bout's verdict and features, then the ranges per kind and rate."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", type=int, default=30)
    ap.add_argument("--base-seed", type=int, default=500)
    ap.add_argument("--fs", type=float, nargs="+", default=[50.0, 100.0, 200.0])
    ap.add_argument("--kinds", nargs="+", default=list(KINDS))
    args = ap.parse_args()
    summary = []
    for fs in args.fs:
        for kind in args.kinds:
            rows = []
            for seed in range(args.base_seed, args.base_seed + args.seeds):
                rng = np.random.default_rng([seed, int(fs)])
                acc, span, rate = bout(
                    kind.split("_")[-1] if "jack" in kind else kind, rng, fs, **KINDS[kind]
                )  # type: ignore[arg-type]
                f = features(acc, fs, span)
                rows.append(f)
                print(
                    kind,
                    fs,
                    seed,
                    f"rate {rate * 60:.0f}/min",
                    " ".join(f"{k} {v:.2f}" for k, v in f.items()),
                    flush=True,
                )
            ran = np.array([r["run"] > 0 for r in rows])
            line = f"{kind:15s} {fs:5.0f} Hz  run {ran.sum():2d}/{len(rows)}"
            for key in ("r3", "rm", "ang"):
                v = np.array([r[key] for r in rows])
                line += f"  {key} {v.min():.2f}..{v.max():.2f}"
                if ran.any():
                    line += f" (run {v[ran].min():.2f}..{v[ran].max():.2f})"
            summary.append(line)
    print("\n".join(summary))


if __name__ == "__main__":
    main()
