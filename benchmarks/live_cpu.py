"""CPU per notification of :class:`tremor.core.stream.LiveAnalyzer` alone (not a test).

    python benchmarks/live_cpu.py [--seconds 300] [--jitter-ms 0]

A simulated 200 Hz session is fed in 36-sample chunks (one PMD notification each); each
``update`` is timed with ``time.thread_time`` (CPU of this thread, so other processes' load
barely moves it). Prints p50 / p99 / max in ms. Target (issue 3): p99 under 5 ms.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

from tremor.core.stream import LiveAnalyzer
from tremor.sim.session import simulate_session


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seconds", type=float, default=300.0, help="seconds of data (default 300)")
    ap.add_argument("--jitter-ms", type=float, default=0.0, help="time-stamp jitter, std in ms (default 0)")
    ap.add_argument("--chunk", type=int, default=36, help="samples per notification (default 36)")
    args = ap.parse_args()
    rec = simulate_session(seed=3, fs_hz=200.0, jitter_ms=args.jitter_ms).recording
    n = min(rec.n_samples, int(args.seconds * 200.0))
    live = LiveAnalyzer(source=rec.source, gravity_included=rec.gravity_included)
    times = []
    for i in range(0, n, args.chunk):
        c0 = time.thread_time()
        live.update(rec.time_s[i : min(i + args.chunk, n)], rec.acc_mps2[i : min(i + args.chunk, n)])
        times.append(time.thread_time() - c0)
    t = np.array(times) * 1e3
    print(
        f"200 Hz, {n / 200.0:.0f} s, jitter {args.jitter_ms:g} ms, {t.size} notifications of "
        f"{args.chunk} samples: CPU per update p50 {np.percentile(t, 50):.3f} ms, p99 "
        f"{np.percentile(t, 99):.3f} ms, max {t.max():.2f} ms (target p99 < 5 ms)"
    )


if __name__ == "__main__":
    main()
