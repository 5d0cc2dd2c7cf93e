"""Twitch recall and precision on jittery stamps, by grid treatment (not a test).

    PYTHONPATH=$PWD python3 benchmarks/jitter_grid.py [--sessions 18] [--gen-sessions 12] [--jitter-ms 2]

Compares, on 100 Hz recordings whose stamps jitter, what the twitch detector finds when a gap-free
stretch is

* ``rule``: put on a grid by :func:`tremor.core.grid.decide_grid` (what batch and live do: samples
  kept when the stamps stay within half an interval of a uniform grid);
* ``interp-mean``: interpolated linearly onto a grid at the recording's mean rate from the first
  stamp (batch's grid before the causal rule);
* ``interp-probe``: interpolated linearly onto a grid at the least-squares rate of the stretch's
  first 2 s (live's grid before the causal rule: its phase drifts across the samples);
* ``no-jitter``: the same signal with regular stamps (the detector's own recall).

Judged on :func:`tremor.sim.session.simulate_session` (the signal evaluated at the jittered
instants; scored by :func:`tremor.sim.validation.score_session`) and on the independent generator
``tests/twitch_gen.py`` in two physics: ``stamp`` (samples uniform, only the stamps jitter: BLE or
phone stamping) and ``sample`` (the sampling instants themselves jitter: the generator runs at
2 kHz and each sample is taken at its jittered instant).
"""

from __future__ import annotations

import argparse

import numpy as np

import tremor.core.analysis as analysis
from tests.twitch_gen import match, rest_signal
from tremor.core.events import detect_transients
from tremor.core.features import Frames
from tremor.core.grid import decide_grid, probe_length
from tremor.core.pipeline import at_stamps
from tremor.core.quality import Segment, _whole_tracker, sample_segments
from tremor.core.recording import Recording
from tremor.sim.session import simulate_session
from tremor.sim.validation import combine_scores, score_session

AMPS = [0.03, 0.05, 0.08, 0.12, 0.2, 0.3]
INTERVALS = [0.3, 0.45, 0.6, 0.8, 1.0, 1.5, 2.0, 3.0]
FS = 100.0
UP = 20


def _ls_rate(t: np.ndarray) -> float:
    idx = np.arange(t.size) - (t.size - 1) / 2
    return float(np.sum(idx * idx) / np.sum(idx * (t - t.mean())))


def grid(mode: str, ts: np.ndarray, acc: np.ndarray) -> tuple[float, float, np.ndarray, bool]:
    """(t0, fs, samples on the grid, interpolated) of one stretch."""
    if mode == "rule":
        g = decide_grid(ts[: probe_length(ts)])
        if not g.interpolated:
            return float(ts[0]), g.fs_hz, acc, False
        fs = g.fs_hz
    elif mode == "interp-mean":
        fs = (ts.size - 1) / (ts[-1] - ts[0])
    else:
        fs = _ls_rate(ts[: probe_length(ts)])
    g_t = ts[0] + np.arange(int(np.floor((ts[-1] - ts[0]) * fs)) + 1) / fs
    return float(ts[0]), fs, np.column_stack([np.interp(g_t, ts, acc[:, k]) for k in range(3)]), True


def _patched(mode: str):
    def segments(recording: Recording):
        report, _ = sample_segments(recording)
        out = []
        for st in _whole_tracker(recording).segments:
            a, b = st.first_index, st.stop_index
            if b - a >= 3:
                t0, fs, acc, interp = grid(mode, recording.time_s[a:b], recording.acc_mps2[a:b])
                out.append(Segment(t0, fs, acc, a, b, interp, None if interp else recording.time_s[a:b]))
        return report, out

    return segments


def simulator(sessions: int, jitter_ms: float) -> None:
    recs = [simulate_session(seed=s, fs_hz=FS, jitter_ms=jitter_ms) for s in range(1, sessions + 1)]
    for mode in ("rule", "interp-mean", "interp-probe"):
        analysis.sample_segments = _patched(mode)  # type: ignore[assignment]
        sc = combine_scores([score_session(analysis.analyze(r.recording), r.truth) for r in recs])
        print(
            f"simulator, {sessions} sessions, {jitter_ms:g} ms: {mode:12s} precision {sc.precision:.3f} "
            f"recall {sc.recall:.3f} (TP {sc.twitch_tp} FP {sc.twitch_fp} FN {sc.twitch_fn})"
        )
    analysis.sample_segments = sample_segments


def generator(sessions: int, jitter_ms: float, physics: str) -> None:
    modes = ("rule", "interp-mean", "interp-probe", "no-jitter")
    tot = {m: np.zeros(3, int) for m in modes}
    jit = jitter_ms / 1e3
    for s in range(sessions):
        rng = np.random.default_rng(500 + s)
        groups = [(1, 0.0, a) for a in AMPS for _ in range(3)]
        groups += [
            (int(rng.choice([2, 3])), iv, float(rng.uniform(0.12, 0.3))) for iv in INTERVALS for _ in range(2)
        ]
        groups = [groups[i] for i in rng.permutation(len(groups))]
        up = 1 if physics == "stamp" else UP
        sig = rest_signal(1000 + s, fs=FS * up, seconds=5.0 * len(groups) + 10, groups=groups)
        n = sig.acc.shape[0] // up
        ts = np.arange(n) / FS + np.clip(rng.normal(0, jit, n), -0.45 / FS, 0.45 / FS)
        if physics == "stamp":
            acc = sig.acc
        else:  # each sample taken at its jittered instant (to 1 / (FS * UP) s)
            idx = np.clip(np.round(ts * FS * up).astype(int), 0, sig.acc.shape[0] - 1)
            ts, acc = idx / (FS * up), sig.acc[idx]
        for m in modes:
            if m == "no-jitter":
                found = detect_transients(sig.acc[::up], fs=FS)
            else:
                t0, fs, a2, interp = grid(m, ts, acc)
                found = detect_transients(a2, fs=fs, t0_s=t0)
                if not interp:  # times at the received stamps, as analyze maps them
                    found = at_stamps(t0, fs, ts, Frames.empty(), found, [])[1]
            tot[m] += match([t.t_s for t in found if t.kind == "twitch"], [tw.t_s for tw in sig.twitches])
    for m in modes:
        tp, fp, fn = tot[m]
        print(
            f"twitch_gen, {sessions} sessions, {physics} jitter {jitter_ms:g} ms: {m:12s} "
            f"precision {tp / max(tp + fp, 1):.3f} recall {tp / max(tp + fn, 1):.3f} (TP {tp} FP {fp} FN {fn})"
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sessions", type=int, default=18)
    ap.add_argument("--gen-sessions", type=int, default=12)
    ap.add_argument("--jitter-ms", type=float, default=2.0)
    args = ap.parse_args()
    simulator(args.sessions, args.jitter_ms)
    for physics in ("stamp", "sample"):
        generator(args.gen_sessions, args.jitter_ms, physics)


if __name__ == "__main__":
    main()
