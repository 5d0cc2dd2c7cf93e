"""A machine whose speed drifts is one line, followed and kept out of the bands; a drifting tremor is not a machine.

A treadmill changing pace or a motor warming up drifts smoothly: within each 20 s block its line holds
still about a straight line as tightly as a steady motor's, and its harmonics drift in proportion. A
tremor's frequency wanders from second to second and its amplitude waxes and wanes, drift or no drift;
a fatigue tremor drifting down through a set is also a 1-3 Hz wide band, and is found only in sets.
Fixed seeds plus a fresh one per test (printed; the drift rate and amplitude it draws are printed too).
"""

from __future__ import annotations

import dataclasses
import os

import numpy as np
import pytest
from scipy import signal

from tests.chance_hedge import rise_hedged
from tests.run_entropy import fresh_entropy
from tests.stress import scenarios as S
from tests.stress.scoring import score
from tremor.core.analysis import analyze
from tremor.core.vibration import VibrationLine
from tremor.core.vibration_blocks import LINE_BAND_HZ
from tremor.core.vibration_track import chain

FRESH_SEED = int(fresh_entropy(__name__) % 2**31)
_fresh = np.random.default_rng(FRESH_SEED)
FRESH_RATE = float(_fresh.uniform(0.2, 1.5))
FRESH_AMP = float(np.exp(_fresh.uniform(np.log(0.05), np.log(0.5))))
FRESH_FREQ = float(_fresh.uniform(4.0, 15.0))


@pytest.mark.parametrize(
    "seed,freq,rate,amp",
    [
        (31, 5.0, 0.2, 0.05),
        (32, 10.0, 0.2, 0.5),
        (33, 10.0, 0.6, 0.05),
        (34, 15.0, 0.6, 0.5),
        (35, 5.0, 1.5, 0.5),
        (36, 10.0, 1.5, 0.2),
        (37, 15.0, 1.5, 0.05),
        # a motor starting at 1.45 Hz, under the arm's movement: only its 2nd harmonic shows for the first 20 s
        # (it was reported as a 3.5 Hz tremor episode there); 2069519040 likewise from 1.26 Hz
        (1595655553, 4.078057859339365, 1.3158947157732372, 0.16250089240900126),
        (2069519040, 4.012053660332466, 1.375354197733819, 0.2465870386129626),
        # its harmonic's first blocks were chained to the fundamental 55 s on (the block step 4.99999 s, so three
        # steps fell short of the 15 s that makes a chain's drift fitted): two lines
        (1403916499, 4.327376904391533, 1.3840803271753954, 0.23202671057987556),
        # a weak motor (0.051 m/s^2, its harmonic 0.010-0.021) starting at 1.33 Hz: under 3 Hz neither its
        # fundamental (under the arm's movement) nor its harmonic (under the background) can be seen, so it is
        # seen from 45 s (2.44 Hz) on; it failed when the whole 240 s was demanded (fresh seed, 2026-11-29)
        (1060204670, 4.282280106357958, 1.4758590432930805, 0.051392876878612284),
        (FRESH_SEED, FRESH_FREQ, FRESH_RATE, FRESH_AMP),
    ],
)
def test_drifting_motor_is_one_line_and_never_tremor(seed, freq, rate, amp):
    """A motor drifting ``rate`` Hz/min through calm sets and rests (4 minutes: 0.8-6 Hz in all) is one line over
    all of the recording where it can be seen, its speed and drift measured, its 2nd harmonic linked to it,
    and nothing reads as tremor.

    Where its speed lies under ``LINE_BAND_HZ[0]`` (3 Hz: the arm's own movement) only its 2nd harmonic can
    show it, and a weak motor's harmonic (under 0.15 m/s^2: 0.01-0.06 m/s^2) may lie under the background,
    so a weak motor is asked for only where its speed is 3 Hz or more."""
    print(f"seed {seed} freq {freq:.2f} Hz rate {rate:.2f} Hz/min amp {amp:.3f} m/s^2")
    sc = S.vibration_session(seed, 100, freq_hz=freq, amp_mps2=amp, drift_hz_per_min=rate)
    result = analyze(sc.recording)
    sco = score(result, sc.truth)
    assert sco.false_tremor == 0, sco.summary()
    assert len(result.vibration) == 1, result.vibration
    line = result.vibration[0]
    t = sc.recording.time_s
    speed = freq + rate * (t - t.mean()) / 60.0  # the scenario's drift, centred on ``freq`` mid-session
    seen = t[speed >= LINE_BAND_HZ[0]] if amp < 0.15 else t
    assert seen.size and line.end_s - line.start_s >= 0.9 * float(seen[-1] - seen[0]), line
    if (
        line.start_s > t[0] + 1.0
    ):  # the motor ran from the start: where it was not seen, the note says it may have
        assert "may have been running before" in line.note(), line.note()
    # its median speed is the speed at the middle of its own span (the drift is linear)
    mid = 0.5 * (line.start_s + line.end_s)
    assert abs(line.freq_hz - (freq + rate * (mid - t.mean()) / 60.0)) <= 0.3, line
    assert abs(line.drift_hz_per_min - rate) <= 0.1 * rate + 0.03, line
    if rate >= 0.6:
        assert line.track_hz and "drifting smoothly" in line.note(), line.note()
    # the harmonic (20-40 % of the fundamental) is linked by ratio wherever it is inside the spectra for a quarter of
    # the recording or more (its first minute: the speed a minute in is freq - rate; a weak line's harmonic,
    # 0.01-0.04 m/s^2, may lie under the background). Asked where it was inside at the first instant only
    # (2 (freq - 2 rate) <= 19.5), fresh seed 418073625 (12.69 Hz, +1.48 Hz/min: the harmonic 19.46 Hz for well
    # under a second, then out) failed on every tree; the condition was the test's, not the analyser's
    if amp >= 0.15 and 2 * (freq - rate) <= 19.5:
        assert any(abs(h - 2 * line.freq_hz) <= 0.3 for h in line.harmonics_hz), line


def _drifting_harmonic_tremor(t, rng, rate, amp, sigma_f=0.2, envelope_sd=0.3):
    """A harmonic-rich 5-8 Hz rest tremor (2nd and 3rd harmonics 40 % and 15 %, locked as any periodic
    waveform's are) drifting ``rate`` Hz/min, its frequency wandering with SD ``sigma_f`` (1 s correlation) and
    its amplitude waxing and waning by ``envelope_sd``; ``amp`` m/s^2 RMS."""
    fs = 1.0 / float(np.median(np.diff(t)))
    a = np.exp(-1.0 / fs)

    def slow(n):
        return signal.lfilter([np.sqrt(1 - a * a)], [1.0, -a], rng.normal(0.0, 1.0, n))

    f0 = rng.uniform(5.0, 8.0)
    freq = f0 + rate * (t - t.mean()) / 60.0 + sigma_f * slow(t.size)
    phase = 2 * np.pi * np.cumsum(freq) / fs
    env = np.clip(1.0 + envelope_sd * slow(t.size), 0.2, None)
    w = env * (np.sin(phase) + 0.4 * np.sin(2 * phase + 1.0) + 0.15 * np.sin(3 * phase + 2.0))
    return amp * w / np.sqrt(np.mean(w * w))


@pytest.mark.parametrize(
    "seed,rate,amp",
    [
        (41, 0.2, 0.05),
        (42, 0.2, 0.5),
        (43, 0.6, 0.05),
        (44, 0.6, 0.3),
        (45, 1.5, 0.05),
        (46, 1.5, 0.5),
        pytest.param(FRESH_SEED, FRESH_RATE, FRESH_AMP, id="fresh"),
    ],
)
@pytest.mark.fresh_rate(
    param="seed",
    measured="3 of 3807 fresh draws (eleventh session) found a line of 0.016-0.047 m/s^2 at 19.7-19.9 Hz over 20-30 s "
    "(not diagnosed: a 6.6 Hz tremor's 3rd harmonic lies there) and called it a machine; a redraw keeps the fresh "
    "rate and amplitude",
)
def test_drifting_rest_tremor_is_not_a_machine(seed, rate, amp):
    """A harmonic-rich rest tremor drifting slowly is not a machine line: it wanders about its drift (0.2 Hz) and
    waxes and wanes (30 %) within each block, which the drift does not explain."""
    print(f"seed {seed} rate {rate:.2f} Hz/min amp {amp:.3f} m/s^2")
    rng = np.random.default_rng(seed)
    sc = S.vibration_session(seed, 100, freq_hz=10.0, amp_mps2=0.0)
    rec = sc.recording
    wave = _drifting_harmonic_tremor(rec.time_s, rng, rate, amp)
    direction = np.array([0.6, -0.48, 0.64])
    result = analyze(dataclasses.replace(rec, acc_mps2=rec.acc_mps2 + wave[:, None] * direction[None, :]))
    assert not result.vibration, result.vibration


@pytest.mark.parametrize(
    "seed,rate,a0,width",
    [
        (51, 0.2, 0.05, 0.3),
        (52, 0.6, 0.3, 0.3),
        (53, 1.5, 0.05, 1.0),
        (54, 1.5, 0.3, 0.3),
        (55, 2.25, 0.15, 0.3),
        # a set whose line started at 6.7-7.3 Hz and drifted to 5.5-6 Hz: its peak below the band dominated the
        # set, and it read atypical_tremor (core/band_edge.drifted_out_of_band: it is the band's own line)
        (779498187, 2.161179758310507, 0.17232631588645714, 0.3),
        (248819508, 2.2217090442067793, 0.22669038353361742, 0.3),
        (1800089672, 1.9572799751804046, 0.15343314252644047, 0.3),
        # the known limit (2026-11-30, found in a fresh draw; 3 of 601 fresh draws): a strong line (a0 0.27-0.30
        # m/s^2) drifting 1.6-2.2 Hz/min ends the last set at 6.5 Hz, where the band-pass's 6 Hz edge takes part of
        # its growth: end / start 1.39 (truth 3.0), `enhanced_tremor`, not `fatigue_tremor`
        pytest.param(
            1995946405,
            1.6345927013153456,
            0.268099434897866,
            0.3,
            marks=pytest.mark.xfail(
                strict=True, reason="a line drifting to the band's 6 Hz edge loses its rise"
            ),
        ),
    ],
)
def test_fatigue_tremor_drifting_down_is_not_a_machine(seed, rate, a0, width):
    """Fatigue tremor drifting down ``rate`` Hz/min through 40 s sets (0.13-1.5 Hz over the set), narrower than
    the stress generator's (0.3 Hz), in sets of little movement (0.5 m/s^2): no machine line, every set
    labelled as its truth says (``fatigue_tremor``, or ``enhanced_tremor`` where a narrow line's realisation
    happened not to rise: seed 51's second set rose 1.47x). It is a band that is there in sets only; its
    steadiness is never verified at rest. A line drifting down past 6 Hz is still the set's tremor, not an
    out-of-band one. To replay a fresh seed, add its printed seed, rate and a0 (width 0.3) as a case."""
    _drifting_fatigue_sets_are_fatigue(seed, rate, a0, width)


@pytest.mark.fresh_rate(
    env="TREMOR_DRIFT_SEED",
    measured="3 of 601 fresh draws failed (2026-11-30, eleventh session); with chance-hedged sets accepted 0 of 120 (eighteenth)",
)
def test_fatigue_tremor_drifting_down_is_not_a_machine_fresh():
    """The same on a fresh draw: seed, drift 0.45-2.25 Hz/min and amplitude 0.05-0.30 m/s^2 from one seed (replay
    with TREMOR_DRIFT_SEED=<seed>). Its failures are the known limit of the xfail case above."""
    seed = int(os.environ.get("TREMOR_DRIFT_SEED") or np.random.SeedSequence().entropy % 2**31)
    draw = np.random.default_rng([seed, 1])
    _drifting_fatigue_sets_are_fatigue(seed, 0.45 + 1.8 * draw.random(), 0.05 + 0.25 * draw.random(), 0.3)


def _drifting_fatigue_sets_are_fatigue(seed: int, rate: float, a0: float, width: float) -> None:
    print(f"seed {seed} rate {rate!r} Hz/min a0 {a0!r} m/s^2 width {width} Hz (replay: add these as a case)")
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(100, 60 + 3 * 100, rng, 0.01)
    for i in range(3):
        s = 60 + i * 100
        b.add_rep_set(
            s,
            s + 40,
            tremor_ratio=3.0,
            drift_hz=rate * 40 / 60,
            a0=a0,
            width_hz=width,
            move_mps2=0.5,
            rep_hz=0.3,
        )
    sc = b.finish(description="narrow fatigue tremor")
    result = analyze(sc.recording)
    assert not result.vibration, result.vibration
    assert len(result.sets) == 3
    got = [
        (s.label, sorted(t.acceptable), rise_hedged(s, result.notes))
        for s, t in zip(result.sets, sc.truth.sets, strict=True)
    ]
    assert all(label in acceptable or hedged for label, acceptable, hedged in got), got


# A true rise hedged as within chance (tests/chance_hedge.py) is accepted: this generator's 0.3 Hz wide lines scatter
# widely. Measured on its draws (seeds 700000-700039): 10-12 of 40 draws had such a hedged set (1.8-1.9x, and 2.7x
# on a line's standard error), none failing otherwise; before 5ce4aab (h-caff) 0 of 40 failed.


def test_chain_follows_a_drift_and_keeps_lines_apart():
    """Hits 5 s apart drifting 1.5 Hz/min chain into one line; a second line 1.2 Hz away stays its own, and
    hits jumping 0.8 Hz per block (9.6 Hz/min, beyond the fastest drift followed) do not chain."""
    blocks = list(range(12)) * 2
    freqs = [8.0 + 0.125 * i for i in range(12)] + [9.2 + 0.125 * i for i in range(12)]
    chains = chain(blocks, freqs, 5.0, 0.3)
    assert sorted(sorted(c) for c in chains) == [list(range(12)), list(range(12, 24))]
    jumps = [8.0 + 0.8 * i for i in range(12)]
    assert max(len(c) for c in chain(list(range(12)), jumps, 5.0, 0.3)) == 1


@pytest.mark.parametrize(
    "seed,freq,dev",
    # 9724773 and 1920203758: lost in the second set as the motor sped up (a 60 s straight line lagged the curve)
    [(61, 5.0, 1.0), (62, 10.0, 0.5), (63, 15.0, 1.0), (9724773, 10.0, 1.0), (1920203758, 10.0, 1.0)]
    + [(FRESH_SEED, 10.0, 1.0)],
)
def test_motor_speeding_up_and_slowing_down_is_one_line(seed, freq, dev):
    """A motor whose speed swings by +-``dev`` Hz over 4 minutes (up to 1.6 Hz/min, reversing once or twice) is
    followed as one line along the straight drift of its last half-minute, and nothing reads as tremor."""
    print(f"seed {seed} freq {freq} dev {dev}")
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(100, 240, rng, 0.01)
    f = freq + dev * np.sin(2 * np.pi * b.t / 240.0 + rng.uniform(0, 2 * np.pi))
    phase = 2 * np.pi * np.cumsum(f) / 100.0
    b.lin += np.outer(0.2 * (np.sin(phase) + 0.3 * np.sin(2 * phase + 1.0)), np.array([0.6, -0.48, 0.64]))
    b.truth.vibration_lines.append((freq, 0.2))
    b.add_rep_set(40, 80)
    b.add_rep_set(140, 180)
    sc = b.finish(description="motor speed swinging")
    result = analyze(sc.recording)
    assert score(result, sc.truth).false_tremor == 0
    assert len(result.vibration) == 1, result.vibration
    assert result.vibration[0].end_s - result.vibration[0].start_s >= 0.9 * 240.0


@pytest.mark.parametrize("first_hz,says", [(3.2, True), (3.4, False)])
def test_a_line_coming_up_from_under_3_hz_may_have_run_unseen(first_hz, says):
    """A drifting line first seen under LINE_BAND_HZ[0] + FOLLOW_TOLERANCE_HZ (3.3 Hz) after the first frame came up
    from where lines are not sought: its note says it may have been running before; one first seen at 3.4 Hz
    does not (it was switched on, or sped up into view, where it could be seen). Going down, the same at its end."""
    up = VibrationLine(
        start_s=45.0,
        end_s=240.0,
        freq_hz=5.0,
        rms_mps2=0.04,
        harmonics_hz=(),
        harmonic_rms_mps2=(),
        spread_hz=0.02,
        steadiness="steady",
        excluded_hz=(1.0,),
        frames=(90, 477),
        track_s=(56.0, 140.0, 230.0),
        track_hz=(first_hz, first_hz + 2.0, first_hz + 4.0),
    )
    assert ("may have been running before 45.0 s" in up.note()) is says, up.note()
    assert "may have run on" not in up.note()
    assert "may have been running before" not in dataclasses.replace(up, frames=(0, 477)).note()
    down = dataclasses.replace(
        up, start_s=0.0, end_s=195.0, frames=(0, 390), track_s=(5.0, 95.0, 185.0), track_hz=up.track_hz[::-1]
    )
    assert ("may have run on after 195.0 s" in down.note()) is says, down.note()
    assert "may have been running before" not in down.note()
