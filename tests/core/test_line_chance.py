"""A narrow tremor line's chance rise is judged against its width, at 2x as under it (issue 9, h-fatse).

Physics: a steady tremor line is narrow-band noise; a third of ``T`` s holds about ``pi B T`` independent draws of
its power (``B``: its full width at half power), so a steady 0.3 Hz wide line's last third reads 2x its first in about
1 hold in 10 over 20 s, a 0.1 Hz one in 1 in 5. The 2x path of the fatigue rise had no standard error and called
those fatigue; the line's chance (:func:`tremor.core.line_chance.line_rise_sd`) is now the standard error of every
rise. The lines here are this file's own (Lorentzian: complex white noise through a one-pole low-pass).
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import lfilter

from tests.conftest import metrics_with as _m
from tests.run_entropy import fresh_entropy
from tremor.core.analysis import SetResult, analyze
from tremor.core.features import PSD_FREQS, compute_frames
from tremor.core.line_chance import line_rise_sd
from tremor.core.recording import Recording, SourceInfo
from tremor.core.set_labels import FATIGUE_RISE_Z, label_set, rise_within_chance, rising

FRESH = fresh_entropy(__name__)
G = 9.81


def _line(n: int, fs: float, f0: float, width_hz: float, rng: np.random.Generator) -> np.ndarray:
    """Unit-RMS Lorentzian line at ``f0`` Hz, ``width_hz`` wide (full width at half power)."""
    a = np.exp(-np.pi * width_hz / fs)
    z = rng.standard_normal(n + 4000) + 1j * rng.standard_normal(n + 4000)
    x = np.real(lfilter([1 - a], [1, -a], z)[4000:] * np.exp(2j * np.pi * f0 * np.arange(n) / fs))
    return np.asarray(x / np.std(x))


def _sd(x: np.ndarray, fs: float) -> float:
    """The line-width standard error of a stretch ``x`` (on one axis, over 0.008 m/s^2 noise), as a set's thirds."""
    rng = np.random.default_rng(FRESH % 2**32)
    acc = rng.normal(0.0, 0.008, (x.size, 3))
    acc[:, 2] += G + x
    fr = compute_frames(acc, fs=fs)
    idx = np.flatnonzero((fr.t_s >= 1.0) & (fr.t_s <= x.size / fs - 1.0))
    thirds = np.array_split(idx, 3)
    sd = line_rise_sd(fr.psd[np.r_[thirds[0], thirds[2]]].mean(axis=0), fr.t_s[thirds[0]], fr.t_s[thirds[2]])
    assert sd is not None
    return sd


def test_the_chance_scatter_grows_as_the_line_narrows_and_the_hold_shortens() -> None:
    """Over 20 s the scatter orders by width (measured per width over 150 draws, 10-90 %: 0.1 Hz 0.77-1.16,
    0.3 Hz 0.51-0.71, 1 Hz 0.33-0.42, 3 Hz 0.25-0.28, for a log ratio whose scatter was 0.86, 0.55, 0.38, 0.29):
    the ranges do not overlap; a 0.3 Hz line over 60 s scatters less than over 20 s (0.30-0.37)."""
    fs, rng = 100.0, np.random.default_rng([FRESH % 2**32, 1])
    # medians of 5 draws a width: one draw each failed 2 of 6 fresh runs (review rev31: a 0.1 Hz draw at 0.70, a
    # 0.3 Hz one at 0.66, inside the 10-90 % ranges' tails above; 40 draws: 0.1 Hz 0.74-1.21, 0.3 Hz 0.48-0.76, over 60 s
    # 0.30-0.37, 3 Hz 0.25-0.29, a median of 5 over 60 s once 0.405)
    sds = [
        float(np.median([_sd(0.06 * _line(2000, fs, 9.5, w, rng), fs) for _ in range(5)]))
        for w in (0.1, 0.3, 1.0, 3.0)
    ]
    long = float(np.median([_sd(0.06 * _line(6000, fs, 9.5, 0.3, rng), fs) for _ in range(5)]))
    print(FRESH, sds, long)
    assert sds == sorted(sds, reverse=True) and sds[0] > 0.7 and sds[-1] < 0.3
    assert long < 0.45 < sds[1]


def test_a_steady_sinusoid_has_no_chance_rise() -> None:
    """A line of no width keeps its amplitude: its thirds differ by chance only by the sensor noise beside it (the
    noise's share and the window's deconvolution; a 3 Hz wide line 0.25-0.28). At any frequency and phase: the
    deconvolved correlation's 0.3-0.5 % jitter over 0.4-1 s once read as a 0.001 Hz line's decay, 0.28-0.72 in 48 %
    of 200 draws (review rev31); flat under ``line_chance.TAIL_JITTER``, 60 draws of 7-11 Hz over 20 s at 100 Hz: median
    0.061, 90 % 0.083, at most 0.115."""
    fs = 100.0
    t = np.arange(2000) / fs
    rng = np.random.default_rng([FRESH % 2**32, 2])
    f, phase = rng.uniform(7.0, 11.0), rng.uniform(0.0, 2 * np.pi)
    sd = _sd(0.06 * np.sin(2 * np.pi * f * t + phase), fs)
    print(FRESH, f, phase, sd)
    assert sd < 0.15


def test_without_a_spectrum_there_is_no_standard_error() -> None:
    empty = np.zeros(PSD_FREQS.size)
    assert line_rise_sd(empty, np.arange(3.0), np.arange(3.0) + 10) is None
    assert line_rise_sd(np.ones(PSD_FREQS.size), np.array([]), np.arange(3.0)) is None


@pytest.mark.parametrize("rise", [2.0, 3.0])
def test_a_rise_of_2x_or_more_needs_its_lines_standard_errors(rise: float) -> None:
    """At 2x and more the line's standard error decides (the frames' scatter, widened by a rise within each third,
    does not); without one the rise counts alone, as before."""
    kw = dict(end_to_start_ratio=rise, last_third_vs_rest=20.0, power_vs_rest=15.0, rise_log_sd=5.0)
    sd = float(np.log(rise)) / FATIGUE_RISE_Z
    shown, short = _m(**kw, rise_line_sd=sd / 1.001), _m(**kw, rise_line_sd=sd * 1.001)
    assert rising(shown) and label_set(shown) == "fatigue_tremor"
    assert not rising(short) and label_set(short) == "enhanced_tremor" and rise_within_chance(short)
    assert rising(_m(**kw)) and label_set(_m(**kw)) == "fatigue_tremor"


def test_under_2x_the_larger_of_the_two_standard_errors_decides() -> None:
    kw = dict(end_to_start_ratio=1.8, last_third_vs_rest=20.0, power_vs_rest=15.0)
    sd = float(np.log(1.8)) / FATIGUE_RISE_Z
    assert rising(_m(**kw, rise_log_sd=sd / 1.001, rise_line_sd=sd / 1.001))
    assert not rising(_m(**kw, rise_log_sd=sd / 1.001, rise_line_sd=sd * 1.001))
    assert not rising(_m(**kw, rise_log_sd=sd * 1.001, rise_line_sd=sd / 1.001))


def _hold(fs: float, line: np.ndarray, growth: float, seed: int) -> SetResult:
    """A 20 s hold with the tremor ``line`` at 0.07 m/s^2, its power growing ``growth`` times through the hold."""
    rng = np.random.default_rng(seed)
    a, hold = 31.5, line.size / fs
    b = a + hold
    t = np.arange(int((b + 21.5) * fs)) / fs
    up = np.clip((t - 30.0) / 1.5, 0, 1) - np.clip((t - b) / 1.5, 0, 1)
    pitch = np.deg2rad(10.0 + 65.0 * (0.5 - 0.5 * np.cos(np.pi * up)))
    acc = G * np.column_stack([np.sin(pitch), np.zeros(t.size), np.cos(pitch)])
    acc[:, 1] += 0.012 * _line(t.size, fs, 9.0, 2.0, rng)  # the resting wrist's own tremor, all through
    i = int(a * fs)
    acc[i : i + line.size, 2] += 0.07 * growth ** (0.5 * np.linspace(0.0, 1.0, line.size)) * line
    acc += rng.normal(0.0, 0.008, acc.shape)
    rec = Recording(t, acc, True, SourceInfo(path="hold.csv", format="generic_csv", units="m/s^2"))
    sets = [s for s in analyze(rec).sets if s.span.end_s > a and s.span.start_s < b]
    assert len(sets) == 1, [(s.span.start_s, s.span.end_s, s.label) for s in sets]
    return sets[0]


@pytest.mark.fresh_rate(
    measured="1 of 24 draws called fatigue (seeds from 777000: measured 2.41x, the line's standard error 0.44 where "
    "most draws read 0.5-0.8)"
)
def test_a_narrow_steady_lines_chance_2x_is_hedged_and_a_grown_one_is_fatigue() -> None:
    """A steady 0.3 Hz wide line whose own last third is 2-2.5x its first (picked from the signal alone, never from
    the analyser): before, ``fatigue_tremor`` by the 2x path; now ``enhanced_tremor``, with evidence that the rise is
    within a steady line's chance where it read 2x or more. The same draw growing 10x in power through the hold is
    still fatigue. A rate test: a draw whose spectrum reads narrower than most still passes 2 standard errors."""
    fs, hold_n = 100.0, 2000
    base = int(
        np.random.SeedSequence().entropy % 2**31
    )  # drawn here: a rate test draws anew (tests/fresh_rate.py)
    print("fresh seed", base)
    for seed in range(base, base + 2000):
        line = _line(hold_n, fs, 9.5, 0.3, np.random.default_rng(seed))
        p = line**2
        n3 = p.size // 3
        if 2.0 <= p[-n3:].mean() / p[:n3].mean() <= 2.5:
            break
    else:
        raise AssertionError("no chance rise of 2-2.5x in 2000 draws")
    steady = _hold(fs, line, 1.0, seed)
    m = steady.metrics
    print(seed, steady.label, m.end_to_start_ratio, m.rise_log_sd, m.rise_line_sd)
    assert steady.label == "enhanced_tremor", (seed, steady.label, m.end_to_start_ratio, m.rise_line_sd)
    words = [c.evidence for c in steady.causes]
    if (m.end_to_start_ratio or 0.0) >= 2.0:
        assert rise_within_chance(m)
        assert any("of chance for a steady tremor line as wide as the set's" in e for e in words), words
    grown = _hold(fs, line, 10.0, seed)
    print(grown.label, grown.metrics.end_to_start_ratio, grown.metrics.rise_line_sd)
    assert grown.label == "fatigue_tremor" and "neuromuscular_fatigue" in [c.id for c in grown.causes]


def test_a_chance_rise_to_the_fatigue_level_is_named_in_a_note_where_no_cause_names_it() -> None:
    """A 3x rise to 6x rest whose line's chance is 0.7 (1.6 standard errors) is ``calm``: no fatigue is shown, but
    a rise was measured, and the note says so in the causes' words (review rev31: 16 such sets in h-fatse's sweep
    read ``calm`` with no word of it). Not where a cause says it already, a rise stands out, or the last third is
    under the fatigue level; at a noise-floor rest the level is its own (2.45x)."""
    from tremor.core.chance_rise_words import chance_rise_note, chance_words

    kw = dict(end_to_start_ratio=3.0, last_third_vs_rest=6.0, power_vs_rest=4.0, rise_log_sd=0.2)
    m = _m(**kw, rise_line_sd=0.7)
    assert label_set(m) == "calm" and rise_within_chance(m)
    note = chance_rise_note("set 2 (40.0-50.0 s)", m, "calm", [])
    assert note is not None and note.startswith(
        "set 2 (40.0-50.0 s): its last third's 6-12 Hz power was 6.0x the"
    )
    assert (
        "rest baseline, yet it is labelled calm: a rise of 3.00x from the first" in note
        and chance_words(m) in note
    )
    assert "1.5 standard errors of chance for a steady tremor line" in note
    assert chance_rise_note("set 2", m, "calm", ["x; " + chance_words(m)]) is None
    shown = _m(**kw, rise_line_sd=0.5)
    assert (
        label_set(shown) == "fatigue_tremor"
        and chance_rise_note("set 2", shown, "fatigue_tremor", []) is None
    )
    low = _m(**{**kw, "last_third_vs_rest": 3.0}, rise_line_sd=0.7)
    assert label_set(low) == "calm" and chance_rise_note("set 2", low, "calm", []) is None
    assert chance_rise_note("set 2", low, "calm", [], rest_at_floor=True) is not None
