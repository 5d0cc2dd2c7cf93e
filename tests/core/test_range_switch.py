"""A sensor whose range or resolution changes mid-recording is read at the step of each stretch (h-range, issue 9).

Physics (:mod:`tests.core.range_switch`): a phone or watch switches its accelerometer's range or power mode while
recording (12 -> 10 bits at +-8 g: 0.038 -> 0.153 m/s^2 a code; or back), the wrist and its analog noise unchanged.
On 575baf2 the tracker kept the lattices' common (finer) step for the whole stream, so the coarse part's still
holds flickered between codes under a limit of two fine steps: a calm hold read ``fasciculations`` with
``metabolic_byproducts`` (4 of 10 coarse calm holds at 200 Hz, seeds 7341-7342). The step is now tracked per stretch
(:class:`tremor.core.code_step.CodeStep`, :mod:`tremor.core.step_stretches`) and the report says it changed.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.core.coarse_physics import code_step, quantised
from tests.core.range_switch import switch_session
from tests.run_entropy import fresh_entropy
from tremor.core.analysis import analyze
from tremor.core.code_step import COARSEN_RUN, CodeStep
from tremor.core.step_stretches import step_change_note, step_over
from tremor.report.json_report import to_report

FRESH_SEED = int(fresh_entropy(__name__) % 100_000)
PLAN = [("calm", 40.0), ("fatigue", 35.0), ("calm", 40.0), ("fatigue", 30.0)]


def _stream(rng: np.random.Generator, n: int, noise: float) -> np.ndarray:
    """A still wrist (gravity along a tilted axis, a 9 Hz tremor of 0.01 m/s^2) and white noise, m/s^2."""
    t = np.arange(n) / 100.0
    g = 9.81 * np.array([0.3, -0.2, 0.93]) / np.linalg.norm([0.3, -0.2, 0.93])
    return g + 0.01 * np.sin(2 * np.pi * 9.0 * t)[:, None] + rng.normal(0.0, noise, (n, 3))


@pytest.mark.parametrize(
    ("mode_a", "mode_b"),
    [((12, 8.0), (10, 8.0)), ((10, 8.0), (12, 8.0)), ((16, 2.0), (10, 16.0)), ((10, 4.0), (16, 8.0))],
)
def test_the_step_follows_a_switch_both_ways_in_any_chunks(
    mode_a: tuple[int, float], mode_b: tuple[int, float]
) -> None:
    """Each stretch's step is its mode's code, its start within a few seconds of the switch; the same in any chunks."""
    rng = np.random.default_rng(FRESH_SEED)
    print("seed", FRESH_SEED)
    n = 12000
    k = int(rng.integers(3000, 9000))
    x = _stream(rng, n, 0.03)  # noise of a few fine codes: every axis moves
    qa, qb = code_step(*mode_a), code_step(*mode_b)
    acc = np.vstack([quantised(x[:k], mode_a[0], qa), quantised(x[k:], mode_b[0], qb)])
    t = np.arange(n) / 100.0
    whole = CodeStep()
    whole.update(acc, t)
    got = whole.stretches()
    assert [q for _, q in got] == pytest.approx([qa, qb], rel=1e-3), got
    assert t[k] - 5.0 <= got[1][0] <= t[k] + 0.2, (t[k], got)
    chunked = CodeStep()
    i = 0
    while i < n:
        j = i + int(rng.integers(1, 900))
        chunked.update(acc[i:j], t[i:j])
        i = j
    # the same stretches; a finer step is found from the mean step so far, whose float sum's last bits follow the
    # chunks (as on 575baf2)
    assert [t for t, _ in chunked.stretches()] == [t for t, _ in got]
    assert [q for _, q in chunked.stretches()] == pytest.approx([q for _, q in got], rel=1e-9)
    assert chunked.steps_at(np.arange(n)) == pytest.approx(whole.steps_at(np.arange(n)), rel=1e-9)


@pytest.mark.parametrize("bits", [10, 12, 16])
def test_a_fixed_range_stream_has_one_stretch(bits: int) -> None:
    """No switch, no stretch: a stream on one lattice (even one whose differences are mostly even) never coarsens."""
    rng = np.random.default_rng(FRESH_SEED + 1)
    q = code_step(bits, 8.0)
    x = _stream(rng, 30000, 0.008 if bits < 16 else 0.03)
    c = CodeStep()
    c.update(quantised(x, bits, q), np.arange(x.shape[0]) / 100.0)
    known = [x for x in c.steps if x is not None]  # a still axis on one code has none
    assert c.stretches() == () and known and known == pytest.approx([q] * len(known), rel=1e-6)
    # a lattice of 2 codes only for fewer differences than COARSEN_RUN in a row stays the code
    d = np.tile([2, -2], COARSEN_RUN // 2 - 1)
    steps = np.concatenate([np.tile([1, -1], 50), d, np.tile([1, -1], 50)])
    c = CodeStep()
    c.update(np.cumsum(steps)[:, None] * q * np.ones(3), np.arange(steps.size) / 100.0)
    assert c.stretches() == ()


def test_the_step_over_a_span_and_the_note() -> None:
    """A span touching two stretches reads the coarser; the note says when and from what to what, in words."""
    st = ((0.0, 0.0383), (180.0, 0.1533))
    assert step_over(st, 10.0, 170.0, 0.0) == 0.0383
    assert step_over(st, 170.0, 190.0, 0.0) == 0.1533
    assert step_over(st, 200.0, 300.0, 0.0) == 0.1533
    assert step_over((), 0.0, 1.0, 0.05) == 0.05
    note = step_change_note(st)
    assert (
        note is not None
        and "at about 180 s from 0.0383 m/s^2 a step to 0.1533 m/s^2 a step (coarser)" in note
    )
    assert step_change_note(()) is None


@pytest.mark.parametrize("fs", [100.0, 200.0])
@pytest.mark.parametrize("seed", [7342, FRESH_SEED])
def test_no_twitch_spell_or_cause_on_the_coarse_part_and_the_fine_parts_labels_stand(
    seed: int, fs: float
) -> None:
    """12 -> 10 bits at +-8 g, the switch in a rest: no calm hold after it reads fasciculations, no
    metabolic_byproducts cause; each fatigue hold before it reads fatigue_tremor as on one 12-bit lattice; the report
    says the step changed. 575baf2, seeds 7341-7342 at 200 Hz: the coarse calm hold read ``fasciculations`` 2 of 2."""
    print("seed", seed, "fs", fs)
    rec, spans, sw = switch_session(seed, fs, PLAN, (12, 8.0), (10, 8.0), where="rest")
    fixed, _, _ = switch_session(seed, fs, PLAN, (12, 8.0), (12, 8.0), where="rest")
    rep, ref = to_report(analyze(rec)), to_report(analyze(fixed))
    assert any("the sensor's resolution changed" in n and "(coarser)" in n for n in rep["notes"])
    for kind, a, b in spans:
        st = [s for s in rep["sets"] if min(b, s["end_s"]) - max(a, s["start_s"]) > 0.5 * (b - a)]
        if a >= sw and kind == "calm" and st:
            assert st[0]["label"] != "fasciculations", (a, st[0]["label"])
            assert "metabolic_byproducts" not in {c["id"] for c in st[0]["causes"]}
        if b <= sw and kind == "fatigue":
            was = [s for s in ref["sets"] if min(b, s["end_s"]) - max(a, s["start_s"]) > 0.5 * (b - a)]
            if was and was[0]["label"] == "fatigue_tremor":
                assert st and st[0]["label"] == "fatigue_tremor", (a, st and st[0]["label"])


@pytest.mark.parametrize("bits", [10, 12])
def test_a_float_stream_turned_to_codes_finds_its_step(bits: int) -> None:
    """A float32 stream (no lattice) then whole codes: the step is found within two blocks of the change and the
    stretches say the first part had none; a float stream throughout has no stretch."""
    rng = np.random.default_rng(FRESH_SEED + 2)
    n, k = 20000, int(rng.integers(5000, 15000))
    x = _stream(rng, n, 0.02)
    q = code_step(bits, 8.0)
    acc = np.vstack([x[:k].astype(np.float32).astype(np.float64), quantised(x[k:], bits, q)])
    t = np.arange(n) / 100.0
    c = CodeStep()
    c.update(acc, t)
    got = c.stretches()
    assert [s for _, s in got] == pytest.approx([0.0, q], rel=1e-6), got
    assert t[k] - 0.2 <= got[1][0] <= t[k] + 2 * 512 / 100.0, (t[k], got)
    plain = CodeStep()
    plain.update(x.astype(np.float32).astype(np.float64), t)
    assert plain.stretches() == () and plain.steps == (None, None, None)
