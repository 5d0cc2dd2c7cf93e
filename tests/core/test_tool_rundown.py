"""A power tool's motor line falling under load is no tremor (issue 9, red team R7, ``tremor.core.tool_rundown``).

Physics: a cordless drill seating a screw slows from 5.5-7.5 rev/s to 55-70 % of it in 2-6 s, and a bit
off-centre pushes the hand round once a turn: a narrow line (with a 2nd order) falling 30-45 % along a straight
line in seconds. A tremor's rate wanders by tenths of a hertz about one that holds for tens of seconds (1-3 Hz
wide, waxing and waning). The unit tests build frames from seeded signals; the session tests run the red team's
drill and holds (``benchmarks/redteam/gen_r7.py``, ``gen.py``), each with a fixed and a fresh seed.
"""

from __future__ import annotations

import itertools
import os

import numpy as np
import pytest

from tests.core.test_redteam_r7 import GEN, R7
from tests.redteam_run import TREMOR_LABELS, causes, run, tremor_said
from tests.run_entropy import fresh_entropy
from tremor.core.analysis import AnalysisResult, analyze
from tremor.core.features import compute_frames
from tremor.core.recording import Recording, SourceInfo
from tremor.core.stream import LiveAnalyzer
from tremor.core.tool_rundown import MIN_DROP, rundown, rundown_fit

FS = 100.0
FRESH_SEED = int(os.environ.get("TREMOR_RUNDOWN_SEED", fresh_entropy(__name__) % 2**31))


def _frames_of(x: np.ndarray, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Frame centres and spectra of a 1-D wrist signal (m/s^2) on one axis, gravity along another, plus noise."""
    acc = np.zeros((x.size, 3))
    acc[:, 0] = x
    acc[:, 2] = 9.81
    acc += 0.003 * rng.standard_normal(acc.shape)
    fr = compute_frames(acc, fs=FS)
    return fr.t_s, fr.psd


def _burst(f0: float, fall: float, dur: float, rng: np.random.Generator) -> np.ndarray:
    """10 s: 2 s still, a drill's line starting at f0 and falling by ``fall`` of it over ``dur`` s, then still."""
    t = np.arange(0, 10.0, 1 / FS)
    on = (t >= 2.0) & (t < 2.0 + dur)
    u = np.clip((t - 2.0) / dur, 0, 1)
    fr = np.where(on, f0 * (1 - fall * u**1.5), 0.0)
    ph = 2 * np.pi * np.cumsum(fr) / FS
    x = (np.sin(ph) + 0.25 * np.sin(2 * ph + rng.uniform(0, 2 * np.pi))) * on
    return 0.15 * x


def _tremor(fc: float, rng: np.random.Generator, dur: float = 12.0) -> np.ndarray:
    """A tremor: narrow-band noise about fc, 1.5 Hz wide, its amplitude waxing and waning (gen.py's)."""
    n = int(dur * FS)
    return 0.1 * GEN.narrow_line(np.full(n, fc), FS, 1.5, rng)


@pytest.mark.fresh_rate(param="seed", env="TREMOR_RUNDOWN_SEED", measured="0 of 200 draws (seeds 100-299)")
@pytest.mark.parametrize("seed", [1, 2, 3, pytest.param(FRESH_SEED, id="fresh")])
def test_a_drills_falling_line_is_a_rundown(seed: int) -> None:
    """A drill's line falling 30-45 % over 3.5-6 s is found (missed 0 of 200 draws, seeds 100-299)."""
    print(f"seed {seed} (TREMOR_RUNDOWN_SEED)")
    rng = np.random.default_rng(seed)
    x = _burst(rng.uniform(5.5, 7.5), rng.uniform(0.3, 0.45), rng.uniform(3.5, 6.0), rng)
    fit = rundown(*_frames_of(x, rng))
    assert fit is not None, rundown_fit(*_frames_of(x, rng))
    assert fit.drop >= MIN_DROP


@pytest.mark.fresh_rate(
    param="seed",
    env="TREMOR_RUNDOWN_SEED",
    measured="5 Hz: 1 of 200 draws (2 before h-rundown), 9.5 Hz: 0 of 200 (seeds 100-299)",
)
@pytest.mark.parametrize("seed", [1, 2, 3, pytest.param(FRESH_SEED, id="fresh")])
@pytest.mark.parametrize("fc", [5.0, 9.5])
def test_a_wandering_tremor_is_no_rundown(seed: int, fc: float) -> None:
    """A tremor 1.5 Hz wide at 5 Hz (rest) or 9.5 Hz (postural), waxing and waning, 12 s: no run-down (at 5 Hz its
    wandering peak fell 20 % along a line 2 of 200 draws, seeds 100-299, 1 of 200 with the band's loud frames
    before the run asked (h-rundown): the rule's measured cost on a bare
    segment; in the red team's sessions no true set or episode was set aside, 108 of 108 draws)."""
    print(f"seed {seed} (TREMOR_RUNDOWN_SEED)")
    rng = np.random.default_rng(seed)
    t, psd = _frames_of(_tremor(fc, rng), rng)
    assert rundown(t, psd) is None, rundown_fit(t, psd)


def test_a_steady_motor_line_is_no_rundown() -> None:
    """A motor at a steady speed (no load change) is a machine line, not a run-down: the rule asks for the fall
    (steady lines are :mod:`tremor.core.vibration`'s)."""
    rng = np.random.default_rng(4)
    t, psd = _frames_of(_burst(6.5, 0.0, 6.0, rng), rng)
    assert rundown(t, psd) is None


def test_a_slow_fatigue_drift_is_no_rundown() -> None:
    """A tremor line drifting down 0.3 Hz through a 12 s stretch (a fatigue tremor's drift) is no run-down."""
    rng = np.random.default_rng(5)
    n = int(12 * FS)
    x = 0.1 * GEN.narrow_line(np.linspace(9.5, 9.2, n), FS, 1.5, rng)
    t, psd = _frames_of(x, rng)
    assert rundown(t, psd) is None


@pytest.mark.fresh_rate(
    param="seed", env="TREMOR_RUNDOWN_SEED", measured="0 of 24 draws (seeds 11-18 x 50/100/200 Hz)"
)
@pytest.mark.parametrize("seed", [11, pytest.param(FRESH_SEED, id="fresh")])
def test_driving_screws_gives_no_clinician_note_or_fatigue(seed: int) -> None:
    """Fourteen screws and four holes with a cordless drill: no tremor label, fatigue or clinician note, and a
    set set aside for the tool keeps the conditional advice in its note."""
    print(f"seed {seed} (TREMOR_RUNDOWN_SEED)")
    res, truth = run(R7, "drill", "", 100.0, seed)
    said = tremor_said(res)
    print(truth["models"], said)
    assert not said
    aside = [s for s in res.sets if s.metrics.not_assessable_reason == "tool_rundown"]
    assert aside
    for s in aside:  # each set aside says why, and keeps the conditional advice
        mine = [n for n in res.notes if n.startswith(f"set {s.span.index} (") and "power tool's motor" in n]
        assert (
            len(mine) == 1
            and "if no tool or motor was in your hand" in mine[0]
            and "see a clinician" in mine[0]
        )


@pytest.mark.fresh_rate(
    param="seed", env="TREMOR_RUNDOWN_SEED", measured="0 of 12 draws (seeds 21-24 x 50/100/200 Hz)"
)
@pytest.mark.parametrize("seed", [12, pytest.param(FRESH_SEED, id="fresh")])
def test_fatigue_holds_keep_their_label(seed: int) -> None:
    """The red team's fatigue holds (8-11 Hz, 0.02 -> 0.12-0.2 m/s^2 through 40 s): every hold still
    ``fatigue_tremor``, none set aside for a tool."""
    print(f"seed {seed} (TREMOR_RUNDOWN_SEED)")
    t, acc, _ = GEN.SCENARIOS["fatigue_holds"](100.0, np.random.default_rng(seed), "")
    res = analyze(Recording(t, acc, True, SourceInfo(path="x.csv", format="generic_csv", units="m/s^2")))
    assert [s.label for s in res.sets] == ["fatigue_tremor"] * 3
    assert not [s for s in res.sets if s.metrics.not_assessable_reason == "tool_rundown"]
    assert "neuromuscular_fatigue" in causes(res)
    assert all(s.label in TREMOR_LABELS for s in res.sets)


def test_live_sets_aside_the_drill_as_batch_does() -> None:
    """The drill session (seed 1, 100 Hz) fed live in random chunks: the same sets, labels and reasons, the same
    tool notes and nothing said about a tremor (the rule reads the frame table only)."""
    t, acc, _ = R7.SCENARIOS["drill"](100.0, np.random.default_rng(1), "")
    rec = Recording(t, acc, True, SourceInfo(path="x.csv", format="generic_csv", units="m/s^2"))
    batch = analyze(rec)
    live = LiveAnalyzer(source=rec.source, gravity_included=True)
    rng = np.random.default_rng(int(np.random.SeedSequence().entropy % 2**31))
    cuts = np.unique(np.concatenate([[0, t.size], rng.integers(1, t.size, size=t.size // 1000)]))
    for a, b in itertools.pairwise(cuts):
        live.update(t[a:b], acc[a:b])
    res = live.finish()

    def sets(r: AnalysisResult) -> list[tuple[float, str, str | None]]:
        return [(round(s.span.start_s, 2), s.label, s.metrics.not_assessable_reason) for s in r.sets]

    assert sets(res) == sets(batch)
    assert any(reason == "tool_rundown" for _, _, reason in sets(batch))
    assert [n for n in res.notes if "power tool" in n] == [n for n in batch.notes if "power tool" in n]
    assert not tremor_said(res) and not tremor_said(batch)


def _to_failure(rng: np.random.Generator) -> np.ndarray:
    """13 s of a hold to failure: a 9.5-11 Hz tremor 0.5 Hz wide growing 6-fold, steady for 8 s, then sliding
    25 % down in its last 5 s (the loud end)."""
    n = int(13 * FS)
    u = np.linspace(0, 1, n)
    f0 = rng.uniform(9.5, 11.0)
    fc = np.where(u < 0.62, f0, f0 * (1 - 0.25 * (u - 0.62) / 0.38))
    return 0.03 * 6**u * GEN.narrow_line(fc, FS, 0.5, rng)


@pytest.mark.fresh_rate(
    param="seed",
    env="TREMOR_RUNDOWN_SEED",
    measured="1 of 200 draws (seeds 100-299; 71 of 200 fitted on the loud end alone; 1 Hz wide: 18 of 200)",
)
@pytest.mark.parametrize("seed", [8, 10, 13, pytest.param(FRESH_SEED, id="fresh")])
def test_a_tremor_slowing_at_failure_is_no_rundown(seed: int) -> None:
    """A tremor that slows 25 % in the loud last 5 s of a hold to failure held its rate, quieter, before: the run is
    followed back over it and does not fall along a line (h-rev35; seeds 8, 10 and 13 passed the rule fitted on the
    loud end alone)."""
    print(f"seed {seed} (TREMOR_RUNDOWN_SEED)")
    rng = np.random.default_rng(seed)
    t, psd = _frames_of(_to_failure(rng), rng)
    assert rundown(t, psd) is None, rundown_fit(t, psd)


def _trigger_after(pre_s: float, own_mps2: float, rng: np.random.Generator) -> np.ndarray:
    """``pre_s`` s of the hand held still (aligning the bit), then a drill's line (0.15 m/s^2, 5.5-7.5 Hz falling
    30-45 % over 3.5-6 s, a 0.3 s trigger ramp), then 2 s still; a 9-10.5 Hz tremor of the driller's own of
    ``own_mps2`` throughout (h-rev42)."""
    f0, fall, dur = rng.uniform(5.5, 7.5), rng.uniform(0.3, 0.45), rng.uniform(3.5, 6.0)
    t = np.arange(0, pre_s + dur + 2.0, 1 / FS)
    on = (t >= pre_s) & (t < pre_s + dur)
    u = np.clip((t - pre_s) / dur, 0, 1)
    ramp = np.clip((t - pre_s) / 0.3, 0, 1)
    ph = 2 * np.pi * np.cumsum(np.where(on, f0 * (1 - fall * u**1.5), 0.0) * ramp) / FS
    x = 0.15 * (np.sin(ph) + 0.25 * np.sin(2 * ph + rng.uniform(0, 2 * np.pi))) * on * ramp
    ft = rng.uniform(9.0, 10.5) + 0.2 * np.sin(2 * np.pi * 0.3 * t)
    return x + own_mps2 * np.sin(2 * np.pi * np.cumsum(ft) / FS)


@pytest.mark.fresh_rate(param="seed", env="TREMOR_RUNDOWN_SEED", measured="0 of 40 missed (seeds 100-139)")
@pytest.mark.parametrize("seed", [1, pytest.param(FRESH_SEED, id="fresh")])
def test_a_trigger_pulled_at_the_segments_start_is_a_rundown(seed: int) -> None:
    """A drill's line from the segment's first sample (nothing before it to read: the loud frames before are 0) is
    found (h-rev42: 40 of 40, seeds 100-139)."""
    print(f"seed {seed} (TREMOR_RUNDOWN_SEED)")
    rng = np.random.default_rng(seed)
    t, psd = _frames_of(_trigger_after(0.0, 0.0, rng), rng)
    assert rundown(t, psd) is not None, rundown_fit(t, psd)


@pytest.mark.xfail(
    strict=True,
    reason="the loud-frames-before test reads a driller's own tremor as the band loud before the trigger where the "
    "run's line takes in the tremor's peak: 3 s still before it, a 9-10.5 Hz tremor of 0.065 m/s^2 peak (0.046 RMS, "
    "43 % of the drill's 0.15): found 39 of 40 before h-rundown, 0 of 40 on h-rundown (all 3-12 Hz power, at most "
    "2 frames), 18 of 40 with h-rev42's mend (power within the run's span of frequencies, at most 1) (seeds "
    "100-139; 1 s still before, as gen_r7's drill: 39 of 40 all three; 0.05 m/s^2: 40, 40, 39 of 40)",
)
def test_a_drill_started_while_the_hand_shakes_is_a_rundown() -> None:
    """The hand already shaking (after a heavy set, a tremor of its own) when the trigger is pulled after aligning
    the bit for 3 s: still a run-down (seed 100: found before h-rundown, missed after: 4 of 5 frames before loud
    within the run's span of frequencies)."""
    rng = np.random.default_rng(100)
    t, psd = _frames_of(_trigger_after(3.0, 0.065, rng), rng)
    assert rundown(t, psd) is not None, rundown_fit(t, psd)
