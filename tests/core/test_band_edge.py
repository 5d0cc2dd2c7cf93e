"""A tremor line at the 6-12 Hz band's lower edge keeps the power its skirt puts below 6 Hz (issue 9)."""

from __future__ import annotations

import numpy as np
import pytest

from tremor.core.band_edge import drifted_out_of_band, edge_bins, episode_under_own_line, with_edge_skirt
from tremor.core.features import PSD_FREQS
from tremor.core.spectral import BANDS

DF = float(PSD_FREQS[1] - PSD_FREQS[0])
BAND = BANDS["physiological"].mask(PSD_FREQS)
BG = 2e-6  # white background, (m/s^2)^2/Hz (0.01 m/s^2 per axis at 100 Hz: 3 x 1e-4 / 50 ~ 6e-6)


def _line(fc: float, power: float, hwhm: float = 0.6) -> np.ndarray:
    """A Lorentzian line of ``power`` (m/s^2)^2 centred at ``fc`` on PSD_FREQS, as a window-smoothed tremor."""
    return power * hwhm / np.pi / ((PSD_FREQS - fc) ** 2 + hwhm**2)


def _frames(spectrum: np.ndarray, n: int = 24, seed: int = 0) -> np.ndarray:
    """``n`` frames scattering about ``spectrum`` as averaged periodograms do (chi-square, 6 degrees of freedom)."""
    rng = np.random.default_rng(seed)
    return spectrum[None, :] * rng.chisquare(6, size=(n, PSD_FREQS.size)) / 6


def _band_power(psd: np.ndarray) -> np.ndarray:
    return psd[:, BAND].sum(axis=1) * DF


@pytest.mark.parametrize("fc", [6.0, 6.25, 6.5, 7.0])
def test_a_line_near_the_edge_gets_back_the_power_below_it(fc):
    """The band holds only part of a line centred 0-1 Hz above 6 Hz; with its skirt below 6 Hz (measured over
    the rest's spectrum there) the third's power is the line's within the reach of the correction."""
    rest = np.full(edge_bins().size, BG)
    psd = _frames(BG + _line(fc, 1e-3))
    band = _band_power(psd).mean()
    out = with_edge_skirt(psd, _band_power(psd), rest).mean()
    inside = _line(fc, 1e-3)[BAND].sum() * DF + BG * BAND.sum() * DF
    reach = BAND | ((PSD_FREQS >= 6.0 - 1.5 - 1e-9) & (PSD_FREQS < 6.0))  # the band and the skirt counted
    within = _line(fc, 1e-3)[reach].sum() * DF + BG * BAND.sum() * DF
    assert band == pytest.approx(inside, rel=0.1)
    assert out > band and out == pytest.approx(within, rel=0.12), (fc, band, out, within)


def test_a_line_in_mid_band_and_a_separate_rhythm_below_6_hz_add_nothing():
    """The other side: a 9 Hz line has no skirt at 4.5-6 Hz, and a 5 Hz rhythm beside it is not the band's line
    (its mirror bins about the 9 Hz maximum lie at the background): the power stays the band's."""
    rest = np.full(edge_bins().size, BG)
    for extra in (0.0, 5e-4):
        psd = _frames(BG + _line(9.0, 1e-3) + _line(5.0, extra, 0.3), seed=1)
        power = _band_power(psd)
        out = with_edge_skirt(psd, power, rest)
        assert out.mean() == pytest.approx(power.mean(), rel=0.02)
    # no rest spectrum: nothing to measure the skirt over
    assert with_edge_skirt(psd, power, None) is power


def test_a_steady_line_at_the_edge_keeps_its_ratio_and_a_drifting_one_gets_its_rise():
    """Thirds of a steady 6.3 Hz line: the same correction each, ratio ~1. A line drifting 7.5 -> 6.2 Hz
    while its power doubles: the band alone reads well under 2x; with the skirt, close to 2x."""
    rest = np.full(edge_bins().size, BG)
    ratio = []
    for (f0, p0), (f1, p1) in (((6.3, 1e-3), (6.3, 1e-3)), ((7.5, 1e-3), (6.2, 2e-3))):
        a, b = _frames(BG + _line(f0, p0), seed=2), _frames(BG + _line(f1, p1), seed=3)
        band = _band_power(b).mean() / _band_power(a).mean()
        fixed = (
            with_edge_skirt(b, _band_power(b), rest).mean() / with_edge_skirt(a, _band_power(a), rest).mean()
        )
        ratio.append((band, fixed))
    (steady_band, steady_fixed), (drift_band, drift_fixed) = ratio
    assert 0.9 < steady_fixed < 1.1 and 0.9 < steady_band < 1.1
    assert drift_band < 1.6 and drift_fixed > 1.8, ratio


def _sets(seed: int | list[int], fs: float, ratio: float) -> list[tuple[object, object]]:
    """(true set, found set) pairs of a stress fatigue session, matched by overlap."""
    import tremor
    from tests.stress import scenarios as S

    sc = S.fatigue_session(np.random.default_rng(np.random.SeedSequence(seed)), fs, ratio=ratio)
    found = tremor.analyze(sc.recording).sets
    return [
        (ts, max(found, key=lambda s: min(ts.end_s, s.span.end_s) - max(ts.start_s, s.span.start_s)))
        for ts in sc.truth.sets
    ]


def test_a_fatigue_line_ending_at_6_2_hz_reads_fatigue_and_a_steady_one_there_does_not():
    """Stress sweep sets (issue 9). A fatigue set (ratio 2.5 at 100 Hz, line 7.3 -> 6.2 Hz, observable rise
    2.3x) measured 1.72x at 7.1x rest from the band alone, under the rise rule's 2 standard errors and under
    9x: calm. With the skirt below 6 Hz it reads fatigue. The other side: steady tremor drifting 7.2 -> 6.3 Hz
    at 10x rest (`fatigue_session(12, 200, ratio=1.0)` set 1) is not called fatigue."""
    (ts, s), _, _ = _sets([1427522296, 275, 3], 100, 2.5)
    assert ts.label == "fatigue_tremor" and s.metrics.end_peak_hz is not None and s.metrics.end_peak_hz < 6.6
    assert s.label == "fatigue_tremor", s.metrics
    (ts, s), _, _ = _sets(12, 200, 1.0)
    assert ts.ratio == 1.0 and s.metrics.end_peak_hz is not None and s.metrics.end_peak_hz < 6.6
    assert s.label != "fatigue_tremor" and s.metrics.end_to_start_ratio < 1.5, s.metrics


def _track(centres: list[float], per: int = 13, hwhm: float = 0.3) -> np.ndarray:
    """Frames of a set whose line sits at each of ``centres`` for ``per`` frames in turn (6 stretches)."""
    return np.vstack([_frames(BG + _line(fc, 1e-2, hwhm), per, seed=i) for i, fc in enumerate(centres)])


@pytest.mark.parametrize(
    ("centres", "oob_hz", "drifted"),
    [
        ([7.25, 6.75, 6.5, 6.25, 6.0, 5.5], 5.75, True),  # seed 779498187's third set, stretch by stretch
        ([6.75, 6.5, 6.5, 6.25, 6.0, 6.0], 6.0, True),  # ending on the edge bin (seed 1800089672)
        ([5.5] * 6, 5.5, False),  # a steady out-of-band line: outside the band from its start
        ([6.25, 6.0, 6.25, 6.0, 6.25, 6.0], 6.0, False),  # a steady line at the edge wobbling by a bin
        ([9.0, 9.0, 9.0, 5.5, 5.5, 5.5], 5.5, False),  # a second oscillation taking over by a jump
        ([4.25, 6.25, 6.0, 6.0, 5.5, 5.25], 5.5, False),  # the ESP32 rig's 5.5 Hz bursts (141523, set 1)
        ([9.0, 8.5, 8.0, 7.5, 7.0, 6.5], 5.5, False),  # a line still in the band: the peak below is not it
    ],
)
def test_a_line_drifting_down_out_of_the_band_is_told_from_an_out_of_band_one(centres, oob_hz, drifted):
    """Issue 9: a fatigue tremor drifting from 7 Hz down to 5.5-6 Hz dominates the set below the band, as an
    out-of-band oscillation would; it is the band's own line where it starts inside the band and moves down
    continuously to the out-of-band peak (stretch peaks from the stretches' mean spectra)."""
    assert drifted_out_of_band(_track(centres), oob_hz) is drifted


def _before(fc: float, n: int = 20, hwhm: float = 0.6) -> np.ndarray:
    """A set's frames before an episode: a line at ``fc`` (0.002 (m/s^2)^2) over the white background."""
    return _frames(BG + _line(fc, 0.002, hwhm), n=n, seed=3)


@pytest.mark.parametrize(
    ("line_hz", "episode_hz", "own_peak", "n", "skirt"),
    [
        (7.0, 5.25, False, 20, True),  # seed 4170312521's set 4: a wide 7 Hz line's frames peaking at 5-6 Hz
        (7.5, 6.0, False, 20, True),  # on the edge bin (seed 3212793856's set 3)
        (7.75, 5.25, False, 20, True),  # 2.5 Hz below the line: still within its reach
        (8.25, 5.25, False, 20, False),  # 3 Hz below: no skirt of that line
        (9.5, 5.0, False, 20, False),  # a mid-band line and a rhythm far below it
        (7.0, 5.25, True, 20, False),  # the episode's span shows a narrow peak of its own: an oscillation
        (5.0, 5.25, False, 20, False),  # the set peaked out of the band before it: there from the start
        (7.0, 5.25, False, 5, False),  # too few frames before the episode to place the set's line
        (7.0, 14.0, False, 20, False),  # above the band: no low skirt
        (6.5, 6.0, True, 20, True),  # a peak of its own on the edge bin: the set's line drifted to the edge
        (6.0, 6.0, True, 20, True),  # on the edge bin all along: the band's line, as the label reads it
        (5.75, 6.0, True, 20, False),  # the set peaked out of the band before it
        (6.5, 5.75, True, 20, False),  # a bin under the edge with a peak of its own: an oscillation
        (9.0, 6.0, True, 20, False),  # a mid-band line 3 Hz above: a separate rhythm at the edge
    ],
)
def test_an_episode_under_its_sets_own_line_is_its_skirt(line_hz, episode_hz, own_peak, n, skirt):
    """Issue 9: a wide tremor line drifting to the band edge throws frame peaks at 5-6 Hz that join into an
    episode; it is the set's own line's low skirt where the set's line before it lies in the band within
    EPISODE_LINE_REACH_HZ above it and the episode's span shows no out-of-band peak of its own."""
    assert episode_under_own_line(_before(line_hz, n=n), episode_hz, own_peak) is skirt
