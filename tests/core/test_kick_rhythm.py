"""Kickboard lengths are no rest tremor; a rest tremor in the same bouts keeps its note (tremor.core.kick_rhythm).

Written from the physics, not from the red team's generator (issue 9, red team R7 ``swim --extras kick``). In the
water, the hands on a kickboard, the arms straight ahead and still: the flutter kick's legs beat in turn at 1.8-2.8
cycles a second, each down-beat heaving the body and the board, so the hands rise and fall twice a leg cycle
(0.1-0.45 m/s^2 at the hands) and the board pitches with the beat (+-1-2 deg). One leg beats harder than the
other (by 30-60 %, the usual asymmetry): the heave's size alternates from beat to beat, which puts a line at the
per-leg rate (and at three times it). The kick slows by 5-10 % over a length as the legs tire, its rate wandering 3 % from kick to kick, the heave
growing by a half. The water's slop (a few swells at 0.3-0.6 Hz, 0.05-0.2 m/s^2) goes on throughout. A session: 40 s at the wall, two lengths
of 45-55 s with 30 s at the wall between, the arms brought forward within a second at each push-off. The control:
the same session with a rest tremor in place of the kick (one oscillator: a 0.3-0.5 Hz wide line at 3.5-5.5 Hz with
its 2nd harmonic at 0-30 %, the same size, the same abrupt bouts): its episodes and clinician note stay.
"""

from __future__ import annotations

import os

import numpy as np
import pytest
from scipy.signal import lfilter

import tremor
from tests.run_entropy import fresh_entropy
from tests.stress import scenarios as S
from tremor.core.kick_rhythm import TWO_BEAT_ADVICE

FRESH_SEED = int(os.environ.get("TREMOR_KICK_SEED", fresh_entropy(__name__) % 2**31))


def _up(b: S.SessionBuilder) -> np.ndarray:
    """The unit gravity vector the sensor measures (as ``SessionBuilder.finish`` adds it)."""
    p, r = b.pitch, b.roll
    return np.column_stack([-np.sin(p), np.sin(r) * np.cos(p), np.cos(r) * np.cos(p)])


def pool_recording(seed: int, fs: float, *, tremor_hz: float | None = None) -> tremor.Recording:
    """40 s at the wall, two kickboard lengths with 30 s at the wall between (``tremor_hz``: a rest tremor instead)."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 200.0, rng, 0.01)
    t = b.t
    # the water's slop: a few swells in 0.3-0.6 Hz (no energy above 1 Hz)
    swell = sum(np.sin(2 * np.pi * rng.uniform(0.3, 0.6) * t + rng.uniform(0, 2 * np.pi)) for _ in range(4))
    b.lin += np.outer(rng.uniform(0.05, 0.2) * swell / np.sqrt(2.0), [0.1, 0.2, 0.97])
    start = 40.0
    for _ in range(2):
        dur = rng.uniform(45.0, 55.0)
        m = (t >= start) & (t < start + dur)
        tt = t[m] - start
        # the arms brought forward onto the board at the push-off, back to the wall's pose at the end
        pose = np.clip(np.minimum(tt, dur - tt), 0.0, 1.0)
        b.pitch[m] += np.deg2rad(rng.uniform(-12.0, -6.0)) * pose
        env = np.clip(np.minimum(tt, dur - tt) / rng.uniform(0.5, 1.0), 0.0, 1.0)
        size = rng.uniform(0.1, 0.45)
        if tremor_hz is None:
            # the legs' rate slowing as they tire and wandering 3 % from kick to kick (no motor's smooth line)
            wander = 1 + 0.03 * S.narrowband(rng, tt, fs, 0.0, 0.3)
            leg = rng.uniform(1.8, 2.8) * (1 - rng.uniform(0.05, 0.1) * tt / dur) * wander
            ph = 2 * np.pi * np.cumsum(leg) / fs + rng.uniform(0, 2 * np.pi)
            uneven = rng.uniform(0.3, 0.6)  # one leg's down-beat that much harder than the other's
            wave = np.sin(2 * ph) * (1 + uneven * np.cos(ph)) / np.sqrt(1 + uneven**2 / 2)
            grow = 1 + 0.5 * tt / dur
            b.lin[m] += (np.sqrt(2) * size * wave * grow * env)[:, None] * _up(b)[m]
            b.pitch[m] += np.deg2rad(rng.uniform(1.0, 2.0)) * np.sin(2 * ph + 0.7) * env * grow / 1.25
        else:
            h2 = rng.uniform(0.0, 0.3)
            line = S.narrowband(rng, tt, fs, tremor_hz, rng.uniform(0.3, 0.5))
            x = (line + h2 * S.narrowband(rng, tt, fs, 2 * tremor_hz, 0.8)) / np.sqrt(1 + h2**2)
            w2r = (2 * np.pi * tremor_hz) ** 2 * 0.03  # pronation-supination, the wrist 3 cm off the axis
            b.roll[m] += size * x * env / w2r
            b.lin[m, 1] += size * x * env
        start += dur + 30.0
    return b.finish(description="kickboard lengths" if tremor_hz is None else "rest tremor bouts").recording


def _clinician(result: tremor.AnalysisResult) -> bool:
    return any(c.id == "see_a_clinician" for c in result.session_causes)


def _two_beat(result: tremor.AnalysisResult) -> list[str]:
    return [n for n in result.notes if "once every two beats" in n]


@pytest.mark.parametrize(
    ("seed", "fs"),
    [
        (100, 100.0),
        (108, 50.0),
        pytest.param(
            104,
            200.0,
            marks=pytest.mark.xfail(
                strict=True,
                raises=AssertionError,
                reason="kick_rhythm limit: on this generator 7 of 12 sessions (seeds 100-111) keep a length as a "
                "rest episode, 5 with the clinician note: a kick at 3.9-4.1 beats/s, where the rhythm's own 2nd "
                "harmonic folds onto the half rate in the 10 Hz sub-block means (the rule declines), or a half-rate "
                "line under the bar (contrast 10-15)",
            ),
        ),
    ],
)
def test_kickboard_lengths_are_no_rest_tremor(seed: int, fs: float) -> None:
    """Two kickboard lengths: no rest episode, no clinician note; the note says two beats and keeps the advice."""
    print(f"kickboard seed {seed} fs {fs}")
    result = tremor.analyze(pool_recording(seed, fs))
    rest = [e for e in result.atypical_tremor if e.set_index is None]
    print(
        [(e.start_s, e.end_s, e.peak_hz) for e in rest],
        [c.id for c in result.session_causes],
        _two_beat(result),
    )
    assert not rest
    assert not _clinician(result)
    notes = _two_beat(result)
    assert notes and all(n.endswith(TWO_BEAT_ADVICE) for n in notes)
    assert all(why == "two_beat" for _, why in result.set_aside_rhythms)


@pytest.mark.parametrize(
    ("seed", "fs", "hz"),
    [(11, 50.0, 3.6), (12, 100.0, 4.5), (13, 200.0, 5.4), pytest.param(FRESH_SEED, 0.0, 0.0, id="fresh")],
)
def test_a_rest_tremor_in_the_same_bouts_keeps_its_note(seed: int, fs: float, hz: float) -> None:
    """The same session with a rest tremor in place of the kick: its episodes and note stay, no two-beat note."""
    if not fs:
        r = np.random.default_rng(seed)
        fs, hz = float(r.choice([50.0, 100.0, 200.0])), float(r.uniform(3.5, 5.5))
    print(f"rest tremor seed {seed} fs {fs} {hz:.2f} Hz (replay with TREMOR_KICK_SEED={seed})")
    result = tremor.analyze(pool_recording(seed, fs, tremor_hz=hz))
    rest = [e for e in result.atypical_tremor if e.set_index is None]
    print([(e.start_s, e.end_s, e.peak_hz) for e in rest], [c.id for c in result.session_causes])
    assert any(abs(e.peak_hz - hz) <= 0.5 for e in rest)
    assert _clinician(result)
    assert not _two_beat(result)


def test_live_equals_batch_on_kickboard_lengths() -> None:
    """Fed in random chunks, the live analyser's final result says what batch says of the lengths."""
    rec = pool_recording(21, 100.0)
    batch = tremor.analyze(rec)
    live = tremor.LiveAnalyzer(source=rec.source, gravity_included=rec.gravity_included)
    rng = np.random.default_rng(21)
    i = 0
    while i < rec.n_samples:
        k = int(rng.integers(1, 2000))
        live.update(rec.time_s[i : i + k], rec.acc_mps2[i : i + k])
        i += k
    result = live.finish()
    assert _two_beat(batch)
    assert _two_beat(result) == _two_beat(batch)
    assert result.atypical_tremor == batch.atypical_tremor
    assert [c.id for c in result.session_causes] == [c.id for c in batch.session_causes]


def _ou(rng: np.random.Generator, n: int, fs: float, sd: float, corr_s: float) -> np.ndarray:
    """An Ornstein-Uhlenbeck sequence of standard deviation ``sd`` and correlation time ``corr_s``."""
    a = np.exp(-1.0 / (corr_s * fs))
    return np.asarray(lfilter([1.0], [1.0, -a], rng.normal(size=n) * sd * np.sqrt(1 - a * a)))


def seated_rest_tremor(seed: int, fs: float, kind: str, a: float) -> tremor.Recording:
    """200 s seated, hand in the lap, a 3.6-5.6 Hz rest tremor from 30 to 170 s (review h-rev38).

    ``kind``: ``alternans`` (cycles alternating strong and weak by ``a``), ``doubling`` (alternating long and short,
    phase swing ``a`` rad) or ``jiggle`` (a leg jiggling at 1.8-3 Hz, not locked to the tremor, ``a`` times its size).
    """
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 200.0, rng, 0.01)
    m = (b.t >= 30.0) & (b.t < 170.0)
    tt = b.t[m] - 30.0
    env = np.clip(np.minimum(tt, 140.0 - tt) / 2.0, 0, 1)
    rms = float(np.exp(rng.uniform(np.log(0.05), np.log(1.0))))
    u = S._unit(rng)
    f = rng.uniform(3.6, 5.6) + _ou(rng, tt.size, fs, rng.uniform(0.05, 0.2), rng.uniform(2, 6))
    ph = 2 * np.pi * np.cumsum(f) / fs + rng.uniform(0, 2 * np.pi)
    amp = np.exp(0.3 * _ou(rng, tt.size, fs, 1.0, 3.0))
    extra = np.zeros((tt.size, 3))
    if kind == "alternans":
        x = np.sin(ph) * (1 + a * np.cos(ph / 2 + rng.uniform(0, 2 * np.pi))) + 0.3 * np.sin(2 * ph + 1)
    elif kind == "doubling":
        p2 = ph + a * np.sin(ph / 2 + rng.uniform(0, 2 * np.pi))
        x = np.sin(p2) + 0.3 * np.sin(2 * p2 + 1)
    else:
        x = np.sin(ph) + 0.3 * np.sin(2 * ph + 1)
        leg = 2 * np.pi * np.cumsum(rng.uniform(1.8, 3.0) + _ou(rng, tt.size, fs, 0.05, 3.0)) / fs
        jiggle = a * np.sin(leg) * np.exp(0.2 * _ou(rng, tt.size, fs, 1.0, 3.0))
        extra = np.outer(rms * jiggle * env / np.sqrt(0.5), [0.1, 0.2, 0.97])
    x = amp * x
    b.lin[m] += np.outer(rms * x / np.sqrt(np.mean(x**2)) * env, u) + extra
    return b.finish(description=f"rest tremor, {kind}").recording


_ALTERNATING = pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="review h-rev38: a rest tremor whose cycles alternate (or a leg jiggling near half its rate beside it) has "
    "the kick's half-rate line and is set aside as two_beat with no clinician cause; seeds 900-914 x 50/100/200 Hz: "
    "alternans 25 % clinician 44 -> 30 of 45, 40 % 43 -> 19, period doubling 0.3 rad 44 -> 28, leg jiggle 38 -> 24 "
    "(the note's conditional advice still points to a clinician)",
)


@pytest.mark.parametrize(
    ("seed", "fs", "kind", "a"),
    [
        pytest.param(907, 100.0, "alternans", 0.1, id="alternans-0.1"),  # near case: kept
        pytest.param(907, 100.0, "alternans", 0.25, id="alternans-0.25", marks=_ALTERNATING),
        pytest.param(907, 50.0, "doubling", 0.3, id="doubling-0.3", marks=_ALTERNATING),
        pytest.param(902, 50.0, "jiggle", 0.3, id="jiggle-0.3", marks=_ALTERNATING),
    ],
)
def test_an_alternating_rest_tremor_keeps_its_note(seed: int, fs: float, kind: str, a: float) -> None:
    """A seated rest tremor with a half-rate line of its own keeps its clinician cause."""
    result = tremor.analyze(seated_rest_tremor(seed, fs, kind, a))
    print(
        seed, fs, kind, a, [(e.start_s, e.peak_hz) for e, why in result.set_aside_rhythms], _two_beat(result)
    )
    assert _clinician(result), result.notes
    assert not _two_beat(result)
