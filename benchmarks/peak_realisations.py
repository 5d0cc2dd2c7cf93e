"""Is ``peak_sd_hz`` the scatter it claims? Many realisations of one fatigue line, tremor alone.

For each line (40 s, growing ``ratio`` times in power, drifting linearly, a Lorentzian of the given
width: the stress suite's ``narrowband``), ``--n`` realisations are analysed as frames (2 s Hann every
0.5 s, the set's edges trimmed by 1 s) and :func:`tremor.core.peak.spectral_peak_sd` is run on each.
Printed per line: the spread of the estimates over the realisations against the reported sd (``ratio``
1 if it is honest), the share beyond 2 sd of their own mean, the estimates' mean offset from the true
spectrum's maximum (``bias``, the drift's skew) and the share beyond 2 sd of the truth.

Usage::

    PYTHONPATH=. python benchmarks/peak_realisations.py [--n 80] [--seed 1]
"""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.stress.scenarios import _expected_peak, narrowband
from tremor.core.features import compute_frames
from tremor.core.peak import spectral_peak_sd

#: (fs, start Hz, drift Hz, width Hz) of the lines measured.
LINES = [
    (100.0, 8.95, 0.91, 1.79),
    (50.0, 10.56, 0.82, 2.43),
    (100.0, 10.04, 1.03, 1.35),
    (100.0, 9.0, 0.0, 1.8),
    (100.0, 9.0, 0.9, 1.8),
    (100.0, 9.0, 1.5, 2.8),
    (100.0, 9.0, 1.5, 1.2),
    (50.0, 9.0, 0.9, 1.8),
    (200.0, 9.0, 0.9, 1.8),
]


def run(fs: float, f0: float, drift: float, width: float, n: int, seed: int, ratio: float = 3.0) -> str:
    """One line's realisations, summarised in one printed line."""
    rng = np.random.default_rng(seed)
    seconds = 40.0
    t = np.arange(int(seconds * fs)) / fs
    u = t / seconds
    env = 0.03 * np.exp(0.75 * np.log(ratio) * u)
    centre = f0 - drift * u
    peaks, sds = [], []
    for _ in range(n):
        x = env * narrowband(rng, t, fs, centre, width)
        frames = compute_frames(np.outer(x, [0.6, 0.64, 0.48]), fs=fs, gravity_included=False)
        use = (frames.t_s >= 1.0) & (frames.t_s <= seconds - 1.0)
        hz, _, sd = spectral_peak_sd(frames.psd[use].astype(np.float64))
        if hz is not None and sd is not None:
            peaks.append(hz)
            sds.append(sd)
    p, s = np.array(peaks), np.array(sds)
    true = _expected_peak(centre, env**2, width)
    if true is None or p.size < 2:
        return f"fs {fs:g} f0 {f0} drift {drift} width {width}: {p.size} peaks, no truth or too few"
    spread = float(p.std(ddof=1))
    return (
        f"fs {fs:5g} f0 {f0:5.2f} drift {drift:4.2f} width {width:4.2f}: {p.size} peaks, spread {spread:.3f} Hz, "
        f"rms sd {np.sqrt(np.mean(s**2)):.3f}, ratio {spread / np.sqrt(np.mean(s**2)):.2f}, "
        f">2 sd of mean {np.mean(np.abs(p - p.mean()) > 2 * s):.2f}; bias {p.mean() - true:+.3f} Hz, "
        f">2 sd of truth {np.mean(np.abs(p - true) > 2 * s):.2f}"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=80)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    for fs, f0, drift, width in LINES:
        print(run(fs, f0, drift, width, args.n, args.seed), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
