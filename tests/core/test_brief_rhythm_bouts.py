"""A rest tremor in bouts of seconds keeps its advice; drumming fingers and a fidget are no rest tremor (h-rev23).

Written from the physics by a reviewer of ``tremor.core.brief_rhythm`` (not from its author's tests nor the red
team's generator):

- a parkinsonian rest tremor can come and go, and re-emerge after a change of posture: a rep set, then the hand set
  down at rest, the tremor starting 1-3 s later in a bout of 5-9 s (4-6 Hz, a line 0.3-0.5 Hz wide, 0.063-0.5
  m/s^2 RMS, waxing in and out over 0.5-1.5 s), absent 3-10 s, a second bout of 5-9 s; twice in 240 s. Each bout
  is under the brief rule's limit, so the rule sets it aside; the report must still give the advice, in the
  note's conditional form (a true rest tremor must never lose it). The tremor moves the wrist mostly across
  gravity: a bout mostly along it is the bouncing-leg rule's (``tremor.core.leg_rhythm``), which lists it
  without advice when it cannot tell (at base too; not judged here);
- drumming the fingers on a table for 4-8 s (4-7 taps a second, each a 2-8 m/s^2 jolt of 8 ms at the wrist, the
  hand rocking +-1-2 mm) or a 4.5-5.5 s fidget (a pen twirled: the hand +-3-8 mm at 3-6 Hz) at rest: deliberate,
  no rest tremor, no clinician cause.
"""

from __future__ import annotations

import numpy as np
import pytest

import tremor
from tests.run_entropy import fresh_entropy
from tests.stress import scenarios as S
from tremor.core.brief_rhythm import BRIEF_ADVICE

FRESH_SEED = int(fresh_entropy(__name__) % 2**31)


def _env(t: np.ndarray, a: float, e: float, ramp: float) -> np.ndarray:
    return np.clip(np.minimum(t - a, e - t) / ramp, 0.0, 1.0)


def after_sets(seed: int, fs: float) -> tuple[tremor.Recording, list[tuple[float, float]]]:
    """240 s: rep sets at 30-70 s and 130-170 s, each followed at rest by two 5-9 s bouts of rest tremor."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 240.0, rng, 0.01)
    hz, d = rng.uniform(4.0, 6.0), S._unit(rng)
    d[2] *= 0.3  # mostly across gravity (a pronation-supination roll); along it the bouncing-leg rule decides
    d /= np.linalg.norm(d)
    rms = np.exp(rng.uniform(np.log(0.063), np.log(0.5)))
    spans = []
    for s0 in (30.0, 130.0):
        b.add_rep_set(s0, s0 + 40.0)
        a = s0 + 40.0 + rng.uniform(1.0, 3.0)
        for _ in range(2):
            e = a + rng.uniform(5.0, 9.0)
            m = (b.t >= a) & (b.t < e)
            line = S.narrowband(rng, b.t[m] - a, fs, hz, rng.uniform(0.3, 0.5))
            ramp = rng.uniform(0.5, 1.5)
            b.lin[m] += np.outer(line * rms / np.sqrt(np.mean(line**2)) * _env(b.t[m], a, e, ramp), d)
            spans.append((a, e))
            a = e + rng.uniform(3.0, 10.0)
    return b.finish(description="rest tremor in bouts after sets").recording, spans


def deliberate(seed: int, fs: float, drum: bool) -> tuple[tremor.Recording, float, float]:
    """120 s at rest, drumming fingers (``drum``) or a fidget at 50 s (see the module)."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 120.0, rng, 0.01)
    if drum:
        dur, f0, x = rng.uniform(4.0, 8.0), rng.uniform(4.0, 7.0), rng.uniform(0.001, 0.002)
    else:
        dur, f0, x = rng.uniform(4.5, 5.5), rng.uniform(3.0, 6.0), rng.uniform(0.003, 0.008)
    a, e = 50.0, 50.0 + dur
    m = (b.t >= a) & (b.t < e)
    f = f0 + 0.2 * np.sin(2 * np.pi * (b.t[m] - a) / rng.uniform(1.5, 3.0))
    ph = 2 * np.pi * np.cumsum(f) / fs
    wave = np.sin(ph) + rng.uniform(0.1, 0.3) * np.sin(2 * ph + 1.0)
    b.lin[m] += np.outer(
        (2 * np.pi * f0) ** 2 * x * wave * _env(b.t[m], a, e, rng.uniform(0.2, 0.5)), S._unit(rng)
    )
    if drum:
        k = max(1, int(0.008 * fs))
        for tc in np.arange(a + 0.2, e - 0.2, 1.0 / f0):
            i = int((tc + rng.normal(0.0, 0.01)) * fs)
            tap = -rng.uniform(2.0, 8.0) * np.sin(np.pi * (np.arange(k) + 0.5) / k)
            b.lin[i : i + k] += np.outer(tap, S._unit(rng))
    return b.finish(description="drumming" if drum else "fidget").recording, a, e


def _clinician(res: tremor.AnalysisResult) -> bool:
    return any(c.id == "see_a_clinician" for c in res.session_causes) or any(
        c.id == "see_a_clinician" for s in res.sets for c in s.causes
    )


def _fresh_rate(seed: int) -> float:
    return float(np.random.default_rng(seed).choice([50.0, 100.0, 200.0]))


@pytest.mark.parametrize(
    ("seed", "fs"),
    [(1, 50.0), (2, 100.0), (3, 200.0), pytest.param(FRESH_SEED, _fresh_rate(FRESH_SEED), id="fresh")],
)
def test_a_rest_tremor_in_short_bouts_after_sets_keeps_its_advice(seed: int, fs: float) -> None:
    """The bouts kept as episodes with the clinician cause, or set aside as brief with the conditional advice.

    Base (f539642): an episode and the clinician cause in 24 of 24 draws. h-shake before this mend: the episodes
    set aside as brief in 22 of 24, the note saying "no advice is drawn from it", no clinician cause: the advice
    lost. With the note's conditional advice: kept in 24 of 24, fresh loops 300 of 300 (h-rev23). A single 5 s
    bout may go unfound (the episode detector's limit: 4 of 300 fresh draws missed one bout, the 3 checked at base
    missed it too), so the test asks that some bout be found and the advice given, not every bout."""
    print(f"after sets seed {seed} fs {fs}")
    rec, spans = after_sets(seed, fs)
    res = tremor.analyze(rec)
    brief = [x for x, why in res.set_aside_rhythms if why == "brief"]
    print(spans, [(x.start_s, x.end_s) for x in res.atypical_tremor], [(x.start_s, x.end_s) for x in brief])
    found = [
        x for x in [*res.atypical_tremor, *brief] if any(x.end_s > a and x.start_s < e for a, e in spans)
    ]
    assert found
    assert _clinician(res) or any(BRIEF_ADVICE in n for n in res.notes)
    for x in brief:
        assert any(f"{x.start_s:.0f}-{x.end_s:.0f} s at" in n and BRIEF_ADVICE in n for n in res.notes), x


@pytest.mark.parametrize(
    ("seed", "fs", "drum"),
    [
        (41, 50.0, True),
        (42, 100.0, True),
        (43, 200.0, True),
        (44, 50.0, False),
        (45, 100.0, False),
        (46, 200.0, False),
        pytest.param(FRESH_SEED, _fresh_rate(FRESH_SEED), bool(FRESH_SEED % 2), id="fresh"),
    ],
)
@pytest.mark.fresh_rate(
    param="seed",
    measured="h-rev23 fresh loops, 100 a rate: drumming claimed 1 at 50 Hz, 0 at 100, 3 at 200 Hz (an episode "
    "over the bout: at 50 Hz seed 950651038 not seen to rise from absent, with the clinician cause; at 200 Hz seeds "
    "1421544880, 1443431859, 1019672084 the bouncing-leg rule's 'cannot tell' episode, listed without advice, "
    "which the brief rule leaves alone); fidget 0 at each rate",
)
def test_drumming_fingers_or_a_fidget_is_no_rest_tremor(seed: int, fs: float, drum: bool) -> None:
    """No out-of-band episode over it and no clinician cause.

    Base (f539642): claimed as a rest tremor with the clinician cause in 40 of 48 loop draws (drumming 18/24,
    fidget 22/24; 4 of the 6 fixed draws here); h-shake: 0 of 48 (set aside as brief, with the conditional
    advice)."""
    print(f"deliberate seed {seed} fs {fs} drum {drum}")
    rec, a, e = deliberate(seed, fs, drum)
    res = tremor.analyze(rec)
    print([(x.start_s, x.end_s, x.peak_hz) for x in res.atypical_tremor], res.set_aside_rhythms)
    assert not any(x.end_s > a and x.start_s < e for x in res.atypical_tremor)
    assert not _clinician(res)
