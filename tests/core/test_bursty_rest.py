"""Typing in the rests at rates the twitch detector cannot run is no rest tremor (issue 9, h-weak50's remnant).

Below 90 Hz no transient candidate marks the frames a tap rang through, and before the external-vibration rule's
burst guard (:mod:`tremor.core.impulsive_band`) the typing read as weak external vibration, which hid it from the
rest level. With the guard the typing was rest, and its rings (broadband, 6-12 Hz included) set the baseline:
the red team's ``fatigue_holds --extras typing`` at 50 Hz, seeds 1-8, 0.030-0.037 m/s^2 against a person's
0.010-0.018. Frames whose power above 14 Hz comes in bursts (:func:`tremor.core.impulsive_band.bursty_frames`)
now leave the rest level, as the twitch detector's activity events do from 90 Hz.

The signals are this test's own physics: a forearm resting on a desk (pitch 5 deg, a resting tremor of 0.012
m/s^2 RMS at 8-12 Hz, 0.004 m/s^2 sensor noise), two 40 s holds raised 70 deg with a fatigue tremor (0.02 ->
0.10-0.15 m/s^2 RMS at 9-10.5 Hz drifting 0.8 Hz lower, wandering 0.3 Hz), and in every rest typing on a laptop
from its first 5 s to its last 0-5 s: taps at 4-8 a second (exponential intervals over a 40 ms minimum), each
ringing 10-30 ms at 8-20 Hz with a peak of 0.05-0.4 m/s^2. The same recording without the taps gives the
person's baseline. Measured (seeds 0-31 at 50 and 60 Hz, typing at 4-8 taps a second through each rest): with
typing over without, RMS 1.13-1.55x (median 1.28) before, 0.88-1.35x (median 1.05) after; the holds
`fatigue_tremor` 64/64 both.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.core.arm_pendulum import band_noise, lap_recording, smooth_step
from tests.run_entropy import fresh_entropy
from tremor.core.analysis import analyze
from tremor.core.impulsive_band import bursty_frames
from tremor.core.recording import Recording

FRESH_SEED = int(fresh_entropy(__name__) % 2**31)


def desk_session(seed: int, fs: float, typing: bool) -> Recording:
    """Rests at a desk with a typing bout in each (``typing``), and two fatigue holds (see the module)."""
    rng = np.random.default_rng(seed)
    holds = [(70.0, 110.0), (170.0, 210.0)]
    t = np.arange(0.0, 270.0, 1.0 / fs)
    n = t.size
    pitch = np.deg2rad(5.0) + np.deg2rad(0.5) * band_noise(rng, n, fs, 0.05, 0.5, 1.0)
    tremor = band_noise(rng, n, fs, 8.0, 12.0, 0.012)
    for a, b in holds:
        pitch += np.deg2rad(70.0) * (smooth_step(t, a - 1.5, 1.5) - smooth_step(t, b, 1.5))
        m = (t >= a) & (t < b)
        u = (t[m] - a) / (b - a)
        wander = np.convolve(rng.standard_normal(u.size), np.ones(int(fs)) / fs, mode="same")
        freq = rng.uniform(9.0, 10.5) - 0.8 * u + 0.3 * wander / np.std(wander)
        phase = 2 * np.pi * np.cumsum(freq) / fs
        tremor[m] += np.sqrt(2) * (0.02 + rng.uniform(0.08, 0.13) * u) * np.sin(phase)
    taps = np.zeros((n, 3))
    axis = np.array([0.1, 0.2, 0.97])
    bt = np.arange(0.0, 0.12, 1.0 / fs)
    for a, b in ((15.0, 60.0), (120.0, 160.0), (220.0, 265.0)):
        start = rng.uniform(a, a + 5.0)
        tk, end, rate = start, b - rng.uniform(0.0, 5.0), rng.uniform(4.0, 8.0)
        while (tk := tk + max(0.04, rng.exponential(1.0 / rate))) < end:
            ring = np.exp(-bt / rng.uniform(0.01, 0.03)) * np.sin(2 * np.pi * rng.uniform(8.0, 20.0) * bt)
            i0 = int(tk * fs)
            taps[i0 : i0 + bt.size] += rng.uniform(0.05, 0.4) * np.outer(ring, axis)
    noise = rng.normal(0.0, 0.004, (n, 3))
    return lap_recording(
        t, fs, pitch, np.zeros(n), tremor, noise, f"desk typing seed {seed}", taps if typing else None
    )


@pytest.mark.parametrize("fs", [50.0, 60.0])
@pytest.mark.parametrize("first", [0, FRESH_SEED])
def test_typing_in_the_rests_does_not_raise_the_rest_level(first, fs):
    """Over 16 sessions typing through every rest, the rest level's median ratio to the typing-free one is at
    most 1.2 (1.28 over seeds 0-31 before; a single session scatters 0.9-1.45 as the frames left differ) and the
    holds keep their fatigue label. At 50 Hz, seeds 1000-1095: median 1.10, 90th percentile 1.21, largest 1.44;
    240 fresh seeds (tenth session): median 1.09, 90th percentile 1.23, largest 1.35. Over 8 sessions the median
    passed 1.2 in 0.74 % of draws (bootstrap of those 240; fresh seed 1253064024: 1.22), over 16 in 0.06 %."""
    ratios = []
    for seed in range(first, first + 16):
        typed = analyze(desk_session(seed, fs, typing=True))
        quiet = analyze(desk_session(seed, fs, typing=False))
        levels = [r.rest_rms_mps2 or r.rest_noise_floor_mps2 for r in (typed, quiet)]
        assert levels[0] is not None and levels[1] is not None, (seed, levels)
        ratios.append(levels[0] / levels[1])
        assert [s.label for s in typed.sets] == ["fatigue_tremor"] * 2, (seed, [s.label for s in typed.sets])
    assert float(np.median(ratios)) <= 1.2, f"seeds {first}-{first + 15} at {fs} Hz: {np.round(ratios, 2)}"
    # a single session scatters: 1.66 in one of about 650 at 50 Hz (CI, fresh seed 144791501; 540 fresh sessions
    # in loops reached 1.43, 200 at 60 Hz 1.31): one session over 1.5 is allowed, none over 2
    assert sorted(ratios)[-2] <= 1.5 and max(ratios) <= 2.0, (
        f"seeds {first}-{first + 15} at {fs} Hz: {np.round(ratios, 2)}"
    )


@pytest.mark.parametrize("fs", [50.0, 100.0])
def test_steady_noise_and_a_still_wrist_have_no_bursty_frames(fs):
    """Gaussian vibration above 14 Hz and a still wrist's noise are not bursts (the guard's near side): a frame in
    100 of 14-40 Hz vibration along one direction goes over by chance (its few independent samples), none at rest."""
    rng = np.random.default_rng(11)
    rec = desk_session(11, fs, typing=False)
    road = band_noise(rng, rec.time_s.size, fs, 14.0, min(40.0, fs / 2 - 1.0), 0.05)
    shaken = Recording(
        time_s=rec.time_s,
        acc_mps2=rec.acc_mps2 + np.outer(road, [0.3, 0.3, 0.9]),
        gravity_included=True,
        source=rec.source,
        fs_declared_hz=fs,
    )
    for r in (rec, shaken):
        frames = analyze(r).frames
        flagged = bursty_frames(frames.ext_kurtosis)
        share = 0.0 if flagged is None else float(flagged.mean())
        assert share <= 0.03, f"{share:.3f} of the frames called bursty at {fs} Hz"
