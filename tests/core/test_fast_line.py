"""A line above 13 Hz larger than any body's is a machine's (:mod:`tremor.core.fast_line`; h-fold, red team R9).

A jigsaw held in the watch's hand through a 50 Hz sensor without an anti-alias filter (``gen_r9.py clipper
--extras jigsaw``) puts 1-3 m/s^2 within +-1 Hz of a 13-20 Hz peak: its cuts are ``not_assessable``
(``fast_line``), no tremor label, episode or clinician cause (seeds 11-19: 7 of 9 with a tremor label before, 0 of 9
after). True tremors keep theirs: an essential-like postural tremor of 0.3-1 m/s^2 holds 0.04-0.11 m/s^2 there.
Live, fed in random chunks, gives the batch's answer.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from tests.core.live_feed import fed_in_chunks
from tests.redteam_run import TREMOR_LABELS, causes, load, recording
from tests.run_entropy import fresh_entropy
from tremor.core.analysis import analyze
from tremor.core.fast_line import FAST_LINE_MIN_MPS2, fast_line_rms, machine_fast
from tremor.core.features import PSD_FREQS
from tremor.core.stream import LiveAnalyzer

FRESH_SEED = int(os.environ.get("TREMOR_FAST_LINE_SEED", fresh_entropy(__name__) % 2**31))

GEN = load("gen")
load("gen_r6")
R8 = load("gen_r8")
R9 = load("gen_r9")


def _psd_with_line(f_hz: float, rms: float, n: int = 10) -> np.ndarray:
    """n frames of a flat 1e-6 (m/s^2)^2/Hz floor with one line of ``rms`` m/s^2 in the bin at ``f_hz``."""
    psd = np.full((n, len(PSD_FREQS)), 1e-6)
    i = int(np.argmin(np.abs(PSD_FREQS - f_hz)))
    psd[:, i] += rms**2 / float(PSD_FREQS[1] - PSD_FREQS[0])
    return psd


def test_the_line_is_measured_above_13_hz_only() -> None:
    """A 1 m/s^2 line at 16 Hz reads about 1 m/s^2 and is a machine's; the same line at 8 Hz (a tremor's band) is not
    read; a 0.2 m/s^2 line at 16 Hz (a large tremor's harmonic) is no machine; NaN frames are left out."""
    assert fast_line_rms(_psd_with_line(16.0, 1.0))[0] == pytest.approx(1.0, rel=0.01)
    assert machine_fast(_psd_with_line(16.0, 1.0))
    assert fast_line_rms(_psd_with_line(8.0, 1.0))[0] < 0.01
    assert not machine_fast(_psd_with_line(8.0, 1.0))
    assert not machine_fast(_psd_with_line(16.0, 0.2))
    nan = _psd_with_line(16.0, 1.0, 6)
    nan[:5] = np.nan
    assert np.isnan(fast_line_rms(nan)[:5]).all() and not machine_fast(nan)
    assert FAST_LINE_MIN_MPS2 > 0.2


@pytest.mark.fresh_rate(
    param="seed", env="TREMOR_FAST_LINE_SEED", measured="0 of 9 draws said a tremor (seeds 11-19)"
)
@pytest.mark.parametrize("seed", [11, FRESH_SEED])
def test_a_jigsaw_folded_at_50_hz_says_nothing_of_the_person(seed: int) -> None:
    """The jigsaw's cuts: no tremor label, no out-of-band episode, no clinician or fatigue cause; a cut found as a set
    is ``not_assessable`` for ``fast_line`` or another reason that withholds it."""
    t, acc, truth = R9.sc_clipper(50.0, np.random.default_rng(seed), "jigsaw")
    res = analyze(recording(t, acc))
    said = [(round(s.span.start_s), s.label) for s in res.sets if s.label in TREMOR_LABELS]
    print(truth["models"], said, causes(res))
    assert not said and not res.atypical_tremor
    assert not {"see_a_clinician", "neuromuscular_fatigue"} & set(causes(res))


@pytest.mark.fresh_rate(
    param="seed", env="TREMOR_FAST_LINE_SEED", measured="0 of 27 sets lost (seeds 301-303)"
)
@pytest.mark.parametrize("fs", [50.0, 100.0])
def test_an_essential_tremor_keeps_its_labels(fs: float) -> None:
    """An essential-like postural tremor (0.3-1 m/s^2 at 6-8 Hz, a 2nd harmonic at 15 %) in three holds: no set is
    set aside for a machine, and each keeps a tremor label (fresh seed)."""
    t, acc, truth = R8.sc_essential(fs, np.random.default_rng(FRESH_SEED), "")
    res = analyze(recording(t, acc))
    print(truth["models"], [(s.label, s.metrics.not_assessable_reason) for s in res.sets])
    assert not [s for s in res.sets if s.metrics.not_assessable_reason == "fast_line"]
    assert sum(s.label in TREMOR_LABELS for s in res.sets) == 3


def test_live_gives_the_batch_answer() -> None:
    """The jigsaw (seed 11) fed live in random chunks: the same sets, labels and reasons as batch."""
    t, acc, _ = R9.sc_clipper(50.0, np.random.default_rng(11), "jigsaw")
    rec = recording(t, acc)
    batch = analyze(rec)
    live = LiveAnalyzer(source=rec.source, gravity_included=True)
    for _ in fed_in_chunks(live, t, acc, np.random.default_rng(FRESH_SEED), 20, 400):
        pass
    res = live.finish()

    def sets(r: object) -> list[tuple[float, str, str | None]]:
        return [(round(s.span.start_s, 1), s.label, s.metrics.not_assessable_reason) for s in r.sets]  # type: ignore[attr-defined]

    assert sets(res) == sets(batch)
    assert any(reason == "fast_line" for _, _, reason in sets(batch))
    assert not res.atypical_tremor and not batch.atypical_tremor
