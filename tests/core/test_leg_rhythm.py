"""A bouncing heel is no rest tremor; a rest tremor keeps its clinician note (tremor.core.leg_rhythm; red team R4-5).

Written from the physics, not from the red team's generator. A seated heel bounce: the heel lifts and drops at
3.5-5.5 Hz (the rate wandering 3 %), the knee rising and falling on an arc about the hip, so the thigh (a phone in
the trouser pocket) or a hand resting on the knee (a watch; 0.3-0.6 of the movement) translates along gravity,
with 0-30 % of it sideways or fore-aft, the thigh or forearm tilting by the displacement over its length (0.4 m,
0.3 m), and a non-sinusoidal wave (2nd harmonic 10-40 %, 3rd 0-20 %: the heel's lift and drop), its size wandering 10 % over seconds; bouts of 15-45 s
starting and stopping within 0.2-1 s, quiet seated rest between. On the other side a rest tremor with the hand in
the lap (3.2-6 Hz, a line 0.3-0.5 Hz wide, 2nd harmonic at 0-30 %, 0.05-0.6 m/s^2 RMS), still or fidgeting, for
3-4 minutes, steady or waxing and waning over 20-60 s, as a rotation of the forearm (pronation-supination: the
gravity vector turning plus the wrist's tangential acceleration 3 cm from the axis) or along any direction
(vertical too: a hand held thumb up), must keep its note.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

import tremor
from tests.run_entropy import fresh_entropy
from tests.stress import scenarios as S
from tremor.core.brief_rhythm import BRIEF_ADVICE
from tremor.core.leg_rhythm import LEG_ADVICE, LEG_MPS2

FRESH_SEED = int(os.environ.get("TREMOR_LEG_SEED", fresh_entropy(__name__) % 2**31))
G = 9.80665


def _up(b: S.SessionBuilder) -> np.ndarray:
    """The unit gravity vector the sensor measures at rest (as ``SessionBuilder.finish`` adds it)."""
    p, r = b.pitch, b.roll
    return np.column_stack([-np.sin(p), np.sin(r) * np.cos(p), np.cos(r) * np.cos(p)])


def bounce_session(seed: int, fs: float, rms: float, *, knee: bool) -> tremor.AnalysisResult:
    """300 s seated with three heel-bounce bouts of ``rms`` m/s^2 at the sensor (thigh, or a hand on the knee)."""
    return tremor.analyze(bounce_recording(seed, fs, rms, knee=knee))


def bounce_recording(seed: int, fs: float, rms: float, *, knee: bool) -> tremor.Recording:
    """The recording of :func:`bounce_session`."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 300.0, rng, 0.01)
    up, side = _seated(b, rng)
    start = rng.uniform(5.0, 20.0)
    for _ in range(3):
        dur = rng.uniform(15.0, 45.0)
        _add_bout(b, rng, start, dur, rms, up, side, 0.3 if knee else 0.4)
        start += dur + rng.uniform(15.0, 40.0)
    return b.finish(description="heel bounce").recording


def _seated(b: S.SessionBuilder, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Pose the sensor (thigh or hand on the knee, about level); its up vector and a horizontal direction."""
    b.pitch += np.deg2rad(rng.uniform(-10.0, 10.0))
    b.roll += np.deg2rad(rng.uniform(-30.0, 30.0))
    up = _up(b)
    side = np.cross(up, S._unit(rng))
    return up, side / np.linalg.norm(side, axis=1, keepdims=True)


def _add_bout(
    b: S.SessionBuilder,
    rng: np.random.Generator,
    start: float,
    dur: float,
    rms: float,
    up: np.ndarray,
    side: np.ndarray,
    lever: float,
) -> None:
    """One heel-bounce bout of ``rms`` m/s^2 at the sensor (see the module)."""
    t, fs = b.t, b.fs
    ramp = rng.uniform(0.2, 1.0)
    m = (t >= start) & (t < start + dur)
    tt = t[m] - start
    env = np.clip(np.minimum(tt, dur - tt) / ramp, 0.0, 1.0)
    f0 = rng.uniform(3.5, 5.5)
    f = f0 * (1 + 0.03 * S.narrowband(rng, tt, fs, 0.0, 0.2))
    ph = 2 * np.pi * np.cumsum(f) / fs + rng.uniform(0, 2 * np.pi)
    h2, h3 = rng.uniform(0.1, 0.4), rng.uniform(0.0, 0.2)
    wave = np.sin(ph) + h2 * np.sin(2 * ph + rng.uniform(0, 6.3)) + h3 * np.sin(3 * ph + rng.uniform(0, 6.3))
    size = np.exp(0.1 * S.narrowband(rng, tt, fs, 0.0, 0.1))  # the jiggle's size wandering 10 % over seconds
    wave *= rms / np.sqrt(0.5 * (1 + h2**2 + h3**2)) * env * size / np.sqrt(np.mean(size**2))
    b.lin[m] += wave[:, None] * (up[m] + rng.uniform(0.0, 0.3) * side[m])
    b.pitch[m] += wave / (2 * np.pi * f0) ** 2 / lever  # the thigh or forearm tilting with the knee


def rest_tremor_session(
    seed: int,
    fs: float,
    hz: float,
    rms: float,
    *,
    rotation: bool,
    wax: bool,
    fidget: float,
    vertical: bool = False,
    roll_deg: float | None = None,
) -> tremor.AnalysisResult:
    """300 s seated, the hand in the lap, a rest tremor of ``rms`` m/s^2 at ``hz`` from 40 to 260 s (``vertical``:
    along gravity, the worst case; ``roll_deg``: the hand's roll, 90 thumb up)."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 300.0, rng, 0.01)
    t = b.t
    b.pitch += np.deg2rad(rng.uniform(-10.0, 10.0))
    b.roll += np.deg2rad(rng.uniform(-40.0, 90.0) if roll_deg is None else roll_deg)  # palm down to thumb up
    m = (t >= 40.0) & (t < 260.0)
    tt = t[m] - 40.0
    env = np.clip(np.minimum(tt, 220.0 - tt) / 2.0, 0.0, 1.0)
    if wax:  # waxing and waning over 20-60 s, between 0.3 and 1 of its peak
        slow = S.narrowband(rng, tt, fs, 0.0, 1.0 / rng.uniform(20.0, 60.0)).real
        env *= 0.65 + 0.35 * np.tanh(slow)
    line = S.narrowband(rng, tt, fs, hz, rng.uniform(0.3, 0.5))
    h2 = rng.uniform(0.0, 0.3)
    x = (line + h2 * S.narrowband(rng, tt, fs, 2 * hz, 0.8)) / np.sqrt(1 + h2**2) * env
    x *= rms / np.sqrt(np.mean(x[env >= 0.99] ** 2)) if not wax else rms / np.sqrt(np.mean(x**2))
    if rotation:
        # pronation-supination: the wrist 3 cm off the axis; x is its tangential acceleration, the angle x / (w^2 r)
        w2r = (2 * np.pi * hz) ** 2 * 0.03
        b.roll[m] += x / w2r
        b.lin[m, 1] += x  # tangential: across the forearm, in the sensor's y-z plane
    elif vertical:
        b.lin[m] += x[:, None] * _up(b)[m]
    else:
        b.lin[m] += np.outer(x, S._unit(rng))
    if fidget:
        b.lin += np.outer(fidget * S.narrowband(rng, t, fs, rng.uniform(0.5, 1.2), 0.6), S._unit(rng))
    return tremor.analyze(b.finish(description="rest tremor").recording)


def _clinician(result: tremor.AnalysisResult) -> bool:
    return any(c.id == "see_a_clinician" for c in result.session_causes)


def _check_bounce(result: tremor.AnalysisResult) -> None:
    rest = [e for e in result.atypical_tremor if e.set_index is None]
    causes = [c.id for c in result.session_causes]
    print([(e.start_s, e.end_s, e.peak_hz, round(e.rms_mps2, 3)) for e in rest], causes, result.rest_rms_mps2)
    print([n for n in result.notes if "up and down" in n])
    for (
        e
    ) in rest:  # only a bout the report says it cannot tell from a rest tremor stays listed, without advice
        assert any(
            f"({e.start_s:.0f}-{e.end_s:.0f} s" in n and "cannot tell" in n and n.endswith(LEG_ADVICE)
            for n in result.notes
        ), e
    assert not {"see_a_clinician", "sleep_stress_stimulants"} & set(causes)
    # the advice only conditional on the leg being still (red team R5 / h-rev23: a rest tremor can come in bouts)
    assert all(LEG_ADVICE in n or BRIEF_ADVICE in n for n in result.notes if "see a clinician" in n)
    assert result.rest_rms_mps2 is None or result.rest_rms_mps2 < 0.05


@pytest.mark.parametrize(
    ("seed", "fs", "rms", "knee"),
    [
        (1, 100.0, 0.5, False),
        (2, 100.0, 1.0, False),
        (3, 200.0, 2.5, False),
        (4, 50.0, 1.5, False),
        (5, 100.0, 0.2, True),
        (6, 100.0, 0.4, True),
        (7, 200.0, 0.8, True),
        (8, 50.0, 0.3, True),
        pytest.param(FRESH_SEED, 100.0, None, None, id="fresh"),
    ],
)
def test_a_heel_bounce_is_no_rest_tremor(seed: int, fs: float, rms: float | None, knee: bool | None) -> None:
    """No rest episode, clinician note, or rest level raised by the bounce's harmonics; a note says what it is.

    Before the rule every one of these with a bout found gave an out-of-band rest episode and a clinician note."""
    if rms is None:  # a fresh draw: size and place drawn too
        r = np.random.default_rng(seed)
        knee = bool(r.integers(2))
        rms = float(r.uniform(0.2, 0.6) if knee else r.uniform(0.35, 2.5))
        fs = float(r.choice([50.0, 100.0, 200.0]))
    print(f"bounce seed {seed} fs {fs} rms {rms:.2f} knee {knee} (replay with TREMOR_LEG_SEED={seed})")
    result = bounce_session(seed, fs, rms, knee=bool(knee))
    _check_bounce(result)
    notes = [n for n in result.notes if "up and down" in n]
    if rms >= LEG_MPS2 * 1.3:
        assert any("most likely a movement of the leg" in n for n in notes)


@pytest.mark.parametrize(
    ("seed", "fs", "hz", "rms", "rotation", "wax", "fidget"),
    [
        (31, 100.0, 3.2, 0.6, True, False, 0.0),
        (32, 100.0, 4.5, 0.3, True, True, 0.05),
        (33, 200.0, 5.5, 0.6, False, False, 0.0),
        (34, 50.0, 4.0, 0.4, False, True, 0.08),
        (35, 100.0, 6.0 - 0.25, 0.1, True, False, 0.1),
        (36, 200.0, 3.5, 0.05, False, False, 0.0),
        pytest.param(FRESH_SEED, 100.0, None, None, None, None, None, id="fresh"),
    ],
)
def test_a_rest_tremor_in_the_lap_keeps_its_note(
    seed: int,
    fs: float,
    hz: float | None,
    rms: float | None,
    rotation: bool | None,
    wax: bool | None,
    fidget: float | None,
) -> None:
    """A rest tremor for minutes, as a forearm rotation or along any direction (vertical too): its note stays."""
    if hz is None:
        r = np.random.default_rng(seed)
        hz, rms = float(r.uniform(3.2, 6.0 - 0.25)), float(r.uniform(0.05, 0.6))
        rotation, wax, fidget = bool(r.integers(2)), bool(r.integers(2)), float(r.choice([0.0, 0.05, 0.1]))
        fs = float(r.choice([50.0, 100.0, 200.0]))
    print(
        f"rest tremor seed {seed} fs {fs} {hz:.2f} Hz {rms:.2f} m/s^2 rotation {rotation} wax {wax} fidget {fidget} "
        f"(replay with TREMOR_LEG_SEED={seed})"
    )
    result = rest_tremor_session(
        seed, fs, hz, rms, rotation=bool(rotation), wax=bool(wax), fidget=float(fidget or 0)
    )
    rest = [e for e in result.atypical_tremor if e.set_index is None]
    print(
        [(e.start_s, e.end_s, e.peak_hz, round(e.rms_mps2, 3)) for e in rest],
        [c.id for c in result.session_causes],
    )
    print([n for n in result.notes if "up and down" in n])
    assert rest and any(abs(e.peak_hz - hz) <= 0.5 for e in rest), result.atypical_tremor
    assert _clinician(result)
    assert not [n for n in result.notes if "up and down" in n]


@pytest.mark.parametrize(
    ("seed", "fs", "hz", "rms", "rotation", "vertical"),
    [
        (41, 100.0, 5.5, 0.6, True, False),  # thumb up: the tangential acceleration along gravity (share 0.9)
        (42, 200.0, 4.5, 0.6, False, True),  # along gravity, under LEG_MPS2
        (43, 50.0, 3.5, 0.3, False, True),
        (44, 100.0, 5.0, 0.05, False, True),
    ],
)
def test_a_rest_tremor_along_gravity_for_minutes_keeps_its_note(
    seed: int, fs: float, hz: float, rms: float, rotation: bool, vertical: bool
) -> None:
    """Along gravity but for minutes and under :data:`LEG_MPS2`: nothing tells it from a rest tremor, so its note
    stays (the module's stated limit: a hand on a knee bouncing for minutes is reported the same)."""
    result = rest_tremor_session(
        seed, fs, hz, rms, rotation=rotation, wax=False, fidget=0.0, vertical=vertical, roll_deg=90.0
    )
    rest = [e for e in result.atypical_tremor if e.set_index is None]
    print([(e.start_s, e.end_s, e.peak_hz) for e in rest], [c.id for c in result.session_causes])
    assert rest and _clinician(result)
    assert not [n for n in result.notes if "up and down" in n]


@pytest.mark.parametrize(
    ("seed", "fs", "hz", "rms", "rotation", "wax"),
    [
        (45, 100.0, 5.0, 1.0, True, False),  # thumb up: the twist's tangential acceleration along gravity
        (46, 200.0, 5.0, 2.0, True, False),
        (47, 100.0, 5.0, 2.0, True, True),
        (48, 100.0, 4.5, 1.5, False, False),  # a translation along gravity, the worst case
    ],
)
def test_a_large_rest_tremor_along_gravity_for_minutes_keeps_its_note(
    seed: int, fs: float, hz: float, rms: float, rotation: bool, wax: bool
) -> None:
    """At :data:`LEG_MPS2` or more along gravity but for minutes, no bout: a rest tremor's twist with the hand thumb up
    is that large (at 5 Hz, 3 cm off the axis, 1-2 m/s^2 is 1.9-3.9 deg RMS), so it keeps its note. Before only a
    bout counted as a leg, seeds 45-48 (and seed 41 thumb up at 5 Hz, 1.0, 1.5 and 2.5 m/s^2) lost it to "most likely
    a movement of the leg"."""
    result = rest_tremor_session(
        seed, fs, hz, rms, rotation=rotation, wax=wax, fidget=0.0, vertical=not rotation, roll_deg=90.0
    )
    rest = [e for e in result.atypical_tremor if e.set_index is None]
    print(
        [(e.start_s, e.end_s, e.peak_hz, round(e.rms_mps2, 2)) for e in rest],
        [c.id for c in result.session_causes],
    )
    print([n for n in result.notes if "up and down" in n])
    assert rest and any(abs(e.peak_hz - hz) <= 0.5 and e.rms_mps2 >= LEG_MPS2 for e in rest)
    assert _clinician(result)
    assert not [n for n in result.notes if "up and down" in n]


@pytest.mark.parametrize(("seed", "rms"), [(51, 0.6), (52, 0.75), (53, 0.9), (54, 1.2)])
def test_a_bounce_near_the_size_limit(seed: int, rms: float) -> None:
    """Either side of :data:`LEG_MPS2` (a phone on the thigh): no rest tremor either way; above it the note says most
    likely the leg, under it that the report cannot tell."""
    result = bounce_session(seed, 100.0, rms, knee=False)
    _check_bounce(result)
    notes = [n for n in result.notes if "up and down" in n]
    assert notes
    if rms >= 1.1 * LEG_MPS2:
        assert any("most likely a movement of the leg" in n for n in notes)
    if rms <= 0.9 * LEG_MPS2:
        assert all("cannot tell a rest tremor" in n for n in notes)


@pytest.mark.parametrize(
    ("seed", "rms", "knee", "words"), [(61, 0.4, True, "cannot tell"), (62, 1.5, False, "most likely")]
)
def test_live_equals_batch_on_a_heel_bounce(seed: int, rms: float, knee: bool, words: str) -> None:
    """Fed in random chunks, the live analyser's final result says what batch says of the bounces."""
    rec = bounce_recording(seed, 100.0, rms, knee=knee)
    batch = tremor.analyze(rec)
    live = tremor.LiveAnalyzer(source=rec.source, gravity_included=rec.gravity_included)
    rng = np.random.default_rng(seed)
    i = 0
    while i < rec.n_samples:
        k = int(rng.integers(1, 2000))
        live.update(rec.time_s[i : i + k], rec.acc_mps2[i : i + k])
        i += k
    result = live.finish()
    legs = [n for n in batch.notes if "up and down" in n]
    assert legs and all(words in n for n in legs), legs
    assert [n for n in result.notes if "up and down" in n] == legs
    assert result.atypical_tremor == batch.atypical_tremor
    assert [c.id for c in result.session_causes] == [c.id for c in batch.session_causes]
    assert result.rest_rms_mps2 == batch.rest_rms_mps2
    assert not _clinician(batch)


@pytest.mark.parametrize(
    ("seed", "fs", "rms", "knee"), [(71, 100.0, 1.5, False), (72, 200.0, 0.45, True), (73, 50.0, 2.0, False)]
)
def test_a_bounce_filling_the_rest_before_the_first_set_leaves_the_rest_level(
    seed: int, fs: float, rms: float, knee: bool
) -> None:
    """The rest before the first set mostly bouncing (its harmonics in 6-12 Hz): the rest level is taken without it,
    so no "sleep, stress or stimulants" from it. Before the rule seeds 71, 72 and 73 read 0.27, 0.19 and 0.26 m/s^2 at
    rest, each with that cause and a clinician note; after it 0.009 m/s^2 (71) and neither."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 200.0, rng, 0.01)
    up, side = _seated(b, rng)
    _add_bout(b, rng, 8.0, 36.0, rms, up, side, 0.3 if knee else 0.4)
    b.add_rep_set(50.0, 85.0, calm_factor=1.0)
    _add_bout(b, rng, 95.0, 30.0, rms, up, side, 0.3 if knee else 0.4)
    b.add_rep_set(135.0, 170.0, calm_factor=1.0)
    result = tremor.analyze(b.finish(description="heel bounce between sets").recording)
    _check_bounce(result)


def _without_gravity(b: S.SessionBuilder, rec: tremor.Recording) -> tremor.Recording:
    """The recording as linear acceleration (a phone's gravity-removed stream): the builder's gravity taken off."""
    return tremor.Recording(rec.time_s, rec.acc_mps2 - G * _up(b), False, rec.source)


@pytest.mark.parametrize(("seed", "rms", "bout", "advice"), [(81, 1.5, True, False), (82, 0.6, False, True)])
def test_gravity_removed_a_large_bout_is_not_told_apart_and_a_rest_tremor_keeps_its_note(
    seed: int, rms: float, bout: bool, advice: bool
) -> None:
    """Linear acceleration only: the direction is unknown. A 1.5 m/s^2 rhythm in 20-40 s bouts is not told from a
    bouncing leg (no advice); a 0.6 m/s^2 rest tremor along gravity for minutes keeps its note."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(100.0, 300.0, rng, 0.01)
    up, side = _seated(b, rng)
    if bout:
        for start in (20.0, 110.0, 200.0):
            _add_bout(b, rng, start, rng.uniform(20.0, 40.0), rms, up, side, 0.4)
    else:
        m = (b.t >= 40.0) & (b.t < 260.0)
        b.lin[m] += rms * S.narrowband(rng, b.t[m], 100.0, 4.5, 0.4)[:, None] * up[m]
    result = tremor.analyze(_without_gravity(b, b.finish(description="linear").recording))
    rest = [e for e in result.atypical_tremor if e.set_index is None]
    notes = [n for n in result.notes if "direction is unknown" in n]
    print([(e.start_s, e.end_s, e.peak_hz, round(e.rms_mps2, 3)) for e in rest], notes)
    assert rest
    assert _clinician(result) == advice
    assert bool(notes) != advice


@pytest.mark.parametrize(("seed", "fs"), [(6000, 200.0), (6003, 100.0), (6005, 50.0), (FRESH_SEED, 100.0)])
def test_a_rest_tremor_waxing_from_nothing_along_gravity_keeps_its_note(seed: int, fs: float) -> None:
    """A rest tremor along gravity (the worst case) waxing from nothing to full and waning over 20-60 s for 5 minutes:
    its pieces rise and fall as fast as a bout, but its size wanders (:data:`tremor.core.leg_rhythm.STEADY_MAX`), so
    the session keeps its note. Before the steadiness test 76 of 136 pieces over 30 sessions (seeds 6000-6029) read
    "cannot tell" and 2 sessions lost the note; after it 2 of 136, none (that sweep draws the rate too, so its
    signals differ from these)."""
    print(f"waxing rest tremor seed {seed} (replay with TREMOR_LEG_SEED={seed})")
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 360.0, rng, 0.01)
    hz, rms = rng.uniform(3.2, 5.75), rng.uniform(0.1, 0.6)
    m = (b.t >= 20.0) & (b.t < 340.0)
    slow = S.narrowband(rng, b.t[m], fs, 0.0, 1.0 / rng.uniform(20.0, 60.0))
    env = np.clip(0.4 + 0.6 * slow, 0.0, 1.0)
    b.lin[m] += (rms * S.narrowband(rng, b.t[m], fs, hz, 0.4) * env)[:, None] * _up(b)[m]
    result = tremor.analyze(b.finish(description="waxing rest tremor").recording)
    rest = [e for e in result.atypical_tremor if e.set_index is None]
    print(
        [(round(e.start_s), round(e.end_s), e.peak_hz) for e in rest],
        [n for n in result.notes if "cannot tell" in n],
    )
    assert rest and _clinician(result)
