"""Machine vibration lines are found, reported, and kept out of every tremor statement."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from tests.run_entropy import fresh_entropy
from tremor.core.analysis import analyze
from tremor.core.causes import SessionFacts, session_causes
from tremor.core.vibration import IMPLAUSIBLE_REST_RMS, VOLUNTARY_MAX_HZ, VibrationLine
from tremor.sim.session import simulate_session
from tremor.sim.waveforms import NarrowBand

FRESH_SEED = int(fresh_entropy(__name__) % 2**31)


def _with_component(rec, wave):
    """The recording plus ``wave(t, rng)`` (shape (n,)), along a fixed oblique direction."""
    direction = np.array([0.6, -0.48, 0.64])
    return dataclasses.replace(rec, acc_mps2=rec.acc_mps2 + wave(rec.time_s)[:, None] * direction[None, :])


def _line(freq_hz, rms, harmonic_rel=0.5, seed=0):
    """A machine line at ``freq_hz`` (total RMS ``rms``) with a second harmonic ``harmonic_rel`` as strong."""
    rng = np.random.default_rng(seed)
    p1, p2 = rng.uniform(0, 2 * np.pi, 2)
    a1 = rms * np.sqrt(2.0) / np.sqrt(1.0 + harmonic_rel**2)

    def wave(t):
        return a1 * (
            np.sin(2 * np.pi * freq_hz * t + p1) + harmonic_rel * np.sin(4 * np.pi * freq_hz * t + p2)
        )

    return wave


def _session(seed):
    return simulate_session(seed=seed, fs_hz=100.0, labels=["calm", "calm"])


def _assert_no_tremor_claims(result, freq_hz):
    for s in result.sets:
        # no tremor label from the line (twitch labels are another detector's; see the report to the lead)
        assert s.label not in ("fatigue_tremor", "mixed", "atypical_tremor"), (s.span, s.label, s.metrics)
        assert s.metrics.power_vs_rest is None or s.metrics.power_vs_rest < 4.0, s.metrics
        assert not any(c.id == "see_a_clinician" for c in s.causes)
    assert not any(abs(e.peak_hz - freq_hz) < 1.0 for e in result.atypical_tremor), result.atypical_tremor
    assert not any(c.id in ("see_a_clinician", "sleep_stress_stimulants") for c in result.session_causes)
    # clinician words only in a line's own conditional, where the line could also be a steady tremor
    assert all(
        "no motor, vehicle or vibrating tool was in contact" in n for n in result.notes if "clinician" in n
    ), result.notes


# (seed, line Hz, RMS m/s^2): lines at 3-20 Hz and 0.02-0.5 m/s^2 over rests and sets
# 955800886 (a fresh draw): the 9.4 Hz harmonic's excluded bins (8.3-10.6 Hz) hid the 10.3-10.5 Hz tremor peak
# and the straight fill across them read a set at 4.4x rest (1.8-2.0x without the line)
CASES = [
    (11, 5.0, 0.5),
    (12, 15.0, 0.05),
    (13, 3.5, 0.1),
    (14, 7.3, 0.2),
    (15, 17.5, 0.02),
    (16, 12.6, 0.3),
    (955800886, 4.699228, 0.068171),
]


@pytest.mark.parametrize("seed,freq,rms", CASES + [(FRESH_SEED, None, None)])
def test_machine_line_is_reported_and_never_tremor(seed, freq, rms):
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    if freq is None:  # fresh draw: away from the simulated tremor peak, where a weak line would hide
        freq = float(rng.choice([rng.uniform(3.2, 7.0), rng.uniform(13.0, 19.5)]))
        rms = float(np.exp(rng.uniform(np.log(0.02), np.log(0.5))))
        print(f"line {freq:.3f} Hz, {rms:.3f} m/s^2 RMS")
    sim = _session(seed)
    result = analyze(_with_component(sim.recording, _line(freq, rms, seed=seed)))
    found = [v for v in result.vibration if abs(v.freq_hz - freq) < 0.1]
    assert found, (freq, rms, result.vibration)
    v = max(found, key=lambda x: x.end_s - x.start_s)
    if rms >= 0.05:  # rests and sets alike; a weaker line may be lost for a while in a set's movement
        assert v.end_s - v.start_s > 0.8 * sim.truth.duration_s, v
    assert v.rms_mps2 == pytest.approx(rms / np.sqrt(1.25), rel=0.3, abs=0.01)
    # the harmonic is then at least 0.02 m/s^2; inside the 6-13 Hz tremor hump it must also stand above
    # physiological tremor (a documented limit: a line weaker than the tremor peak under it is not found;
    # seed 1220987795 drew a 5.68 Hz, 0.063 m/s^2 line whose 0.028 m/s^2 harmonic sat on the tremor peak)
    harmonic_in_tremor = 6.0 <= 2 * freq <= 13.0
    if 2 * freq <= 19.5 and rms >= (0.1 if harmonic_in_tremor else 0.05):
        assert any(abs(h - 2 * freq) < 0.15 for h in v.harmonics_hz), v
    _assert_no_tremor_claims(result, freq)


@pytest.mark.parametrize("seed,centre", [(21, 5.0), (22, 15.0), (23, 9.0), (FRESH_SEED, 5.5)])
def test_wandering_tremor_of_equal_power_is_not_vibration(seed, centre):
    """Tremor with a 1-3 Hz band and a wandering frequency is not a machine line."""
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    sim = _session(seed)
    t = sim.recording.time_s
    grid = np.arange(t[0] - 1.0, t[-1] + 1.0, 0.01)
    band = NarrowBand(
        rng,
        grid,
        np.full(grid.size, centre),
        sigma_f=rng.uniform(0.5, 1.0),
        tau_f=0.3,
        sigma_env=0.4,
        tau_env=0.5,
    )

    def wave(tt):
        c, env, _ = band.at(tt)
        return 0.3 * np.sqrt(2.0) * env * c  # as strong as the 0.3 m/s^2 lines above

    result = analyze(_with_component(sim.recording, wave))
    assert not result.vibration, result.vibration


@pytest.mark.parametrize("seed", [1, 2, 3, 4, FRESH_SEED])
def test_simulated_sessions_have_no_vibration(seed):
    print(f"seed {seed}")
    sim = simulate_session(
        seed=seed, fs_hz=100.0, atypical_rest_hz=float(np.random.default_rng(seed).uniform(4, 6))
    )
    result = analyze(sim.recording)
    assert not result.vibration, result.vibration
    assert result.atypical_tremor, "the simulated out-of-band tremor is still reported"


@pytest.mark.parametrize(
    "name",
    ["sample_session_100hz.tlog", "sample_rest_set_rest_100hz.tlog", "sample_link_lost_100hz.tlog"],
)
def test_bundled_sample_has_no_vibration(name):
    """Every bundled sample carries a person's tremor (a wandering band), so none shows a machine line. The
    short samples once used a 10 Hz sine and were reported as 10 Hz machine vibration."""
    from tests.conftest import REPO
    from tremor.io import read_recording

    result = analyze(read_recording(REPO / "firmware_logs" / name))
    assert not result.vibration and result.implausible_rest_rms_mps2 is None
    if name != "sample_session_100hz.tlog":  # the synthetic set: tremor growing from 0.03 to 0.15 m/s^2 RMS
        (s,) = result.sets
        assert s.metrics.power_vs_rest is not None and s.metrics.power_vs_rest > 3.0


def test_implausible_rest_level_is_never_sleep_or_caffeine():
    facts = SessionFacts(600.0, 2 * IMPLAUSIBLE_REST_RMS, (), (), {})
    assert not any(c.id == "sleep_stress_stimulants" for c in session_causes(facts))
    facts = SessionFacts(600.0, 0.1, (), (), {})  # elevated but human: still named
    assert any(c.id == "sleep_stress_stimulants" for c in session_causes(facts))


def test_loud_broadband_rest_is_reported_implausible():
    """A rest 6-12 Hz level tens of times a human's, with no line: a plain note, no baseline, no sleep cause."""
    sim = _session(5)
    rng = np.random.default_rng(5)
    noise = rng.normal(0.0, 1.0, sim.recording.time_s.size)
    from scipy import signal

    sos = signal.butter(4, [6.5, 11.5], btype="bandpass", fs=100.0, output="sos")
    loud = signal.sosfiltfilt(sos, noise)
    loud *= 1.5 / loud.std()
    result = analyze(_with_component(sim.recording, lambda t: loud), context={"sleep_h": 8.0})
    assert result.implausible_rest_rms_mps2 is not None and result.implausible_rest_rms_mps2 > 1.0
    assert result.rest_rms_mps2 is None
    assert any("implausible for a human source" in n for n in result.notes)
    assert not any(c.id == "sleep_stress_stimulants" for c in result.session_causes)
    assert all(s.metrics.power_vs_rest is None for s in result.sets)


def _harmonic_rest_tremor(t, rng, sigma_f_hz, envelope_sd=0.3):
    """A Parkinsonian-like 5 Hz tremor: a rigid non-sinusoidal waveform (2nd and 3rd harmonics 40 % and 15 %,
    locked to the fundamental as any periodic waveform's are) whose instantaneous frequency wanders with SD
    ``sigma_f_hz`` (1 s correlation) and whose amplitude waxes and wanes by ``envelope_sd``; 0.3 m/s^2 RMS."""
    from scipy import signal

    fs = 1.0 / float(np.median(np.diff(t)))
    a = np.exp(-1.0 / fs)

    def slow(n):
        return signal.lfilter([np.sqrt(1 - a * a)], [1.0, -a], rng.normal(0.0, 1.0, n))

    phase = 2 * np.pi * np.cumsum(5.0 + sigma_f_hz * slow(t.size)) / fs
    env = np.clip(1.0 + envelope_sd * slow(t.size), 0.2, None)
    w = env * (np.sin(phase) + 0.4 * np.sin(2 * phase + 1.0) + 0.15 * np.sin(3 * phase + 2.0))
    return 0.3 * w / np.sqrt(np.mean(w * w))


def _clinician_named(result):
    return any(c.id == "see_a_clinician" for c in result.session_causes) or any(
        c.id == "see_a_clinician" for s in result.sets for c in s.causes
    )


_FRESH_SIGMA = float(np.random.default_rng(FRESH_SEED).uniform(0.1, 0.3))


@pytest.mark.parametrize(
    "seed,sigma_f",
    [(1, 0.2), (2, 0.3), (3, 0.2), (1, 0.1), (2, 0.1), (1667748282, 0.25), (FRESH_SEED, _FRESH_SIGMA)],
)
def test_harmonic_rich_rest_tremor_is_not_a_machine(seed, sigma_f):
    """Locked harmonics alone do not make a machine: a tremor's waveform is rarely a sine. A harmonic-rich
    5 Hz rest tremor wandering by 0.1-0.3 Hz whose amplitude waxes and wanes by 30 % (frame amplitude variation
    0.2-0.25 per block) is not a machine line: a harmonic-locked block must hold its amplitude to 0.15 (the
    ESP32 motor: 0.05-0.11), and one steady block among wandering ones no longer stands for the whole recording
    (seed 1667748282: one block at 61 s was followed over 0-236 s); the line must be verified in a third of the
    still blocks it covers."""
    print(f"seed {seed} sigma_f {sigma_f:.3f}")
    rng = np.random.default_rng(seed)
    sim = _session(seed)
    result = analyze(_with_component(sim.recording, lambda tt: _harmonic_rest_tremor(tt, rng, sigma_f)))
    assert not result.vibration, result.vibration
    assert _clinician_named(result)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_steadiest_harmonic_rest_tremor_keeps_its_clinician_note(seed):
    """A harmonic-rich rest tremor wandering 0.1 Hz with its amplitude steady to 10 % is taken for a machine line
    (the documented limit below); the report then says the line could be a steady tremor, with the clinician
    advice conditional on no machine having touched the sensor, instead of silencing it."""
    rng = np.random.default_rng(seed)
    sim = _session(seed)
    result = analyze(_with_component(sim.recording, lambda tt: _harmonic_rest_tremor(tt, rng, 0.1, 0.1)))
    for line in result.vibration:
        assert line.could_be_tremor, line
        assert "show this recording to a clinician" in line.note()
    assert result.vibration or _clinician_named(result)


@pytest.mark.xfail(strict=True, raises=AssertionError, reason="a documented limit, see the docstring")
@pytest.mark.parametrize("seed,sigma_f,envelope_sd", [(1, 0.1, 0.1), (2, 0.1, 0.05), (3, 0.05, 0.05)])
def test_steadiest_harmonic_rest_tremor_is_not_a_machine(seed, sigma_f, envelope_sd):
    """Limit: a harmonic-rich rest tremor whose frequency wanders by 0.1 Hz (frame spread 0.036-0.043 Hz) with
    its amplitude steady to 5-10 %, or by 0.05 Hz (0.019-0.022 Hz), is indistinguishable in 2 s frame spectra
    from the hand-held ESP32 motor (0.042-0.06 Hz in its verified blocks, amplitude variation 0.05-0.11,
    harmonics locked) or from a weak synthetic motor (0.02 Hz), and is reported as a machine line, with the
    note that it could be a steady tremor (test above)."""
    rng = np.random.default_rng(seed)
    sim = _session(seed)
    result = analyze(
        _with_component(sim.recording, lambda tt: _harmonic_rest_tremor(tt, rng, sigma_f, envelope_sd))
    )
    assert not result.vibration, result.vibration


@pytest.mark.parametrize(
    ("freq_hz", "could_be_tremor", "own"),
    [
        (3.2, True, True),
        (VOLUNTARY_MAX_HZ, True, True),
        (VOLUNTARY_MAX_HZ + 0.5, True, False),
        (3.2, False, False),
    ],
)
def test_a_slow_line_that_could_be_tremor_could_be_the_wearers_own_pace(freq_hz, could_be_tremor, own):
    """A steady line at or under VOLUNTARY_MAX_HZ that could be a steady tremor could as well be the wearer's own
    movement at one pace (a striking drill at 3.0-3.3 a second steady to 1.5 % is read as such a line: h-strike):
    its note says so, and its clinician advice asks first whether they were moving rhythmically. Faster lines, and
    lines steady enough to be a machine outright, keep their notes."""
    line = VibrationLine(
        start_s=60.0,
        end_s=100.0,
        freq_hz=freq_hz,
        rms_mps2=0.8,
        harmonics_hz=(2 * freq_hz,),
        harmonic_rms_mps2=(0.16,),
        spread_hz=0.04,
        steadiness="steady",
        excluded_hz=(0.3, 0.3),
        frames=(100, 180),
        could_be_tremor=could_be_tremor,
    )
    note = line.note()
    assert ("a movement of your own kept at one pace" in note) is own
    assert ("if you were not moving rhythmically then" in note) is own
    assert ("show this recording to a clinician" in note) is could_be_tremor
