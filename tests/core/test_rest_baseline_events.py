"""Typing or tapping in the rests says nothing of the resting wrist's tremor (red team item 9, typing in the rests).

A tap rings the wrist for 10-30 ms at 8-20 Hz: a burst of taps fills the 6-12 Hz band and flattens its
spectrum, which read as "the spectrum is flat at the sensor's noise floor" with a rest level 2-3x the wrist's
own, and every set's "vs rest" a quarter of the truth (red team). Frames whose window holds an impact, or lies
within 2 s of an activity event, are left out of the rest baseline; the same rests without taps give the same
baseline as before. Measured (seeds 1-3, 100/200 Hz): typed rest 1.30-1.47x the untyped before, 1.05-1.18x after.

The signals are this test's own: a resting wrist's tremor (a 2 Hz wide line at 8.5-10.5 Hz, 0.012 m/s^2 RMS)
over 0.008 m/s^2 sensor noise, holds whose tremor grows 0.02 -> 0.15 m/s^2, and through 60-70 % of every rest
typing on a phone held in the watch hand (taps 0.05-0.4 m/s^2 at 4-8 a second along the screen's normal).
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.run_entropy import fresh_entropy
from tremor.core.analysis import analyze
from tremor.core.recording import Recording, SourceInfo

FRESH_SEED = int(fresh_entropy(__name__) % 2**31)
REST_RMS = 0.012


def _line(rng: np.random.Generator, fs: float, n: int, lo: float, hi: float) -> np.ndarray:
    """Unit-RMS Gaussian noise confined to ``lo``-``hi`` Hz (a tremor line's complex envelope)."""
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1.0 / fs)
    spec[(f < lo) | (f > hi)] = 0.0
    x = np.fft.irfft(spec, n)
    return x / x.std()


def _session(seed: int, fs: float, typing: bool) -> tuple[Recording, float]:
    """60 s rest, then three 40 s holds with 50 s rests between and after; the holds raise the forearm (gravity
    turns 75 deg); returns the recording and the first hold's start."""
    rng = np.random.default_rng(seed)
    spans = [(60.0, 100.0), (150.0, 190.0), (240.0, 280.0)]
    t = np.arange(0.0, 330.0, 1.0 / fs)
    n = t.size
    pose = np.zeros(n)
    tremor = REST_RMS * _line(rng, fs, n, 8.5, 10.5)
    for a, b in spans:
        u = np.clip((t - (a - 1.0)) / 1.0, 0.0, 1.0) * np.clip((b + 1.0 - t) / 1.0, 0.0, 1.0)
        pose = np.maximum(pose, 0.5 - 0.5 * np.cos(np.pi * u))
        m = (t >= a) & (t < b)
        grow = 0.02 + 0.13 * (t[m] - a) / (b - a)
        tremor[m] += grow * _line(rng, fs, int(m.sum()), 8.5, 10.5)
    angle = np.deg2rad(75.0) * pose
    acc = np.stack([9.81 * np.sin(angle), np.zeros(n), 9.81 * np.cos(angle)], axis=1)
    acc[:, 1] += tremor
    acc += rng.normal(0.0, 0.008, (n, 3))
    if typing:
        # a message typed through most of each rest (60-70 % of it), the phone in the watch hand: taps along
        # the screen's normal at 4-8 a second (exponential intervals over a 40 ms minimum)
        rests = [(2.0, 57.0), (102.0, 147.0), (192.0, 237.0), (282.0, 327.0)]
        tap_t = np.arange(int(0.06 * fs)) / fs
        axis = rng.normal(size=3)
        axis /= np.linalg.norm(axis)
        for a, b in rests:
            start = rng.uniform(a, a + 0.3 * (b - a))
            tk, end = start, start + rng.uniform(0.6, 0.7) * (b - a)
            while tk < end:
                ring = np.exp(-tap_t / rng.uniform(0.01, 0.03)) * np.sin(
                    2 * np.pi * rng.uniform(8, 20) * tap_t
                )
                i0 = round(tk * fs)
                acc[i0 : i0 + tap_t.size] += rng.uniform(0.05, 0.4) * np.outer(ring, axis)
                tk += 0.04 + rng.exponential(1 / 6.0)
    source = SourceInfo(path=f"<rests with typing seed {seed}>", format="simulated", units="m/s^2")
    return Recording(time_s=t, acc_mps2=acc, gravity_included=True, source=source, fs_declared_hz=fs), 60.0


@pytest.mark.parametrize("fs", [100.0, 200.0])
@pytest.mark.parametrize("seed", [3, FRESH_SEED])
def test_typing_in_the_rests_is_not_the_rest_level_nor_a_noise_floor(seed, fs):
    """The typed rests' level stays within 1.3x the same rests' without typing (no noise-floor claim).

    Measured over fresh seeds (h-flaky3, 2026-11-29): with the impact and activity frames left out, typed
    over untyped 0.86-1.235 (median 1.03-1.05) over 30 seeds at each rate, and 1.26 at fresh seed 467451779
    (200 Hz): the 45 rest frames left beside the typing read, without the taps, 1.16x the RMS of all 114
    untyped rest frames (a 2 Hz wide tremor line's power varies frame to frame: their median power is 1.34x),
    and 11 of them hold over 1.5x their untyped power, taps not found as events; without leaving the impact
    and activity frames out, 1.28-1.51 (median 1.40-1.44) over 15 seeds at each rate, seed 3 1.31 and 1.47.
    Hence 1.3, not 1.25: a median over the few rest frames the typing leaves spreads that far."""
    print("seed", seed)
    clean = analyze(_session(seed, fs, typing=False)[0])
    typed = analyze(_session(seed, fs, typing=True)[0])
    assert clean.rest_rms_mps2 is not None and 0.7 * REST_RMS < clean.rest_rms_mps2 < 1.4 * REST_RMS
    assert typed.rest_noise_floor_mps2 is None, typed.notes
    assert typed.rest_rms_mps2 is not None and typed.rest_rms_mps2 < 1.3 * clean.rest_rms_mps2, (
        typed.rest_rms_mps2,
        clean.rest_rms_mps2,
    )
    # each set's fatigue rise is read: fatigue_tremor, or mixed where the growing line's envelope surges were
    # taken for twitches (the twitch detector's limit, a strict xfail in tests/stress/test_fresh_seed_cases.py:
    # fresh seed 15034895, 100 Hz, 3 in one set; 31 false twitches in 180 sets over 60 sessions, no set mixed)
    assert len(clean.sets) == 3 and {s.label for s in clean.sets} <= {"fatigue_tremor", "mixed"}, [
        s.label for s in clean.sets
    ]
