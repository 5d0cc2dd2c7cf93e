"""Set peak frequency on tremor written from the physics, independent of ``tremor.sim`` and the stress suite.

Each set is a noise-driven mechanical resonance (a damped oscillator, as the limb and its reflex loop
are): a second-order autoregression whose pole pair follows the set's resonance frequency and damping
sample by sample. The resonance frequency is the sum of

* a drift under load: an exponential approach from ``f0`` towards ``f0 - drop`` (time constant 10-60 s),
  as a muscle fatigues through a set;
* a wander: an Ornstein-Uhlenbeck process (0-0.3 Hz, correlation time 1-5 s), the loop's gain and
  stiffness changing from rep to rep;

and the amplitude is a growth (1-4x in power over the set, or none) times a slow amplitude modulation
(a log-normal Ornstein-Uhlenbeck envelope, 0-40 %, correlation time 1-4 s). The line's width (its full
width at half maximum, set by the damping) is 0.8-3 Hz. The oscillation is projected on a random wrist
axis, white sensor noise (0.005-0.03 m/s^2 per axis) is added, and the set lasts 15-60 s at 50, 100 or
200 Hz.

Two views of the same resonance bound the line's shape: ``--view drive`` (default) takes the oscillator's
output as the measured acceleration (a resonance driven by a force whose spectrum falls as it rises
through the line, as motor units' twitches do: the line's lower skirt is the heavier); ``--view
acceleration`` takes its second difference (a resonance driven by white force, seen by an accelerometer:
weighted by ``f^4``, the upper skirt the heavier). Real tremor lies between or elsewhere; which, no
recording here can say.

The truth is the maximum of the set's expected spectrum given its path: the mean over the set of the
resonance's spectrum at each instant (the oscillator's transfer function at that instant's poles,
normalised to that instant's variance) weighted by the squared envelope, on a 0.005 Hz grid; sets whose
truth lies outside 6.25-11.75 Hz are skipped. The estimator is :func:`tremor.core.peak.spectral_peak_sd`
on the set's frames (:func:`tremor.core.features.compute_frames`, edges trimmed by 1 s, as the set
metrics use them). Printed: the mean signed error, median, 90th percentile and maximum error, the share over 0.2 Hz, the
standard error's coverage (share within 2 sd) and the median error over sd, per rate and per kind of
set (steady, wandering or drifting; short or long; by width).

Usage::

    PYTHONPATH=. python benchmarks/peak_physics.py [--seed N] [--n 100] [--fs 50 100 200] [--view acceleration]

Without ``--seed`` a fresh seed is drawn and printed.
"""

from __future__ import annotations

import argparse
import sys
import time
import warnings
from pathlib import Path
from typing import Any

import numpy as np
from scipy.signal import lfilter

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tremor.core.features import compute_frames
from tremor.core.peak import spectral_peak_sd

GRID = np.arange(4.0, 14.0, 0.005)


def _ou(rng: np.random.Generator, n: int, fs: float, sd: float, tau_s: float) -> np.ndarray:
    """An Ornstein-Uhlenbeck path of ``n`` samples with stationary sd ``sd`` and correlation time ``tau_s``."""
    if sd <= 0:
        return np.zeros(n)
    a = np.exp(-1.0 / (fs * tau_s))
    drive = rng.normal(size=n) * sd * np.sqrt(1 - a * a)
    path = lfilter([1.0], [1.0, -a], drive)
    return path + (rng.normal() * sd - path[0]) * a ** np.arange(n)  # start in the stationary law


def one(rng: np.random.Generator, fs: float, view: str = "drive") -> dict[str, Any]:
    """Draw, synthesise and estimate one set; ``view`` is ``drive`` or ``acceleration`` (see the module)."""
    seconds = float(rng.uniform(15.0, 60.0))
    n = int(seconds * fs)
    t = np.arange(n) / fs
    f0 = float(rng.uniform(7.0, 11.5))
    drop = float(rng.choice([0.0, rng.uniform(0.2, 2.0)]))
    tau = float(rng.uniform(10.0, 60.0))
    wander = float(rng.choice([0.0, rng.uniform(0.05, 0.3)]))
    width = float(rng.uniform(0.8, 3.0))
    growth = float(rng.choice([1.0, rng.uniform(1.5, 4.0)]))
    am = float(rng.choice([0.0, rng.uniform(0.1, 0.4)]))
    freq = f0 - drop * (1 - np.exp(-t / tau)) + _ou(rng, n, fs, wander, float(rng.uniform(1.0, 5.0)))
    freq = np.clip(freq, 4.5, 0.4 * fs)
    env = np.sqrt(growth ** (t / seconds)) * np.exp(_ou(rng, n, fs, am, float(rng.uniform(1.0, 4.0))))
    # the resonance: poles at radius r, angle theta (the half-width width / 2 Hz sets r)
    r = np.exp(-np.pi * width / fs)
    theta = 2 * np.pi * freq / fs
    a1, a2 = 2 * r * np.cos(theta), -(r * r)
    var = (1 + r * r) / ((1 - r * r) * ((1 + r * r) ** 2 - 4 * r * r * np.cos(theta) ** 2))
    drive = rng.normal(size=n) / np.sqrt(var)
    x = np.empty(n)
    p1 = p2 = 0.0
    for i in range(n):  # time-varying AR(2): lfilter cannot vary its poles
        v = drive[i] + a1[i] * p1 + a2 * p2
        x[i] = v
        p2, p1 = p1, v
    amp = float(rng.uniform(0.02, 0.05))
    axis = rng.normal(size=3)
    axis /= np.linalg.norm(axis)
    noise = float(rng.uniform(0.005, 0.03))
    weight = np.ones_like(GRID)
    if view == "acceleration":  # the oscillator's acceleration: its second difference, |2 sin(pi f / fs)|^4
        x = np.concatenate([[0.0, 0.0], np.diff(x, 2)])
        x /= np.sqrt(np.mean(x[2:] ** 2))
        weight = np.sin(np.pi * GRID / fs) ** 4
    acc = np.outer(amp * env * x, axis) + noise * rng.normal(size=(n, 3))
    # truth: the expected spectrum given the path, every 10th sample
    step = max(1, int(fs // 10))
    z = np.exp(-2j * np.pi * GRID[:, None] / fs)
    th = theta[::step]
    h2 = 1.0 / np.abs(1 - 2 * r * np.cos(th)[None, :] * z + r * r * z * z) ** 2
    spec = weight * (h2 * (env[::step] ** 2 / var[::step])[None, :]).sum(axis=1)
    true = float(GRID[int(np.argmax(spec))])
    frames = compute_frames(acc, fs=fs, gravity_included=False)
    use = (frames.t_s >= 1.0) & (frames.t_s <= seconds - 1.0)
    c0 = time.process_time()
    hz, _, sd = spectral_peak_sd(frames.psd[use].astype(np.float64))
    cpu = time.process_time() - c0
    kind = "steady" if drop == 0 and wander == 0 else ("wander" if drop == 0 else "drift")
    return {"true": true, "hz": hz, "sd": sd, "kind": kind, "cpu": cpu, "seconds": seconds, "width": width}


def _summary(name: str, rows: list[dict[str, Any]]) -> str:
    signed = np.array([r["hz"] - r["true"] for r in rows if r["hz"] is not None])
    e = np.abs(signed)
    z = np.array([abs(r["hz"] - r["true"]) / r["sd"] for r in rows if r["hz"] is not None and r["sd"]])
    sd = np.array([r["sd"] for r in rows if r["hz"] is not None and r["sd"]])
    missed = sum(r["hz"] is None for r in rows)
    if e.size == 0:
        return f"{name}: {len(rows)} sets, no peak"
    return (
        f"{name:>12}: {e.size:3d} sets ({missed} no peak), mean {np.mean(signed):+.3f}, error median {np.median(e):.3f} p90 "
        f"{np.percentile(e, 90):.3f} max {e.max():.3f} Hz, over 0.2 Hz {int((e > 0.2).sum())} "
        f"({np.mean(e > 0.2):.1%}); sd median {np.median(sd):.3f}, within 2 sd {np.mean(z <= 2):.1%}, "
        f"error/sd median {np.median(z):.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--n", type=int, default=100, help="sets per rate")
    ap.add_argument("--fs", type=float, nargs="+", default=[50.0, 100.0, 200.0])
    ap.add_argument("--view", choices=["drive", "acceleration"], default="drive")
    args = ap.parse_args(argv)
    seed = args.seed if args.seed is not None else int(np.random.SeedSequence().entropy % 2**31)  # type: ignore[operator]
    print(f"seed {seed} (replay with --seed {seed})")
    warnings.simplefilter("ignore")
    every: list[dict[str, Any]] = []
    for fs in args.fs:
        rng = np.random.default_rng([seed, int(fs)])
        rows = []
        while len(rows) < args.n:
            r = one(rng, fs, args.view)
            if 6.25 <= r["true"] <= 11.75:
                rows.append(r)
        print(_summary(f"{fs:g} Hz", rows), flush=True)
        every += rows
    for kind in ("steady", "wander", "drift"):
        print(_summary(kind, [r for r in every if r["kind"] == kind]))
    print(_summary("< 30 s", [r for r in every if r["seconds"] < 30]))
    print(_summary(">= 30 s", [r for r in every if r["seconds"] >= 30]))
    for lo, hi in ((0.8, 1.5), (1.5, 2.2), (2.2, 3.0)):
        print(_summary(f"{lo}-{hi} Hz wide", [r for r in every if lo <= r["width"] < hi]))
    print(_summary("<1.5 Hz, 30 s+", [r for r in every if r["width"] < 1.5 and r["seconds"] >= 30]))
    print(f"estimator CPU {1e3 * np.mean([r['cpu'] for r in every]):.2f} ms per set")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
