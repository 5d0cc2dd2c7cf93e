"""Writing with the hand sliding along the line is no rest tremor, its slides no twitches (issue 9, h-slide).

Physics: red team R5's writing (``benchmarks/redteam/gen_r5.py`` ``_handwriting``, loaded as
tests/core/test_redteam_r5.py does): seated 120 s, forearm on the table, writing 40-75 s, pen strokes at 4-6 Hz
(0.05-0.2 m/s^2 at the wrist) and between words the hand sliding along the line, one push and its stop (one 4 Hz
cycle, 0.3-1 m/s^2, about 0.3-1 cm). Against it, h-rev27's rest tremors (tests/core/test_written_words_tremors.py):
a parkinsonian rest tremor 30-90 s with reference fasciculations (Gaussian derivative, sigma 35-40 ms, 0.15-0.5
m/s^2 every 2-6 s, random directions) on the still hand, or alone. The rule (``tremor.core.hand_slides``): the
slides push the same way word after word; a tremor swings both ways, twitches push every way.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

import tremor
from tests.core import test_written_words_tremors as WT
from tests.core.test_redteam_r5 import _rest_rhythm_claimed, _writing
from tests.run_entropy import fresh_entropy
from tremor.core.episodes import Episode
from tremor.core.hand_slides import slide_read
from tremor.core.stream import LiveAnalyzer

FRESH_SEED = int(os.environ.get("TREMOR_SLIDE_SEED", fresh_entropy(__name__) % 2**31))


def _episode(start_s: float, end_s: float) -> Episode:
    """An out-of-band episode over the span (only its span is read)."""
    return Episode(start_s=start_s, end_s=end_s, peak_hz=5.0, band="low", rms_mps2=0.1, set_index=None)


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
def test_slides_point_one_way_and_a_tremor_with_twitches_does_not(fs: float) -> None:
    """Over the same 35 s: the writing's pushes all point one way (consistency 1.0 on seeds 20-31), the rest
    tremor's with fasciculations do not (at most 0.79 on the same seeds)."""
    rec, a, b = _writing(fs, 7, True)
    slid = slide_read(tremor.analyze(rec).frames, _episode(a, b))
    rec2, _ = WT.rest_tremor(7, fs, rms=0.04, twitch_sigma=0.035)
    still = slide_read(tremor.analyze(rec2).frames, _episode(40.0, 75.0))
    print("writing", slid, "tremor with twitches", still)
    assert slid is not None and slid.along_line
    assert still is not None and not still.along_line


@pytest.mark.parametrize(
    ("seed", "fs"),
    [(41, 50.0), (42, 100.0), (43, 200.0), pytest.param(FRESH_SEED, 100.0, id="fresh")],
)
@pytest.mark.fresh_rate(
    param="seed",
    env="TREMOR_SLIDE_SEED",
    measured="h-slide, seeds 91501-91520 x 50/100/200 Hz: still claimed 0/1/0 of 20, a twitch in the writing in "
    "1 of 20 at 100 Hz (the same draw)",
)
def test_writing_with_slides_is_no_rest_tremor(seed: int, fs: float) -> None:
    """R5 writing with the hand's slides: no out-of-band episode over it, no clinician note, no twitch in it.

    Before (base 32a792e, seeds 91501-91520): claimed in 60 of 60 draws, twitches in 36 of 40 at 100/200 Hz (342
    in all); after: claimed 1 of 60, twitches in 1 of 40 (7). Not exact (the mark's ``measured``)."""
    print(f"writing with slides seed {seed} fs {fs} (replay with TREMOR_SLIDE_SEED={seed})")
    rec, a, b = _writing(fs, seed, True)
    res = tremor.analyze(rec)
    print(res.set_aside_rhythms, [n for n in res.notes if "same way" in n])
    assert not _rest_rhythm_claimed(res, a, b)
    assert not [tw.t_s for tw, _ in res.twitches if a <= tw.t_s <= b]


@pytest.mark.parametrize("sigma", [0.035, 0.04])
@pytest.mark.fresh_rate(
    env="TREMOR_SLIDE_TWITCH_SEED",
    measured="h-slide, seeds 83117-83136 and 91501-91520 at 100 Hz: kept 38/40 (sigma 35 ms) and 38/40 (40 ms), the "
    "same draws as the base (lost to other rules, none set aside as writing); no twitch lost; a CI run drew 13060155 "
    "and 614791863 (sigma 35 ms), both lost on 32a792e too, nothing set aside (the faint 0.04 m/s^2 tremor's episode "
    "not found)",
)
def test_a_rest_tremor_with_fasciculations_keeps_its_episode_and_twitches(sigma: float) -> None:
    """h-rev27's case, fresh: a 0.04 m/s^2 rest tremor with 35-40 ms reference twitches in random directions keeps
    its episode, its clinician cause and its twitches (the push sign this replaces lost 12 of 12 at sigma 35 ms)."""
    seed = int(os.environ.get("TREMOR_SLIDE_TWITCH_SEED", np.random.SeedSequence().entropy % 2**31))  # type: ignore[operator]
    print(f"rest tremor with twitches seed {seed} (replay with TREMOR_SLIDE_TWITCH_SEED={seed})")
    rec, n_tw = WT.rest_tremor(seed, 100.0, rms=0.04, twitch_sigma=sigma)
    res = tremor.analyze(rec)
    assert WT._kept(res)
    assert sum(1 for tw, _ in res.twitches if 30 <= tw.t_s <= 90) >= n_tw // 2
    assert not [n for n in res.notes if "same way" in n]


def test_live_in_random_chunks_sets_the_writing_aside_as_batch_does() -> None:
    """The rule reads the frames' sub-block means, which live and batch share: the same episodes set aside, notes
    and twitches, the samples fed in random chunks."""
    chunk_seed = int(np.random.SeedSequence().entropy % 100_000)  # type: ignore[operator]
    print("chunk seed", chunk_seed)
    rec, a, b = _writing(100.0, 44, True)
    batch = tremor.analyze(rec)
    live = LiveAnalyzer(source=rec.source, gravity_included=rec.gravity_included)
    rng = np.random.default_rng(chunk_seed)
    i = 0
    while i < rec.n_samples:
        k = int(rng.integers(1, 2000))
        live.update(rec.time_s[i : i + k], rec.acc_mps2[i : i + k])
        i += k
    res = live.finish()
    assert [(e.start_s, e.end_s, w) for e, w in batch.set_aside_rhythms if w == "broken"]
    assert [(e.start_s, e.end_s, w) for e, w in res.set_aside_rhythms] == [
        (e.start_s, e.end_s, w) for e, w in batch.set_aside_rhythms
    ]
    assert res.notes == batch.notes
    assert [t.t_s for t, _ in res.twitches] == [t.t_s for t, _ in batch.twitches]


def _one_unit(seed: int, fs: float, returning: bool, slow: bool = False) -> tremor.Recording:
    """h-rev27's 0.04 m/s^2 rest tremor (30-90 s) with one motor unit twitching every 2-6 s, always the same way
    (0.15-0.5 m/s^2 peak): ``returning``, its force pulse (contraction 30-50 ms, relaxation twice that) on the
    resting hand as a damped spring at 6-10 Hz (zeta 0.3-0.5), so the hand comes back where it was; ``slow``, the
    same for a slower unit (contraction 40-90 ms) on a relaxed, well-damped hand (2.5-6 Hz, zeta 0.6-1.1: h-rev32);
    else the project's reference twitch (a Gaussian derivative, sigma 35 ms), which moves the hand 1-3 mm and leaves
    it there."""
    rec, _ = WT.rest_tremor(seed, fs, rms=0.04)
    rng = np.random.default_rng(seed + 1)
    u = rng.normal(size=3)
    u /= np.linalg.norm(u)
    acc, t = rec.acc_mps2.copy(), rec.time_s
    s = 31.0 + rng.uniform(0, 2)
    while s < 89:
        pk = rng.uniform(0.15, 0.5)
        if returning:
            tc, f0, zeta = rng.uniform(0.03, 0.05), rng.uniform(6, 10), rng.uniform(0.3, 0.5)
            if slow:
                tc, f0, zeta = rng.uniform(0.04, 0.09), rng.uniform(2.5, 6), rng.uniform(0.6, 1.1)
            a = WT.spring_twitch(fs, tc, 2 * np.pi * f0, zeta, 0.6)
            i0 = int(s * fs)
            acc[i0 : i0 + a.size] += np.outer(pk * a / np.max(np.abs(a)), u)
        else:
            z = (t - s) / 0.035
            acc += np.outer(pk * (-z * np.exp(-(z**2) / 2) / np.exp(-0.5)), u)
        s += rng.uniform(2.0, 6.0)
    return tremor.Recording(t, acc, rec.gravity_included, rec.source)


def test_one_unit_twitching_the_same_way_keeps_the_rest_tremor() -> None:
    """One motor unit twitching again and again the same way, the hand coming back each time: its pushes and the
    hand's returns point both ways, so the rest tremor keeps its episode, cause and twitches (h-slide, seeds
    73001-73008 x 100/200 Hz: kept 13 of 16, none set aside as writing; the 3 others are lost as in the base)."""
    res = tremor.analyze(_one_unit(73002, 100.0, True))
    assert WT._kept(res)
    assert sum(1 for tw, _ in res.twitches if 30 <= tw.t_s <= 90) >= 10


@pytest.mark.xfail(
    strict=True,
    reason="h-slide: reference twitches (Gaussian derivative, a 1-3 mm step each) from one unit, all the same way, "
    "read as the hand sliding along a line: kept 13 of 16 -> 2 of 16 (seeds 73001-73008 x 100/200 Hz)",
)
def test_one_unit_stepping_the_hand_the_same_way_keeps_the_rest_tremor() -> None:
    """The same with the project's reference twitch, which leaves the hand 1-3 mm further each time (15 twitches
    move it 2-4 cm one way, as writing does): set aside as writing, its twitches not counted (the known cost)."""
    res = tremor.analyze(_one_unit(73002, 100.0, False))
    assert WT._kept(res)


@pytest.mark.xfail(
    strict=True,
    reason="h-rev32: a slower unit (contraction 40-90 ms) on a relaxed, well-damped hand (2.5-6 Hz, zeta 0.6-1.1) "
    "comes back slowly and softly, so only its push stands out: read as the hand sliding along a line, kept 14 of "
    "16 -> 6 of 16 (seeds 73001-73008 x 100/200 Hz; own seeds 701-712 at 100 Hz 12 -> 8 of 12, twitches 191 -> 131)",
)
def test_a_slow_unit_on_a_relaxed_hand_keeps_the_rest_tremor() -> None:
    """One slow motor unit twitching the same way on a resting hand that comes back (a force pulse on a damped
    spring, ``_one_unit(..., slow=True)``): the rest tremor should keep its episode, cause and twitches (the base
    keeps this draw: 73004 at 100 Hz, 20 twitches). The return is slower than the 0.1 s sub-blocks show, so the
    push is read alone and the episode is set aside as writing, no twitch counted (the known cost)."""
    res = tremor.analyze(_one_unit(73004, 100.0, True, slow=True))
    assert WT._kept(res)
    assert sum(1 for tw, _ in res.twitches if 30 <= tw.t_s <= 90) >= 10
