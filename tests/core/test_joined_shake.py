"""A shake-out joined to the arm's movements (a climber between holds) is no rest tremor; a severe one is (issue 9).

Red team R9 (``gen_r9.py`` ``climb``): the climber drops the arm between two holds and shakes the hand loose at 3-5
Hz for 3-5 s (+-1-2 cm, 4-10 m/s^2 RMS), reaching up to the next hold after it; the brief-rhythm rule (h-shake)
needs rest on both sides, so the shake-out was a rest tremor with the clinician note. :mod:`tremor.core.
joined_shake` sets aside a rhythm of 1.5 m/s^2 RMS or more, under 10 s, joined to a movement and seen nowhere else
at rest. A rest tremor that large shows at every rest (red team ``rest_tremor --extras amp:1.5-4``, ``pd_walk
--extras amp:1.5-3``, re-emerging after each movement) and keeps its episodes and note.
"""

from __future__ import annotations

import json
import os

import numpy as np
import pytest

import tremor.core.analysis as analysis
from tests.redteam_run import clinician, load, overlap, recording, run
from tests.run_entropy import fresh_entropy
from tremor.core.joined_shake import joined_shake_outs

FRESH_SEED = int(os.environ.get("TREMOR_CLIMB_SEED", fresh_entropy(__name__) % 2**31))

GEN = load("gen")
R6 = load("gen_r6")
R8 = load("gen_r8")
R9 = load("gen_r9")


def _fresh(seed: int) -> float:
    return float(np.random.default_rng(seed).choice([50.0, 100.0, 200.0]))


@pytest.mark.parametrize(("seed", "fs"), [(23, 100.0), (24, 200.0), (FRESH_SEED, None)])
def test_a_shake_out_between_holds_is_set_aside(seed: int, fs: float | None) -> None:
    """No out-of-band episode over a shake-out; it is set aside as ``brief`` (the note's conditional advice).

    Measured (fresh seeds 21-26 x 50/100/200 Hz, 18 draws): a rest episode with the clinician note over the shake-out
    in 9 of 18 before, 0 after (seeds 12-16 of the red team's: 7 -> 0)."""
    fs = _fresh(seed) if fs is None else fs
    print(f"climb seed {seed} fs {fs} (replay with TREMOR_CLIMB_SEED={seed})")
    res, truth = run(R9, "climb", "", fs, seed)
    shakes = truth["models"].split("shake-outs")[-1]
    spans = [(float(a), float(b)) for a, b in json.loads(shakes)]
    print(spans, [(e.start_s, e.end_s, e.peak_hz) for e in res.atypical_tremor], res.set_aside_rhythms)
    assert not any(overlap(a, b, e.start_s, e.end_s) > 0 for a, b in spans for e in res.atypical_tremor)


@pytest.mark.parametrize(
    ("gen", "scenario", "extras"),
    [
        (GEN, "rest_tremor", "amp:1.5-4"),
        (GEN, "rest_tremor", "posture,amp:1.5-4"),
        (R8, "pd_walk", "amp:1.5-3"),
    ],
)
@pytest.mark.parametrize("seed", [31, FRESH_SEED])
def test_a_severe_rest_tremor_keeps_its_note(
    gen: object, scenario: str, extras: str, seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A rest tremor of 1.5-4 m/s^2 RMS re-emerging at rest after each set or walk: the shake-out rule sets none of
    its episodes aside, and the report keeps the clinician note. Measured (seeds 31-33 x 50/100/200 Hz, 27 draws with
    these extras): the rule fired 0 times; the note 26 of 27 before and after (pd_walk seed 32 at 100 Hz has an
    episode neither way)."""
    fs = _fresh(seed + 1)
    print(f"{scenario} {extras} seed {seed} fs {fs}")
    fired: list[object] = []

    def counted(*args: object) -> list[object]:
        out = joined_shake_outs(*args)  # type: ignore[arg-type]
        fired.extend(out)
        return out  # type: ignore[return-value]

    monkeypatch.setattr(analysis, "joined_shake_outs", counted)
    t, acc, _ = gen.SCENARIOS[scenario](fs, np.random.default_rng(seed), extras)  # type: ignore[attr-defined]
    res = analysis.analyze(recording(t, acc))
    print(
        [(e.start_s, e.end_s, e.peak_hz, round(e.rms_mps2, 2)) for e in res.atypical_tremor], clinician(res)
    )
    assert not fired
    if seed == 31:
        assert res.atypical_tremor and clinician(res)


def test_live_sets_the_shake_out_aside_as_batch_does() -> None:
    """Fed in random chunks (100-3000 samples), the live analyser's final summary sets aside the same rhythms, for
    the same reasons, and keeps the same episodes as batch (climb seed 23 at 50 Hz; the chunks from the fresh seed)."""
    from tests.core.live_feed import fed_in_chunks
    from tremor.core.stream import LiveAnalyzer

    t, acc, _ = R9.SCENARIOS["climb"](50.0, np.random.default_rng(23), "")
    rec = recording(t, acc)
    batch = analysis.analyze(rec)
    live = LiveAnalyzer(source=rec.source, gravity_included=rec.gravity_included)
    for _ in fed_in_chunks(live, t, acc, np.random.default_rng(FRESH_SEED), 100, 3000):
        pass
    got = live.finish()

    def said(r: analysis.AnalysisResult) -> tuple[object, ...]:
        return (
            [(e.start_s, e.end_s, e.peak_hz) for e in r.atypical_tremor],
            [(e.start_s, e.end_s, why) for e, why in r.set_aside_rhythms],
        )

    print(said(batch))
    assert any(why == "brief" for _, why in batch.set_aside_rhythms)
    assert said(got) == said(batch)


@pytest.mark.xfail(
    strict=True,
    raises=AssertionError,
    reason="h-climb: a climbing set holding the shake-out reads atypical_tremor with the clinician note (3 of 18 "
    "fresh draws, a chalk dip's set 1 of 18); the set's spectrum, not a rest episode",
)
def test_a_set_holding_the_shake_out_is_no_atypical_tremor() -> None:
    """Where the sets are found across the shake-out (the climber's moves into and out of it), the set's spectrum is
    dominated by its 3-5 Hz peak (100-750x the 6-12 Hz power) and the set is ``atypical_tremor`` with "re-test, then
    see a clinician". Measured (seeds 21-26 x 50/100/200 Hz): 3 of 18 over a shake-out (22 at 50 Hz, 24 at 100, 25
    at 50), 1 of 18 over a chalk dip (21 at 100 Hz, 7.7x); red team seed 15 at 50 Hz. Not this rule's path."""
    res, truth = run(R9, "climb", "", 50.0, 22)
    print([(round(s.span.start_s), round(s.span.end_s), s.label) for s in res.sets])
    assert not clinician(res)
