"""External broadband vibration (a vehicle, a road, a machine) is found and nothing of the person's is read from it.

Both sides: broadband vibration above the noise floor for tens of seconds is found, at rest and over a true
fatigue tremor; true fatigue tremor, twitches at rest, knocks, a strong 12 Hz tremor's harmonics and a machine
line are not taken for it.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest
from scipy.signal import lfilter

from tests.run_entropy import fresh_entropy
from tremor.core.analysis import analyze
from tremor.core.external_vibration import (
    EXT_SUBBAND_HZ,
    LOW_QUANTILE,
    LOW_QUANTILE_SHARE,
    external_assessable,
    external_power,
    external_subbands,
    find_external_vibration,
)
from tremor.core.features import Frames, compute_frames
from tremor.core.recording import Recording, SourceInfo
from tremor.sim.session import simulate_session

FRESH_SEED = int(fresh_entropy(__name__) % 2**31)
DIRECTION = np.array([0.6, -0.48, 0.64])


def _found(acc: np.ndarray, fs: float) -> tuple:
    fr: Frames = compute_frames(acc, fs=fs)
    tremor = np.fmax(np.fmax(fr.power_low, fr.power_phys), fr.power_high)
    return find_external_vibration(fr.t_s, fr.ext_power, fr.ext_band_hz, tremor)


def _band_noise(n: int, fs: float, lo: float, hi: float, rng: np.random.Generator) -> np.ndarray:
    spec = np.fft.rfft(rng.standard_normal(n))
    f = np.fft.rfftfreq(n, 1.0 / fs)
    spec[(f < lo) | (f > hi)] = 0.0
    x = np.fft.irfft(spec, n)
    return x / x.std()


def _rest(fs: float, seconds: float, rng: np.random.Generator) -> np.ndarray:
    t = np.arange(int(seconds * fs)) / fs
    acc = rng.normal(0.0, 0.008, (t.size, 3))
    acc[:, 2] += 9.81
    return acc


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
@pytest.mark.parametrize("seed", [1, FRESH_SEED])
def test_road_vibration_is_found_and_quiet_rest_is_not(fs, seed):
    """0.1 m/s^2 RMS (0.3 at 50 Hz) per 6 Hz of 10 Hz-0.45 fs noise for 40 s is found; 0.04 is not by the first
    level alone (no event times given; the second level, steady broadband with no event in its frames, is
    tested in test_vehicle_vibration.py)."""
    print("seed", seed)
    rng = np.random.default_rng(seed)
    acc = _rest(fs, 90.0, rng)
    n = acc.shape[0]
    t = np.arange(n) / fs
    on = (t >= 30.0) & (t < 70.0)
    # at 50 Hz one 14-20 Hz sub-band of 24 bins scatters more
    for level, expect in ((0.3 if fs < 100 else 0.1, True), (0.04, False)):
        vib = _band_noise(n, fs, 10.0, 0.45 * fs, rng) * level * np.sqrt((0.45 * fs - 10.0) / 6.0)
        spans = _found(acc + np.outer(vib * on, DIRECTION), fs)
        if expect:
            assert len(spans) == 1, spans
            assert spans[0].start_s < 32.0 and spans[0].end_s > 68.0, spans
        else:
            assert spans == (), spans


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
def test_knocks_twitches_harmonics_and_machine_lines_are_not_external(fs):
    """Brief events (8 m/s^2 knocks, 0.5 m/s^2 twitches every 1.5-6 s), a 0.3 m/s^2 12 Hz tremor with 20 % and
    10 % harmonics, and machine lines at 15-25 Hz up to 1 m/s^2 are no broadband vibration."""
    rng = np.random.default_rng(5)
    base = _rest(fs, 120.0, rng)
    t = np.arange(base.shape[0]) / fs
    ph = 2 * np.pi * 12.0 * t + np.cumsum(rng.normal(0.0, 0.05, t.size))
    tremor = 0.3 * np.sqrt(2) * (np.sin(ph) + 0.2 * np.sin(2 * ph) + 0.1 * np.sin(3 * ph))
    assert _found(base + np.outer(tremor, DIRECTION), fs) == ()
    for f0 in (15.0, 17.0, 19.0, 25.0):
        line = np.sqrt(2) * np.sin(2 * np.pi * f0 * t)
        assert _found(base + np.outer(line, DIRECTION), fs) == (), f0
    for peak, f_ring, tau, gap in ((8.0, 35.0, 0.06, (2.5, 6.0)), (0.5, 20.0, 0.1, (1.5, 4.0))):
        acc = base.copy()
        tk = 2.0
        while tk < 118.0:
            m = (t >= tk) & (t < tk + 4 * tau)
            tt = t[m] - tk
            acc[m] += np.outer(
                peak * np.exp(-tt / tau) * np.sin(2 * np.pi * min(f_ring, 0.45 * fs) * tt), DIRECTION
            )
            tk += rng.uniform(*gap)
        assert _found(acc, fs) == (), peak


def test_detector_needs_50_hz():
    assert external_assessable(50.0) and not external_assessable(45.0)
    rng = np.random.default_rng(3)
    acc = _rest(40.0, 60.0, rng)
    assert _found(acc, 40.0) == ()


@pytest.mark.parametrize("seed", [2, FRESH_SEED])
def test_true_fatigue_and_twitches_unchanged_and_a_ride_says_nothing_of_the_person(seed):
    """A simulated session with fatigue sets and twitches finds no external vibration; the same session with a
    vehicle's seat vibration (2-40 Hz broadband and a 5 Hz body resonance) over a rest gives no out-of-band
    episode, clinician or sleep cause, and no twitch there."""
    print("seed", seed)
    sim = simulate_session(seed=seed, fs_hz=100.0, labels=["fatigue_tremor", "fasciculations"])
    clean = analyze(sim.recording, context={"sleep_h": 8.0})
    assert clean.external_vibration == ()
    assert clean.sets[0].label == "fatigue_tremor", [s.label for s in clean.sets]
    rec = sim.recording
    rng = np.random.default_rng(seed)
    t = rec.time_s
    n = t.size
    ride = (t >= 2.0) & (t < sim.truth.sets[0].start_s - 2.0)
    ph = 2 * np.pi * 5.0 * t + np.cumsum(rng.normal(0.0, 0.1, n))
    vib = 0.3 * _band_noise(n, 100.0, 2.0, 40.0, rng) + 0.35 * np.sin(ph)
    shaken = analyze(
        dataclasses.replace(rec, acc_mps2=rec.acc_mps2 + np.outer(vib * ride, DIRECTION)),
        context={"sleep_h": 8.0},
    )
    assert shaken.external_vibration, shaken.notes
    v = shaken.external_vibration[0]
    assert v.start_s < t[ride][0] + 2.0 and v.end_s > t[ride][-1] - 2.0
    assert not [e for e in shaken.atypical_tremor if e.start_s < v.end_s and v.start_s < e.end_s]
    assert not any(c.id in ("see_a_clinician", "sleep_stress_stimulants") for c in shaken.session_causes)
    assert not [tw for tw, _ in shaken.twitches if v.start_s <= tw.t_s <= v.end_s]
    assert any("external vibration from" in note for note in shaken.notes)


def _rest_tremor_5hz(t: np.ndarray, rng: np.random.Generator, rms: float) -> np.ndarray:
    """A 5 Hz rest tremor with 2nd and 3rd harmonics (40 %, 15 %), frequency wandering by 0.25 Hz and amplitude
    by 30 % (1 s correlation): not machine-steady (as in test_plausibility.py)."""
    a = np.exp(-1.0 / 100.0)

    def slow(n: int) -> np.ndarray:
        return lfilter([np.sqrt(1 - a * a)], [1.0, -a], rng.normal(0.0, 1.0, n))

    phase = 2 * np.pi * np.cumsum(5.0 + 0.25 * slow(t.size)) / 100.0
    env = np.clip(1.0 + 0.3 * slow(t.size), 0.2, None)
    w = env * (np.sin(phase) + 0.4 * np.sin(2 * phase + 1.0) + 0.15 * np.sin(3 * phase + 2.0))
    return rms * w / np.sqrt(np.mean(w * w))


@pytest.mark.fresh_rate(
    param="seed",
    measured="2 of 201 draws (seeds 100-300: 214, 285; a CI draw 380780651, 9d2e5f8 alike): the test's tremor, along"
    " its fixed DIRECTION and switched on and off at once, lies along that session's gravity, so the leg rule"
    " (tremor.core.leg_rhythm: an abrupt bout along gravity at rest) says it cannot tell it from a leg and gives the"
    " conditional advice only, not the clinician cause",
)
@pytest.mark.parametrize("seed", [1, pytest.param(FRESH_SEED, id="fresh")])
def test_a_rhythm_beside_a_ride_is_not_tremor_but_one_apart_from_it_is(seed):
    """A bus ride in the long rest after the last set: (2-40 Hz seat noise 0.3 m/s^2, the seated
    body's 5 Hz resonance 0.35) for 25 s, a 12 s stop at a sixth of that (under the detection level), 20 s driving: no
    out-of-band episode and no clinician note. The other side: a true 5 Hz rest tremor of 0.3 m/s^2 in the
    rest before the first set, far from any vibration, keeps its episode and note."""
    print("seed", seed)
    sim = simulate_session(seed=seed, fs_hz=100.0, labels=["calm", "calm"])
    rec = sim.recording
    # 70 s more of the last rest (its samples repeated, time running on), room for the ride after the last set
    tail = rec.acc_mps2[rec.time_s > sim.truth.sets[-1].end_s + 5.0]
    more = np.tile(tail, (int(np.ceil(7000 / tail.shape[0])), 1))[:7000]
    t_more = rec.time_s[-1] + 0.01 * np.arange(1, 7001)
    rec = dataclasses.replace(
        rec, time_s=np.concatenate([rec.time_s, t_more]), acc_mps2=np.concatenate([rec.acc_mps2, more])
    )
    rng = np.random.default_rng(seed)
    t = rec.time_s
    n = t.size
    a = sim.truth.sets[-1].end_s + 5.0
    level = np.zeros(n)
    level[(t >= a) & (t < a + 25.0)] = 1.0
    level[(t >= a + 25.0) & (t < a + 37.0)] = 1.0 / 6.0
    level[(t >= a + 37.0) & (t < a + 57.0)] = 1.0
    assert t[-1] > a + 58.0, "the session's last rest is too short for the ride"
    ph = 2 * np.pi * 5.0 * t + np.cumsum(rng.normal(0.0, 0.1, n))
    vib = level * (0.3 * _band_noise(n, 100.0, 2.0, 40.0, rng) + 0.35 * np.sqrt(2) * np.sin(ph))
    ride = analyze(dataclasses.replace(rec, acc_mps2=rec.acc_mps2 + np.outer(vib, DIRECTION)))
    assert len(ride.external_vibration) >= 1, ride.notes
    assert not ride.atypical_tremor, ride.atypical_tremor
    assert not any(c.id == "see_a_clinician" for c in ride.session_causes)
    first = sim.truth.sets[0].start_s
    trem = np.where((t >= 3.0) & (t < first - 3.0), _rest_tremor_5hz(t, rng, 0.3), 0.0)
    both = analyze(dataclasses.replace(rec, acc_mps2=rec.acc_mps2 + np.outer(vib + trem, DIRECTION)))
    assert [e for e in both.atypical_tremor if e.end_s < first and 4.5 <= e.peak_hz <= 5.5], (
        both.atypical_tremor
    )
    assert any(c.id == "see_a_clinician" for c in both.session_causes)


def _pocket_walk(seed: int, fs: float) -> tuple[Recording, tuple[float, float]]:
    """25 s still, 30 s walking, 25 s still, the sensor on a thigh (a phone in a pocket): the thigh swings
    +-20 deg at a 0.85-1 Hz stride with the sensor 0.25 m below the hip, the body bobs 1.5 m/s^2 at the step
    rate, and each heel strike sends a 3-8 m/s^2 shock (15-30 Hz, 12 ms decay) up the leg."""
    rng = np.random.default_rng(seed)
    t = np.arange(0.0, 80.0, 1.0 / fs)
    n = t.size
    a, b = 25.0, 55.0
    ramp = np.clip((t - a) / 1.0, 0.0, 1.0) * np.clip((b - t) / 1.0, 0.0, 1.0)
    stride = rng.uniform(0.85, 1.0)
    ph = 2 * np.pi * stride * (t - a)
    swing = np.deg2rad(20.0)
    pitch = np.deg2rad(5.0) + swing * np.sin(ph) * ramp
    vert = 1.5 * np.sin(2 * ph) * ramp
    burst_t = np.arange(0.0, 0.1, 1.0 / fs)
    for k in np.flatnonzero(np.diff(np.floor(ph / np.pi)) > 0):
        if ramp[k] >= 0.5:
            shock = np.exp(-burst_t / 0.012) * np.sin(2 * np.pi * rng.uniform(15.0, 30.0) * burst_t)
            vert[k : k + burst_t.size] += rng.uniform(3.0, 8.0) * shock[: n - k]
    up = np.stack([np.sin(pitch), np.zeros(n), np.cos(pitch)], axis=1)
    acc = up * (9.81 + vert)[:, None] + rng.normal(0.0, 0.008, (n, 3))
    acc[:, 0] -= 0.25 * swing * (2 * np.pi * stride) ** 2 * np.sin(ph) * ramp
    source = SourceInfo(path=f"<pocket walk seed {seed}>", format="simulated", units="m/s^2")
    return Recording(time_s=t, acc_mps2=acc, gravity_included=True, source=source, fs_declared_hz=fs), (a, b)


@pytest.mark.parametrize("fs", [100.0, 200.0])
@pytest.mark.parametrize("seed", [1, FRESH_SEED])
def test_a_walk_is_walking_not_also_external_vibration(fs, seed):
    """A walk's heel strikes put broadband shocks above 14 Hz (3-8 m/s^2 at a thigh): the walk is found as
    walking and not also as something shaking the wrist from outside (red team round two E: both at once).
    The detector still finds the shocks on their own (the rule under test is the walking exemption)."""
    print("seed", seed)
    rec, (a, b) = _pocket_walk(seed, fs)
    result = analyze(rec)
    walked = sum(max(0.0, min(b, y) - max(a, x)) for x, y in result.walking)
    assert walked >= 0.8 * (b - a), result.walking
    assert result.external_vibration == (), result.external_vibration
    assert _found(rec.acc_mps2, fs), "the heel strikes alone read as broadband vibration"


@pytest.mark.parametrize("fs", [50.0, 100.0, 104.0, 200.0])
def test_external_power_is_numpys_percentile_of_each_sub_band(fs):
    """The sub-band levels (one sort per band, issue 11) equal np.percentile's, bit for bit, ties and
    NaN included."""
    rng = np.random.default_rng(11)
    for nfft in (128, 256, 512):
        freqs = np.fft.rfftfreq(nfft, 1.0 / fs)
        psd = rng.exponential(1e-4, (300, freqs.size))
        psd[::7] = np.round(psd[::7], 4)  # ties, zeros
        psd[5, 40] = np.nan
        power, low = external_power(freqs, psd, fs)
        bands = external_subbands(fs)
        ref = np.stack(
            [np.percentile(psd[:, (freqs >= lo) & (freqs < hi)], LOW_QUANTILE, axis=1) for lo, hi in bands],
            axis=1,
        )
        ref = ref / LOW_QUANTILE_SHARE
        k = np.argmax(ref, axis=1)
        assert np.array_equal(power, ref[np.arange(ref.shape[0]), k] * EXT_SUBBAND_HZ, equal_nan=True)
        assert np.array_equal(low, np.array([lo for lo, _ in bands])[k])
