"""True tremors the strokes rule (:mod:`tremor.core.strokes`, h-brush) takes for a hand's strokes (review rev25).

Own physics (not the red team's or h-brush's generators): standing 260 s, the forearm raised 60-80 deg in two holds
(50-140 s, 180-240 s), the resting wrist and noise of ``benchmarks/redteam/gen.py``'s Session. One oscillator (a
parkinsonian tremor): ``f0`` Hz plus a slow wander (band 0.004-0.05 Hz, periods of 20-250 s: a rate that changes
over minutes) of ``sd`` Hz SD, waxing and waning +-30 %, a 2nd harmonic of 0.25, mostly along one axis.

- ``rest_and_posture``: a rest tremor at 4.5 Hz (2 m/s^2 peak) in every rest, re-emerging 3-10 s into each hold
  1 Hz faster (a parkinsonian action tremor faster than the rest tremor; the rate in each stretch steady, SD
  0.1 Hz). The rule reads the set's rate over the stretch its rhythm fills, which runs on into the rests, and an
  episode spanning a rest and a hold over both: the step between the rest's rate and the hold's reads as strokes.
  Base 9c2fed5 -> h-brush (seeds 31, 32 x 50/100/200 Hz): the clinician's note 6 -> 2 of 6, strokes (a set
  or an episode set aside) 0 -> 6 of 6 draws, 8 of 12 sets ``not_assessable`` (strokes). Each such set's note
  says its rhythm's rate "wandered by 0.6 Hz or more across the set": over the set's own frames it spread
  0.11-0.38 Hz; the 1.15-1.25 Hz the rule read came from the stretch run on into the rests (e.g. 1-179 s for the
  set 50-140 s), and episodes of 0-260 s (the whole rest tremor) were set aside. (Offset 0.6 Hz, rest 1 m/s^2: the clinician
  kept 6 of 6, strokes in 6 of 6 draws (a set in 2).)
- ``slow_wander``: a postural tremor at 4.5 Hz (2 m/s^2 peak) only in the holds, its rate wandering 0.3 Hz SD
  over minutes (h-brush's documented cost). Base -> h-brush (seeds 11, 12 x 50/100/200 Hz): the clinician's note
  6 -> 1 of 6.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.core.test_scrub_strokes import GEN
from tremor.core.analysis import AnalysisResult, analyze
from tremor.core.recording import Recording, SourceInfo

HOLDS = ((50.0, 140.0), (180.0, 240.0))
RESTS = ((0.0, 50.0), (140.0, 180.0), (240.0, 260.0))


def tremor_session(fs: float, seed: int, *, sd: float, offset: float, rest_amp: float) -> Recording:
    """260 s, two raised holds; a 4.5 Hz tremor of 2 m/s^2 peak in the holds (``offset`` Hz faster there) and of
    ``rest_amp`` m/s^2 peak in the rests, its rate wandering ``sd`` Hz SD over minutes."""
    g = GEN
    rng = np.random.default_rng(seed)
    s = g.Session(260.0, fs, rng)
    n = len(s.t)
    d = np.array([0.1, 0.8, 0.6])
    d /= np.linalg.norm(d)
    v = rng.standard_normal(3)
    d2 = v / np.linalg.norm(v)
    for a, b in HOLDS:
        s.add_hold(a, b, rng.uniform(60, 80))
    w = g.band_noise(n, fs, 0.004, 0.05, rng)
    f = 4.5 + sd * w / w.std()
    for a, b in HOLDS:
        f[s.mask(a, b)] += offset
    ph = 2 * np.pi * np.cumsum(f) / fs
    wax = np.clip(1 + 0.3 * g.band_noise(n, fs, 0.02, 0.3, rng), 0.3, None)
    env = np.zeros(n)
    for a, b in HOLDS:
        env += g.taper(s.t, a + rng.uniform(3, 10), b - 1.0, 1.5) * 2.0
    for a, b in RESTS:
        env += g.taper(s.t, a + 2.0 if a > 0 else a, b - 0.5, 1.0) * rest_amp
    x = (np.sin(ph) + 0.25 * np.sin(2 * ph + 1.0)) * env * wax
    s.lin += np.outer(x, d) + 0.3 * np.outer(np.cos(ph) * env * wax, d2)
    return Recording(s.t, s.total(), True, SourceInfo(path="tremor.csv", format="generic_csv", units="m/s^2"))


def _clinician(res: AnalysisResult) -> bool:
    return any(c.id == "see_a_clinician" for c in res.session_causes) or any(
        c.id == "see_a_clinician" for s in res.sets for c in s.causes
    )


def _strokes(res: AnalysisResult) -> bool:
    return any(s.metrics.not_assessable_reason == "strokes" for s in res.sets) or any(
        why == "strokes" for _, why in res.set_aside_rhythms
    )


def test_a_rest_tremor_faster_in_posture_keeps_its_clinician_note() -> None:
    """A parkinsonian rest tremor (4.5 Hz, 2 m/s^2 peak) whose tremor in the holds runs 1 Hz faster: a tremor in
    every rest and every hold, each stretch at a steady rate. The clinician's note stays and nothing is taken for
    a hand's strokes (base 6 of 6; h-brush 2 of 6 keep the note, 6 of 6 take a set or an episode for strokes).

    Was a strict xfail; mended (rev25): a set whose own frames hold the rhythm 30 s or more is read alone
    (:data:`tremor.core.strokes.OWN_READ_S`), an episode over its frames inside sets only: 6 of 6 keep the note,
    none taken for strokes."""
    bad = []
    for fs in (50.0, 100.0, 200.0):
        for seed in (31, 32):
            res = analyze(tremor_session(fs, seed, sd=0.1, offset=1.0, rest_amp=2.0))
            said = [(s.label, s.metrics.not_assessable_reason) for s in res.sets]
            print(fs, seed, said, _clinician(res))
            if not _clinician(res) or _strokes(res):
                bad.append((fs, seed, said))
    assert not bad


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="rev25: a postural tremor whose rate wanders 0.3 Hz SD over minutes loses its clinician note (6 -> 1)",
)
def test_a_tremor_wandering_over_minutes_keeps_its_clinician_note() -> None:
    """A 4.5 Hz postural tremor (2 m/s^2 peak) in two holds, its rate wandering 0.3 Hz SD over minutes (a
    parkinsonian tremor's rate moves with its amplitude and the wearer's state): the clinician's note stays (base 6
    of 6; h-brush 1 of 6: its own documented cost)."""
    bad = []
    for fs in (50.0, 100.0, 200.0):
        for seed in (11, 12):
            res = analyze(tremor_session(fs, seed, sd=0.3, offset=0.0, rest_amp=0.0))
            said = [(s.label, s.metrics.not_assessable_reason) for s in res.sets]
            print(fs, seed, said, _clinician(res))
            if not _clinician(res):
                bad.append((fs, seed, said))
    assert not bad
