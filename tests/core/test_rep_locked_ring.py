"""A ring excited by each rep (a loose strap, a bar's whip) is not tremor; a tremor through reps still is.

Issue 9 (redteam FINDINGS item 8 and round two B): a loose watch rings its 8-11 Hz watch-on-skin resonance
after each turn of each curl, and a loaded bar whips at 7-10 Hz; both read ``enhanced_tremor`` at 20-250x rest
(and a bench set ``fatigue_tremor``). The ring's envelope rises and decays with the rep's phase
(:mod:`tremor.core.rep_locked_ring`); a tremor's wanders on its own, at most modulated by the rep. Recordings
are built here from the physics: the forearm turning about the elbow (gravity turning with it, tangential and
centripetal acceleration 0.3 m out) with the tempo wandering 8 % rep to rep, a resting tremor (9.2 Hz, 2 Hz
wide, 0.015 m/s^2) and sensor noise (0.008 m/s^2) throughout.

Shares measured while choosing :data:`LOCK_MIN_SHARE` are in its comment: rings 0.53-0.82 but for weak or
300 ms rings at 1 Hz reps (not asserted here where they stay under enhanced tremor's level, or decay 300 ms at
1 Hz); tremor at most 0.27 unmodulated, 0.40 modulated 30 % by the rep (540 sets).
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.run_entropy import fresh_entropy
from tremor.core.analysis import analyze
from tremor.core.features import compute_frames
from tremor.core.recording import Recording, SourceInfo
from tremor.core.rep_locked_ring import (
    LEVEL_OVER_REST,
    LOCK_MIN_SHARE,
    SUB_BLOCKS,
    gap_free_run,
    rep_lock_share,
    rep_locked,
)
from tremor.core.set_labels import ENHANCED_OVER_REST

FS = 100.0
G = 9.80665
FRESH = int(fresh_entropy(__name__) % 2**31)


def _line(
    rng: np.random.Generator, n: int, centre_hz: float, width_hz: float, wander_hz: float
) -> np.ndarray:
    """Unit-RMS narrow-band Gaussian line: a complex envelope ``width_hz`` wide on a carrier wandering slowly."""
    f = np.fft.fftfreq(n, 1.0 / FS)
    env = np.fft.ifft(
        (rng.standard_normal(n) + 1j * rng.standard_normal(n)) * np.exp(-0.5 * (f / (width_hz / 2.355)) ** 2)
    )
    drift = np.fft.ifft(np.fft.fft(rng.standard_normal(n)) * (np.abs(f) < 0.05)).real
    drift *= wander_hz / (np.abs(drift).max() + 1e-12)
    x = (env * np.exp(2j * np.pi * np.cumsum(centre_hz + drift) / FS)).real
    return x / np.sqrt(np.mean(x**2))


def _curls(
    rng: np.random.Generator, n: int, rep_hz: float, amp_deg: float = 110.0
) -> tuple[np.ndarray, np.ndarray]:
    """Acceleration of a wrist 0.3 m from the elbow curling ``amp_deg`` at about ``rep_hz``, and the rep's phase."""
    t = np.arange(n) / FS
    knots = np.arange(0.0, t[-1] + 2.0 / rep_hz, 1.0 / rep_hz)
    rate = rep_hz * (1.0 + 0.08 * np.interp(t, knots, rng.standard_normal(knots.size)))
    phase = 2 * np.pi * np.cumsum(rate) / FS
    th = np.deg2rad(10.0 + amp_deg / 2 * (1 - np.cos(phase)))
    thd = np.gradient(th, 1.0 / FS)
    acc = np.column_stack(
        [G * np.cos(th) - 0.3 * thd**2, G * np.sin(th) + 0.3 * np.gradient(thd, 1.0 / FS), np.full(n, 0.3)]
    )
    return acc, phase


def _ring(rng: np.random.Generator, phase: np.ndarray, f_hz: float, tau_s: float, turns: int) -> np.ndarray:
    """Unit-RMS damped ring (decay ``tau_s``) excited ``turns`` times a rep, its size varying 20 % kick to kick."""
    n = phase.size
    kicks = np.flatnonzero(np.diff(np.floor(phase * turns / (2 * np.pi))) > 0) + 1
    k = np.arange(int(min(8 * tau_s, 3.0) * FS)) / FS
    x = np.zeros(n)
    for i in kicks:
        burst = (1 + 0.2 * rng.standard_normal()) * np.exp(-k / tau_s) * np.sin(2 * np.pi * f_hz * k)
        m = min(k.size, n - i)
        x[i : i + m] += burst[:m]
    return x / np.sqrt(np.mean(x**2))


def _set_acc(
    seed: int,
    rep_hz: float,
    *,
    ring: tuple[float, float, float] | None = None,
    tremor: tuple[float, float, float] | None = None,
    turns: int = 2,
    seconds: float = 40.0,
) -> np.ndarray:
    """A set of curls: ``ring`` (Hz, decay s, RMS m/s^2) or ``tremor`` (centre Hz, RMS m/s^2, modulation by the rep)."""
    rng = np.random.default_rng(seed)
    n = int(seconds * FS)
    acc, phase = _curls(rng, n, rep_hz)
    axis = np.array([0.6, 0.3, 0.74])
    acc += np.outer(_line(rng, n, 9.2, 2.0, 0.0) * 0.015, [0.3, 0.8, 0.5])
    if ring is not None:
        f_hz, tau_s, rms = ring
        acc += np.outer(_ring(rng, phase, f_hz, tau_s, turns) * rms, axis)
    if tremor is not None:
        centre, rms, mod = tremor
        x = _line(rng, n, centre, 1.5, 2.0) * rms * (1 + mod * np.cos(phase + rng.uniform(0, 2 * np.pi)))
        acc += np.outer(x, axis)
    return acc + rng.normal(0, 0.008, acc.shape)


def _share(acc: np.ndarray) -> tuple[float | None, float, float]:
    """The set's lock share and reps (frames 1 s in from its ends), and its 6-12 Hz RMS."""
    f = compute_frames(acc, fs=FS)
    sl = slice(2, len(f) - 2)
    share, reps = rep_lock_share(f.band_env[sl], f.sub_acc[sl], 0.5 / SUB_BLOCKS)
    return share, reps, float(np.sqrt(np.mean(f.power_phys[sl])))


@pytest.mark.parametrize("rep_hz", [0.3, 0.5, 1.0])
@pytest.mark.parametrize("tau_s", [0.05, 0.15, 0.3])
def test_a_ring_excited_by_each_rep_is_locked_to_it(rep_hz: float, tau_s: float) -> None:
    seed = FRESH + int(rep_hz * 10) + int(tau_s * 100)
    print("fresh seed", seed)
    rng = np.random.default_rng(seed)
    rest = _share(_set_acc(seed, rep_hz))[2]
    for rms in (0.03, 0.1, 0.5):
        f_hz = rng.uniform(8.0, 11.0)
        share, reps, level = _share(_set_acc(seed, rep_hz, ring=(f_hz, tau_s, rms)))
        print(
            f"ring {f_hz:.1f} Hz, decay {tau_s} s, {rms} m/s^2, reps {rep_hz} Hz: share {share}, {reps:.1f} reps,"
            f" {(level / rest) ** 2:.1f}x the set's power without it"
        )
        if (level / rest) ** 2 < ENHANCED_OVER_REST:
            continue  # a weak ring, the same size every rep, cannot rise: under enhanced tremor's level it is calm
            # (0.03 m/s^2 over the 0.015 resting tremor: 2-5x, shares 0.2-0.56)
        if rep_hz >= 1.0 and tau_s >= 0.3:
            continue  # turns 0.5 s apart: a 300 ms ring barely decays before the next (shares 0.34-0.7: a limit,
            # in LOCK_MIN_SHARE's comment)
        assert share is not None and share >= LOCK_MIN_SHARE, (f_hz, rms, share)


@pytest.mark.parametrize("f_hz", [15.0, 20.0, 25.0])
def test_a_ring_above_the_band_either_leaves_it_under_tremor_levels_or_is_locked(f_hz: float) -> None:
    seed = FRESH + int(f_hz)
    print("fresh seed", seed)
    rest = _share(_set_acc(seed, 0.5))[2]
    for tau_s in (0.05, 0.15, 0.3):
        for rms in (0.1, 0.5):
            share, _, level = _share(_set_acc(seed, 0.5, ring=(f_hz, tau_s, rms)))
            print(
                f"ring {f_hz} Hz, {tau_s} s, {rms} m/s^2: 6-12 Hz {level:.3f} (rest {rest:.3f}), share {share}"
            )
            # its skirt in the band is steady (no rise), so the level that labels it is enhanced tremor's
            assert (level / rest) ** 2 < ENHANCED_OVER_REST or (share is not None and share >= LOCK_MIN_SHARE)


@pytest.mark.parametrize("rep_hz", [0.3, 0.5, 1.0])
@pytest.mark.parametrize("mod", [0.0, 0.3])
def test_a_tremor_through_reps_is_not_locked(rep_hz: float, mod: float) -> None:
    seed = FRESH + int(rep_hz * 10) + int(mod * 10)
    print("fresh seed", seed)
    rng = np.random.default_rng(seed)
    for rms in (0.02, 0.06, 0.2):
        centre = rng.uniform(6.5, 11.5)
        share, reps, _ = _share(_set_acc(seed, rep_hz, tremor=(centre, rms, mod)))
        print(f"tremor {centre:.1f} Hz, {rms} m/s^2, modulated {mod:.0%}, reps {rep_hz} Hz: share {share}")
        assert share is not None and share < LOCK_MIN_SHARE - (0.15 if mod == 0 else 0.0), (
            centre,
            rms,
            share,
        )


def test_too_few_reps_or_no_movement_is_not_judged() -> None:
    acc = _set_acc(FRESH, 0.3, ring=(9.5, 0.15, 0.1), seconds=14.0)  # about 3.5 reps after the edges
    f = compute_frames(acc, fs=FS)
    locked, share = rep_locked(f.band_env[2:-2], f.sub_acc[2:-2], 0.1)
    assert not locked and share is None
    assert rep_lock_share(f.band_env[:3], f.sub_acc[:3], 0.1) == (None, 0.0)  # 15 sub-blocks
    nan = np.full_like(f.band_env, np.nan)
    assert rep_lock_share(nan, f.sub_acc, 0.1)[0] is None  # a rate that cannot show 6-12 Hz


def test_gap_free_run_takes_the_longest_run_of_frames_a_hop_apart() -> None:
    t = np.concatenate([np.arange(10) * 0.5, 20 + np.arange(30) * 0.5, 40 + np.arange(5) * 0.5])
    assert gap_free_run(t, 0.5) == (10, 40)
    assert gap_free_run(np.zeros(0), 0.5) == (0, 0)


def _recording(seed: int, *, ring: bool, tremor: bool, reps: bool) -> Recording:
    """130 s: rest, a 40 s set at 50-90 s (curls at 0.5 Hz, or a hold with the forearm raised 75 deg), rest."""
    rng = np.random.default_rng(seed)
    n = int(130 * FS)
    t = np.arange(n) / FS
    pitch = np.full(n, np.deg2rad(10.0))
    lin = np.outer(_line(rng, n, 9.2, 2.0, 0.0) * 0.015, [0.3, 0.8, 0.5])
    m = (t >= 50.0) & (t < 90.0)
    k = int(m.sum())
    ramp = np.clip(np.minimum(t[m] - 50.0, 90.0 - t[m]), 0.0, 1.0)  # a second to raise and lower the forearm
    phase = 2 * np.pi * 0.5 * (t[m] - 50.0)
    if reps:
        th = np.deg2rad(110.0) / 2 * (1 - np.cos(phase)) * ramp
    else:
        th = np.deg2rad(75.0) * ramp
    thd = np.gradient(th, 1.0 / FS)
    pitch[m] += th
    lin[m, 0] += 0.3 * np.gradient(thd, 1.0 / FS)
    lin[m, 2] += 0.3 * thd**2
    axis = np.array([0.6, 0.3, 0.74])
    if ring:
        lin[m] += np.outer(_ring(rng, phase, 9.5, 0.15, 2) * 0.1, axis)
    if tremor:  # a fatigue tremor growing 0.02 -> 0.15 m/s^2, drifting 10 -> 9 Hz
        lin[m] += np.outer(_line(rng, k, 9.5, 1.5, 0.5) * np.linspace(0.02, 0.15, k), axis)
    acc = (
        G * np.column_stack([np.sin(pitch), np.zeros(n), np.cos(pitch)]) + lin + rng.normal(0, 0.008, (n, 3))
    )
    return Recording(t, acc, True, SourceInfo(path="set.csv", format="generic_csv", units="m/s^2"))


def _only_set(rec: Recording):
    result = analyze(rec)
    assert len(result.sets) == 1, [(s.span.start_s, s.span.end_s) for s in result.sets]
    return result, result.sets[0]


def test_a_loose_strap_through_curls_is_not_assessable_as_a_rattle() -> None:
    print("fresh seed", FRESH)
    result, s = _only_set(_recording(FRESH, ring=True, tremor=False, reps=True))
    assert s.label == "not_assessable", (s.label, s.metrics)
    assert s.metrics.not_assessable_reason == "rattle"
    assert s.metrics.rep_lock_share is not None and s.metrics.rep_lock_share >= LOCK_MIN_SHARE
    assert any("rises and decays with each rep" in n for n in result.notes)


def test_a_fatigue_tremor_through_curls_stays_assessable() -> None:
    print("fresh seed", FRESH)
    _, s = _only_set(_recording(FRESH, ring=False, tremor=True, reps=True))
    assert s.metrics.not_assessable_reason is None, s.metrics
    assert s.metrics.rep_lock_share is not None and s.metrics.rep_lock_share < LOCK_MIN_SHARE
    assert s.label == "fatigue_tremor", (s.label, s.metrics)


def test_a_hold_is_not_judged() -> None:
    print("fresh seed", FRESH)
    _, s = _only_set(_recording(FRESH, ring=False, tremor=True, reps=False))
    assert s.metrics.rep_lock_share is None and s.metrics.not_assessable_reason is None
    assert s.label == "fatigue_tremor", (s.label, s.metrics)


def test_the_level_gate_is_the_lowest_level_a_tremor_label_is_given_at() -> None:
    from tremor.core.set_labels import FATIGUE_OVER_REST, FLOOR_REST_SHARE

    assert pytest.approx(1 + (FATIGUE_OVER_REST - 1) * FLOOR_REST_SHARE, abs=0.005) == LEVEL_OVER_REST
