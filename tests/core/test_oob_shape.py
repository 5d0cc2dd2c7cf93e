"""An out-of-band peak is a real spectral maximum over its own skirt, and a sustained rhythm holds its frequency.

Issue 9 (benchmarks/redteam/FINDINGS.md items 1 and 4): plain dumbbell curls at a 2 s rep were labelled
atypical_tremor ("a narrow tremor peak at 3.2 Hz ... re-test, then see a clinician") from a bin of the skirt the
movement's harmonics and the window's leakage make, falling monotonically past the 3.25 Hz edge of the search
band; and a rowing flywheel coasting down (a line sweeping 18.8 -> 12.4 Hz within 10 s) was reported as
"sustained rhythmic tremor at 15.2 Hz at rest". The recordings here are built from the physics (the forearm
turning about the elbow: gravity turning with it, tangential and centripetal acceleration at the wrist), with
the rules' other side: a narrow out-of-band tremor at rest and through a set of curls is still found.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.run_entropy import fresh_entropy
from tremor.core.analysis import analyze
from tremor.core.episodes import out_of_band_peak
from tremor.core.features import PSD_FREQS
from tremor.core.oob_shape import OOB_SWEEP_MAX_HZ, SKIRT_MIN_PROMINENCE, frequency_sweep, skirt_prominence
from tremor.core.recording import Recording, SourceInfo

FS = 100.0
FRESH = int(fresh_entropy(__name__) % 2**31)
SET = (40.0, 80.0)
REST = (95.0, 125.0)


def _recording(
    seed: int,
    *,
    curls: tuple[float, float, float | None] | None = None,
    tremor: tuple[float, float, tuple[float, float]] | None = None,
    sweep: tuple[float, float] | None = None,
) -> Recording:
    """150 s: a resting wrist (8.5-10 Hz physiological tremor 0.012 m/s^2, sensor noise 0.008 m/s^2), a 40 s set.

    ``curls``: (rep Hz, range of motion in deg, share of the cycle the lift takes or None for a sinusoid), the
    wrist 0.3 m from the elbow. ``tremor``: (Hz, RMS m/s^2, (start, end) s), a line 0.3 Hz wide by phase
    diffusion. ``sweep``: a 0.09 m/s^2 line sweeping (from, to) Hz over 10 s from 95 s.
    """
    rng = np.random.default_rng(seed)
    n = int(150 * FS)
    t = np.arange(n) / FS
    pitch = np.full(n, np.deg2rad(10.0))
    lin = np.zeros((n, 3))
    phys = np.sin(2 * np.pi * np.cumsum(rng.uniform(8.5, 10.0) + rng.normal(0, 2.0, n)) / FS)
    lin += np.outer(phys, [0.3, 0.8, 0.5]) * 0.012
    m = (t >= SET[0]) & (t < SET[1])
    if curls is not None:
        f, amp_deg, lift = curls
        u = ((t[m] - SET[0]) * f) % 1.0
        phi = u if lift is None else np.where(u < lift, 0.5 * u / lift, 0.5 + 0.5 * (u - lift) / (1.0 - lift))
        th = np.deg2rad(amp_deg) / 2 * (1 - np.cos(2 * np.pi * phi))
        thd = np.gradient(th, 1.0 / FS)
        pitch[m] += th
        lin[m, 0] += 0.3 * np.gradient(thd, 1.0 / FS)  # tangential
        lin[m, 2] += 0.3 * thd**2  # centripetal
    if tremor is not None:
        hz, rms, (a, b) = tremor
        w = (t >= a) & (t < b)
        walk = np.cumsum(rng.normal(0, 1, w.sum())) * np.sqrt(2 * np.pi * 0.3 / FS)
        x = np.sqrt(2) * rms * np.sin(2 * np.pi * hz * t[w] + walk)
        lin[w] += np.outer(x, [0.6, 0.0, 0.8])
    if sweep is not None:
        w = (t >= REST[0]) & (t < REST[0] + 10.0)
        fc = np.linspace(sweep[0], sweep[1], w.sum())
        lin[w, 1] += 0.09 * np.sqrt(2) * np.sin(2 * np.pi * np.cumsum(fc) / FS)
    acc = 9.80665 * np.column_stack([np.sin(pitch), np.zeros(n), np.cos(pitch)]) + lin
    acc += rng.normal(0, 0.008, acc.shape)
    return Recording(t, acc, True, SourceInfo(path="curls.csv", format="generic_csv", units="m/s^2"))


def _clinician(result) -> bool:
    return any(c.id == "see_a_clinician" for s in result.sets for c in s.causes) or any(
        c.id == "see_a_clinician" for c in result.session_causes
    )


def test_a_falling_skirt_has_no_peak_and_a_line_on_it_has_one():
    """One spectrum: a skirt falling as 1/f^8 with the grid's 2x alternation has no candidate; a line on it does."""
    skirt = 1e-1 * (PSD_FREQS / 2.0) ** -8.0
    skirt[1::2] *= 2.0  # the zero-padded grid's alternation on a steep skirt (issue 9's curls: up to 2x)
    skirt += 1e-6
    freq, _, _ = out_of_band_peak(skirt)
    assert not np.isfinite(freq[0])
    k = int(np.argmin(np.abs(PSD_FREQS - 4.5)))
    line = skirt.copy()
    line[k - 3 : k + 4] += 2e-3 * np.array([0.0, 0.25, 0.75, 1.0, 0.75, 0.25, 0.0])  # a 2 s Hann line's lobe
    freq, _, _ = out_of_band_peak(line)
    assert freq[0] == pytest.approx(4.5)
    assert skirt_prominence(line[None, :], np.array([k]))[0] >= SKIRT_MIN_PROMINENCE


@pytest.mark.parametrize(
    "rep_hz,amp_deg,lift", [(0.5, 110, None), (0.5, 130, None), (0.4, 130, None), (0.33, 110, 0.35)]
)
def test_curls_are_no_out_of_band_tremor(rep_hz, amp_deg, lift):
    """Before: 0.5 Hz at 110/130 deg and 0.4 Hz at 130 deg gave atypical_tremor sets at 3.25 Hz with the clinician
    cause (benchmarks/oob_physics_sweep.py, base seed 424242: 18 of 120 recordings), a quick lift at 0.33 Hz
    gave them at 3.75 Hz (redteam curls lift:0.35)."""
    print(f"fresh seed {FRESH}")
    for seed in (1, FRESH):
        result = analyze(_recording(seed, curls=(rep_hz, amp_deg, lift)))
        assert result.sets, seed
        assert all(s.label != "atypical_tremor" for s in result.sets), (seed, [s.label for s in result.sets])
        assert not result.atypical_tremor and not _clinician(result), seed


@pytest.mark.parametrize("hz,rms", [(3.5, 0.06), (4.5, 0.04), (5.5, 0.04), (14.0, 0.04)])
def test_out_of_band_tremor_at_rest_near_the_limit_is_found(hz, rms):
    print(f"fresh seed {FRESH}")
    result = analyze(_recording(FRESH, tremor=(hz, rms, REST)))
    eps = [e for e in result.atypical_tremor if e.set_index is None]
    assert len(eps) == 1 and eps[0].peak_hz == pytest.approx(hz, abs=0.5), (FRESH, result.atypical_tremor)


@pytest.mark.parametrize("hz,rms", [(3.5, 0.06), (4.5, 0.06), (5.5, 0.04)])
def test_out_of_band_tremor_through_a_set_of_curls_is_found(hz, rms):
    """A 3.5-5.5 Hz tremor through a set of 0.5 Hz curls (90 deg): its peak stands over the curl's skirt."""
    print(f"fresh seed {FRESH}")
    result = analyze(_recording(FRESH, curls=(0.5, 90.0, None), tremor=(hz, rms, SET)))
    (s,) = result.sets
    in_set = [e for e in result.atypical_tremor if e.set_index == s.span.index]
    assert s.label == "atypical_tremor" or in_set, (FRESH, s.label, s.metrics.oob_peak_hz)
    if s.label == "atypical_tremor":
        assert s.metrics.oob_peak_hz == pytest.approx(hz, abs=0.5), FRESH


def test_frequency_sweep_is_the_trend_over_the_span():
    t = np.arange(0.0, 10.01, 0.5)
    assert frequency_sweep(t, 18.8 - 0.64 * t) == pytest.approx(-6.4)
    rng = np.random.default_rng(FRESH)
    wander = 5.0 + rng.normal(0, 0.3, t.size)  # a tremor's frame-to-frame wander, no trend
    assert abs(frequency_sweep(t, wander)) < OOB_SWEEP_MAX_HZ, FRESH
    assert frequency_sweep(t[:2], t[:2]) == 0.0


@pytest.mark.parametrize("sweep", [(18.8, 12.4), (6.0, 4.0)])
def test_a_line_sweeping_past_is_no_sustained_rhythm(sweep):
    """A flywheel coasting down at rest (redteam rowing: 18.8 -> 12.4 and 6 -> 4 Hz in 10 s): no episode."""
    print(f"fresh seed {FRESH}")
    for seed in (2, FRESH):
        result = analyze(_recording(seed, sweep=sweep))
        assert not result.atypical_tremor and not _clinician(result), (seed, result.atypical_tremor)


def test_a_line_holding_its_frequency_at_rest_is_still_an_episode():
    """The same line and size held at 15.2 Hz (the sweep's middle) is reported."""
    result = analyze(_recording(FRESH, tremor=(15.2, 0.09, (REST[0], REST[0] + 10.0))))
    assert len(result.atypical_tremor) == 1, FRESH


def test_one_rows_skirt_prominence_is_the_gathered_rows_to_the_bit():
    """One spectrum at one bin (the callers' usual ask, read from slices) gives the same float as the same row
    read among others (the rows' gathered bins), in float32 and float64, with NaN and zero bins, at every bin
    including the grid's edges (fresh seed)."""
    rng = np.random.default_rng(FRESH)
    for dtype in (np.float32, np.float64):
        for _ in range(40):
            x = rng.exponential(size=PSD_FREQS.size) * rng.uniform(1e-6, 1.0)
            x[rng.random(PSD_FREQS.size) < 0.05] = np.nan
            x[rng.random(PSD_FREQS.size) < 0.05] = 0.0
            pair = np.stack([x, x[::-1]]).astype(dtype)
            for b in range(PSD_FREQS.size):
                one = skirt_prominence(pair[:1], np.array([b]))
                both = skirt_prominence(pair, np.array([b, b]))
                assert one.dtype == both.dtype == np.float64
                assert one.tobytes() == both[:1].tobytes(), (dtype, b, one, both)
