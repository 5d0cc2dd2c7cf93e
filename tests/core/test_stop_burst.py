"""A set of reps stopping at once: its step's burst through 6-12 Hz is no tremor (:mod:`tremor.core.stop_burst`).

Physics (own, after h-rev40's failure curls): seated curls, the forearm (wrist 0.3 m from the elbow) swinging
10-120 deg at 0.5 reps/s for 20 s from a rest on the thigh (-60 deg), held 2 s at the bottom, lowered in 1.5 s.
The tangential acceleration at the bottom of a sinusoidal rep is at its largest (55 deg * pi^2 * 0.3 m, 2.8 m/s^2);
how it ends is the catch: cut off at once (a step, as red team R5 ``thigh_rest`` draws it), over about 70 ms (a
Gaussian of 30 ms on the whole angle) or over 300 ms (120 ms; h-rev40's model, ``tests/core/test_rep_stops_cost.py``
of the reverted h-curl50 merge). A 2 Hz wide 7.5-10 Hz tremor of 0.012 m/s^2 stays level,
or grows through the set as ``exp(ln(3) u^2)`` (u the set's elapsed share) to 3x in the last rep and the hold,
fading within a second after the lowering. The reps themselves, at 2.8 m/s^2, are vigorous throughout.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.ndimage import gaussian_filter1d
from scipy.signal import butter, sosfiltfilt

from tremor.core.analysis import AnalysisResult, analyze
from tremor.core.features import compute_frames
from tremor.core.recording import Recording, SourceInfo
from tremor.core.sets import VIGOROUS_MPS2
from tremor.core.stop_burst import stop_bursts

G = 9.81
REST, REPS, HOLD, LOWER = 25.0, 20.0, 2.0, 1.5


def curls(
    seed: int, fs: float, grow: float, catch_s: float, reps_s: float = REPS
) -> tuple[np.ndarray, np.ndarray]:
    """The curls (time s, acceleration m/s^2 (n, 3)); ``catch_s`` the Gaussian on the angle (0: a step)."""
    rng = np.random.default_rng(seed)
    n = int((REST + reps_s + HOLD + LOWER + 20.0) * fs)
    t = np.arange(n) / fs
    down = np.deg2rad(-60.0)
    th = np.full(n, down)
    lead = (t >= REST - 1.0) & (t < REST)
    th[lead] = down + np.deg2rad(70.0) * (0.5 - 0.5 * np.cos(np.pi * (t[lead] - REST + 1.0)))
    reps = (t >= REST) & (t < REST + reps_s)
    th[reps] = np.deg2rad(10 + 55 * (1 - np.cos(np.pi * (t[reps] - REST))))
    end = REST + reps_s
    th[(t >= end) & (t < end + HOLD)] = np.deg2rad(10.0)
    low = (t >= end + HOLD) & (t < end + HOLD + LOWER)
    s = (t[low] - end - HOLD) / LOWER
    th[low] = np.deg2rad(10.0) + (down - np.deg2rad(10.0)) * (0.5 - 0.5 * np.cos(np.pi * s))
    th = gaussian_filter1d(th, catch_s * fs) if catch_s > 0 else th
    thd = np.gradient(th, 1 / fs)
    acc = np.column_stack(
        [G * np.cos(th) - 0.3 * thd**2, G * np.sin(th) + 0.3 * np.gradient(thd, 1 / fs), np.full(n, 0.3)]
    )
    base = 0.012
    u = np.clip((t - REST) / reps_s, 0.0, 1.0)
    amp = np.where((t >= REST) & (t < end + HOLD), base * np.exp(np.log(grow) * u**2), base)
    after = t >= end + HOLD
    amp[after] = base + base * (grow - 1) * np.exp(-(t[after] - end - HOLD) / 0.7)
    f0 = rng.uniform(7.5, 10.0)
    sos = butter(2, [f0 - 1.0, f0 + 1.0], btype="band", fs=fs, output="sos")
    line = sosfiltfilt(sos, rng.standard_normal(n))
    acc += np.outer(line / np.sqrt(np.mean(line**2)) * amp, [0.6, 0.3, 0.74])
    return t, acc + rng.normal(0, 0.008, acc.shape)


def _analyze(t: np.ndarray, acc: np.ndarray) -> AnalysisResult:
    return analyze(Recording(t, acc, True, SourceInfo(path="curls.csv", format="generic_csv", units="m/s^2")))


def _fatigue(res: AnalysisResult) -> bool:
    return any(
        s.label == "fatigue_tremor" or any(c.id == "neuromuscular_fatigue" for c in s.causes)
        for s in res.sets
    )


def _left_out(t: np.ndarray, acc: np.ndarray, fs: float) -> np.ndarray:
    """Centres (s) of the frames over the reps and hold that :func:`stop_bursts` leaves out."""
    fr = compute_frames(acc, fs=fs)
    idx = np.flatnonzero((fr.t_s >= REST + 1.0) & (fr.t_s <= REST + REPS + HOLD))
    out = stop_bursts(fr.t_s, fr.movement_rms, fr.band_env, fr.low_env, idx, VIGOROUS_MPS2, 0.5)
    return fr.t_s[idx][out]


@pytest.mark.parametrize("fs", [50.0, 100.0])
def test_a_step_stop_leaves_out_the_frames_its_burst_holds_and_no_more(fs: float) -> None:
    """Cut off at once: the two or three frames about the stop go (the burst is 0.4 m/s^2 over 6-12 Hz for a few
    tenths of a second), none more than a second from it; caught over 300 ms, no burst, no frame goes."""
    t, acc = curls(1, fs, 1.0, 0.0)
    gone = _left_out(t, acc, fs)
    stop = REST + REPS
    assert 2 <= np.count_nonzero(np.abs(gone - stop) <= 1.0) <= 4, gone
    assert np.all(np.abs(gone - stop) <= 1.0) or np.all(
        np.abs(gone[np.abs(gone - stop) > 1.0] - REST) <= 1.0
    ), gone
    t, acc = curls(1, fs, 1.0, 0.12)
    assert _left_out(t, acc, fs).size == 0


def test_a_tremor_surge_at_the_stop_is_kept() -> None:
    """A 9 Hz surge of the tremor itself at the stop (0.25 s, 12x the tremor) is narrow: its 3-7 Hz envelope does
    not rise as a step's does, and no frame goes."""
    fs = 50.0
    t, acc = curls(2, fs, 1.0, 0.12)
    stop = REST + REPS
    env = np.exp(-0.5 * ((t - stop) / 0.12) ** 2)
    acc[:, 0] += 0.15 * env * np.sin(2 * np.pi * 9.0 * t)
    assert _left_out(t, acc, fs).size == 0


def test_unknown_band_or_too_few_frames_leave_out_nothing() -> None:
    """NaN envelopes (a rate that cannot show the band) and sets of under 3 frames: no frame is left out."""
    t, acc = curls(3, 50.0, 1.0, 0.0)
    fr = compute_frames(acc, fs=50.0)
    idx = np.flatnonzero((fr.t_s >= REST + 1.0) & (fr.t_s <= REST + REPS + HOLD))
    nan = np.full_like(fr.band_env, np.nan)
    assert not stop_bursts(fr.t_s, fr.movement_rms, nan, nan, idx, VIGOROUS_MPS2, 0.5).any()
    assert not stop_bursts(
        fr.t_s, fr.movement_rms, fr.band_env, fr.low_env, idx[:2], VIGOROUS_MPS2, 0.5
    ).any()


@pytest.mark.parametrize(("fs", "seed"), [(50.0, 200), (100.0, 200), (100.0, 205)])
def test_curls_caught_in_70_ms_with_no_growth_are_no_fatigue(fs: float, seed: int) -> None:
    """Level tremor, the reps caught over 70 ms: no fatigue label. Measured (fresh seeds 200-211 at 100 Hz): 12/12
    sets ``fatigue_tremor`` before the rule -> 0/12 (at 100 Hz such a catch is too smooth to be an impact); 50 Hz
    seeds 200-223: 0/24 before and after."""
    t, acc = curls(seed, fs, 1.0, 0.03)
    assert not _fatigue(_analyze(t, acc))


@pytest.mark.parametrize(("fs", "catch_s", "seed"), [(50.0, 0.03, 100), (50.0, 0.0, 103), (100.0, 0.12, 101)])
def test_a_fatigue_tremor_largest_at_the_last_rep_keeps_its_label(
    fs: float, catch_s: float, seed: int
) -> None:
    """The tremor growing 3x to the last rep and the hold: ``fatigue_tremor``, whatever the catch (rev40's model:
    sets so labelled, rule off -> on, 50 Hz seeds 100-123: caught in 300 ms 18/24 -> 18/24, in 70 ms 5/24 -> 21/24,
    at once 22/24 -> 24/24; 100 Hz seeds 100-111 caught in 300 ms 12/12 -> 12/12; the cost: 8 s sets at 100 Hz caught
    in 70 ms 23/24 -> 21/24, docs/accuracy.md)."""
    t, acc = curls(seed, fs, 3.0, catch_s)
    assert _fatigue(_analyze(t, acc))


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="h-curl50b's cost: in 8 s sets caught in 70 ms the stop's burst carried part of the rise; without it the "
    "rise of a tremor growing 3x over 4 reps stands under its chance in some sets (sets so labelled, rule off -> on: "
    "100 Hz seeds 100-123 23/24 -> 21/24, 104 and 120 lost; 50 Hz 9/24 -> 20/24, 114 and 121 lost, 13 gained)",
)
def test_a_short_failure_set_caught_in_70_ms_keeps_its_fatigue_label_seed_104() -> None:
    t, acc = curls(104, 100.0, 3.0, 0.03, reps_s=8.0)
    assert _fatigue(_analyze(t, acc))
