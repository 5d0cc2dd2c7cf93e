"""Twitch recall against amplitude and interval, false positives, and live against batch.

Judged on rest recordings from ``tests/twitch_gen.py`` (an independent generator, not
:mod:`tremor.sim`). Run from the repository root::

    PYTHONPATH=$PWD python3 benchmarks/twitch_sweep.py [--sessions N] [--seed S]
"""

from __future__ import annotations

import argparse

import numpy as np

from tests.twitch_gen import match, rest_signal
from tremor.core.events import TwitchDetector, detect_transients

AMPS = [0.03, 0.05, 0.08, 0.12, 0.2, 0.3]
INTERVALS = [0.3, 0.45, 0.6, 0.8, 1.0, 1.5, 2.0, 3.0]


def live(acc: np.ndarray, fs: float, rng: np.random.Generator) -> list:
    det, out, i = TwitchDetector(fs), [], 0
    while i < acc.shape[0]:
        k = int(rng.integers(1, int(fs)))
        out += det.update(acc[i : i + k])
        i += k
    return out + det.update(np.zeros((0, 3)), final=True)


def twitch_times(found: list) -> list[float]:
    return [t.t_s for t in found if t.kind == "twitch"]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=12)
    ap.add_argument("--seed", type=int, default=1000)
    args = ap.parse_args()
    rng = np.random.default_rng(args.seed)
    amp_tab = {a: np.zeros(3, int) for a in AMPS}
    int_tab = {iv: np.zeros(3, int) for iv in INTERVALS}
    totals = {"batch": np.zeros(3, int), "live": np.zeros(3, int)}
    train_fp = {"batch": 0, "live": 0}
    train_candidates = 0
    n_trains = 0
    seconds = 0.0
    for s in range(args.sessions):
        for fs in (100.0, 200.0):
            seed = args.seed + 10 * s + int(fs)
            groups = [(1, 0.0, a) for a in AMPS for _ in range(3)]
            groups += [
                (int(rng.choice([2, 3])), iv, float(rng.uniform(0.12, 0.3)))
                for iv in INTERVALS
                for _ in range(2)
            ]
            order = rng.permutation(len(groups))
            groups = [groups[i] for i in order]
            # long enough for every group (4-6 s apart) and all six trains (up to 12 beats at 1.5 Hz,
            # 4-6 s apart): a shorter recording cuts the last trains short or drops them, and a train
            # cut to its first few beats cannot be told from a pair or triplet of twitches
            length_s = 3.0 + sum((c - 1) * iv + 6.0 for c, iv, _ in groups) + 6 * (12 / 1.5 + 6.0) + 2.0
            sig = rest_signal(seed, fs=fs, seconds=length_s, groups=groups, trains=6)
            assert sig.trains[-1][1] < sig.acc.shape[0] / fs, "a train runs past the end"
            seconds += sig.acc.shape[0] / fs
            n_trains += len(sig.trains)
            for path, found in (
                ("batch", detect_transients(sig.acc, fs=fs)),
                ("live", live(sig.acc, fs, rng)),
            ):
                times = twitch_times(found)
                in_train = [t for t in times if any(a <= t <= b for a, b in sig.trains)]
                train_fp[path] += len(in_train)
                if path == "batch":  # every candidate of any kind inside a train (the beats the detector saw)
                    train_candidates += sum(any(a <= c.t_s <= b for a, b in sig.trains) for c in found)
                rest = [t for t in times if t not in in_train]
                tp, fp, fn = match(rest, [tw.t_s for tw in sig.twitches])
                totals[path] += (tp, fp, fn)
                if path != "batch":
                    continue
                # per-group recall
                k = 0
                for count, interval, amp in groups:
                    members = sig.twitches[k : k + count]
                    k += count
                    hits = sum(any(abs(t - m.t_s) <= 0.15 for t in rest) for m in members)
                    if count == 1:
                        amp_tab[amp] += (hits, count - hits, 0)
                    else:
                        int_tab[interval] += (hits, count - hits, 0)
    print(f"{args.sessions} x 2 sessions (100 and 200 Hz), {seconds / 60:.1f} min of rest, seed {args.seed}")
    print("recall vs amplitude (single twitches, batch):")
    for a, (h, m, _) in amp_tab.items():
        print(f"  {a:5.2f} m/s^2: {h / (h + m):.2f}  ({h}/{h + m})")
    print("recall vs interval (pairs and triplets, 0.12-0.3 m/s^2, batch):")
    for iv, (h, m, _) in int_tab.items():
        print(f"  {iv:4.2f} s: {h / (h + m):.2f}  ({h}/{h + m})")
    for path, (tp, fp, fn) in totals.items():
        print(
            f"{path}: precision {tp / max(tp + fp, 1):.3f} recall {tp / max(tp + fn, 1):.3f} "
            f"(TP {tp} FP {fp} FN {fn}); twitches reported inside {n_trains} rhythmic trains: {train_fp[path]} "
            f"of their {train_candidates} candidates"
        )


if __name__ == "__main__":
    main()
