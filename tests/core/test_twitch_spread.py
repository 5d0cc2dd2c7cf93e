"""A live analyzer that spreads the twitch detector's blocks over its chunks (``spread_twitches``, as a live session
does) gives the summaries, twitches and detection limits of one that does not, on random chunkings, fresh seeds."""

from __future__ import annotations

import numpy as np
import pytest

from tremor.core.recording import Recording
from tremor.core.stream import LiveAnalyzer
from tremor.report.json_report import report_bytes, to_report
from tremor.sim.session import simulate_session


def _recording(fs: float, rng: np.random.Generator) -> Recording:
    """Two sets with twitches in the rests; jittery stamps half the time; a 3 s gap (two segments)."""
    rec = simulate_session(
        seed=int(rng.integers(2**31)),
        fs_hz=fs,
        labels=["fasciculations", "calm"],
        jitter_ms=float(rng.choice([0.0, 1.0])),
    ).recording
    a = float(rng.uniform(0.3, 0.6)) * rec.time_s[-1]
    keep = (rec.time_s < a) | (rec.time_s >= a + 3.0)
    return Recording(rec.time_s[keep], rec.acc_mps2[keep], True, rec.source)


@pytest.mark.parametrize("fs", [100.0, 200.0])
def test_spread_twitch_blocks_give_the_same_summaries(fs: float) -> None:
    seed = int(np.random.SeedSequence().entropy % 2**32)  # type: ignore[operator]
    print(f"seed {seed} at {fs:g} Hz")
    rng = np.random.default_rng(seed)
    rec = _recording(fs, rng)
    plain = LiveAnalyzer(source=rec.source)
    spread = LiveAnalyzer(source=rec.source, spread_twitches=True)
    # summaries asked of the spread analyzer, run a stage at a time while later chunks arrive (a live card refresh)
    running: list[tuple[object, bytes]] = []
    compared = held = 0
    i, n = 0, rec.n_samples
    while i < n:
        k = int(rng.integers(1, int(0.4 * fs)))
        t, acc = rec.time_s[i : i + k], rec.acc_mps2[i : i + k]
        plain.update(t, acc)
        spread.update(t, acc, busy=bool(rng.random() < 0.3))
        i += k
        seg = spread._segment
        held += seg is not None and seg.pipe.held > 0
        if i > 5 * fs and rng.random() < 0.01:
            running.append((spread.result_steps(), report_bytes(to_report(plain.result()))))
        for job in list(running):
            if rng.random() < 0.5:
                continue
            try:
                next(job[0])  # type: ignore[call-overload]
            except StopIteration as done:
                assert report_bytes(to_report(done.value)) == job[1]
                running.remove(job)
                compared += 1
    for steps, expected in running:
        try:
            while True:
                next(steps)  # type: ignore[call-overload]
        except StopIteration as done:
            assert report_bytes(to_report(done.value)) == expected
            compared += 1
    assert report_bytes(to_report(spread.finish())) == report_bytes(to_report(plain.finish()))
    assert [repr(tr) for tr in spread._transients] == [repr(tr) for tr in plain._transients]
    assert np.array_equal(spread._limits_array(), plain._limits_array())
    assert compared >= 2 and held > 50
    assert sum(tr.kind == "twitch" for tr in plain._transients) >= 3
    print(f"{compared} summaries equal, twitch samples held back after {held} chunks")
