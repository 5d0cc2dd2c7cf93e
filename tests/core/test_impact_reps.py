"""An impact at each rep leaves no sample of the set to measure its tremor bands from (issue 9, red team R3-1).

The impact-frames rule (``set_metrics(impacts=)``, :mod:`tests.core.test_impact_frames`) leaves each window holding an
``artefact`` transient out of a set's tremor measures. A clank or two leaves most windows; a snap at every rep (a
rowing machine's chain at the catch, a weight set down each rep) leaves only the few that fit between two snaps,
all at the same phase of the rep: each sees the same stretch of the movement, so its leakage through the window
adds up instead of averaging out. The red team's rowing piece (0.45 strokes/s, 3-6 m/s^2 snaps) then read as
``atypical_tremor`` at 3.25 Hz with a clinician note from 5-6 of 57 windows. Now a set with fewer than half its
windows free of impacts (:func:`tremor.core.classify.impacts_bound`) is not assessable (reason ``"impacts"``) in its
6-12 Hz figures, and its out-of-band peak is sought over all its windows (a tremor line holds at every phase).

This module's generator (not the red team's): a forearm rotating 50-90 deg at 0.3-0.6 reps/s (gravity turning,
tangential and centripetal acceleration at r 0.3-0.5 m), a 30-45 Hz ring decaying in about 6 ms at each rep's
catch, optionally a 3.5-5 Hz tremor line (0.4 Hz wide) through the set. Measured at 100 and 200 Hz over draws
1-40 (rep rate 0.3-0.6/s, impacts 1-6 m/s^2, tremor 0.03-0.2 m/s^2 at 3.5-5 Hz): before the rule 10 of 80 sets
without tremor read ``fatigue_tremor`` or ``enhanced_tremor``: 7 from the 3-28 windows left between impacts, and 3 at
200 Hz whose impacts of 1.8-2.4 m/s^2 the twitch detector calls ``movement``, not ``artefact`` (no window is left
out; the impacts' rings lift the 6-12 Hz band to 13-21x rest). After it those 3 remain (a separate miss, untouched
here) and the 7 read ``not_assessable`` (impacts). With tremor: found (``atypical_tremor`` at the line)
from 0.081 m/s^2 up in every impact-bound set (41 of 41), missed from 0.079 m/s^2 down (15 of 15: the impacts'
broadband floor holds the line's prominence to 4.3-10.6, under 12, or hides it); before the rule 65 of 80 were found
(from the phase-biased windows that also made the false labels) and 10 of the strongest (0.14-0.2 m/s^2, impacts
every 1.7-2 s) read ``too_little_data``.

A second, independent guard (:func:`tremor.core.oob_shape.narrower_than_window`): a set's out-of-band maximum whose
neighbour 0.25 Hz out holds under a quarter of its power is narrower than the 2 s window's main lobe (a line keeps
0.52 or more there), so no line: R3-1's 3.25 Hz bin held 0.09 and 0.03 beside it. Measured here: 0 of about 6,500
single windows of out-of-band lines (3.3-17.9 Hz, 0.03-0.2 m/s^2, seeds 21-23 and 41-52, 100 and 200 Hz) read
narrow; every prominent maximum of windows at one phase of a 0.5 reps/s rotation (9 of 24 phases, seeds 1, 4, 6) does.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

import tremor
from tests.stress import scenarios as S
from tremor.core.classify import MIN_IMPACT_FREE_SHARE, impacts_bound
from tremor.core.episodes import (
    HARMONIC_TOLERANCE,
    MAX_HARMONIC,
    OOB_OVER_PHYS,
    OOB_PROMINENCE,
    out_of_band_peak,
)
from tremor.core.features import FrameConfig
from tremor.core.oob_shape import narrower_than_window

START_S, END_S = 60.0, 95.0
NOT_WITHOUT_TREMOR = {"atypical_tremor", "fatigue_tremor", "enhanced_tremor", "mixed"}


def _session(
    seed: int,
    fs: float,
    rep_hz: float,
    impact: float,
    *,
    tremor_rms: float = 0.0,
    tremor_hz: float = 4.5,
    n_impacts: int | None = None,
    drift: tuple[float, float, float] | None = None,
) -> tuple[tremor.AnalysisResult, np.ndarray]:
    """Rest, a 35 s set of forearm rotations at ``rep_hz`` with an ``impact`` m/s^2 ring at each catch, rest.

    ``n_impacts`` keeps only the first that many impacts; ``tremor_rms`` adds a line at ``tremor_hz`` through the set;
    ``drift`` (from Hz, to Hz, end RMS) a fatigue tremor line whose centre falls linearly from one to the other while
    it grows from 0.02 m/s^2 RMS to the end RMS (exponentially), its envelope a random 1 Hz-wide process.
    Returns the analysis and the impact times.
    """
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 150.0, rng, 0.02)
    t = b.t
    m = (t >= START_S) & (t < END_S)
    tt = t[m] - START_S
    w = 2 * np.pi * rep_hz
    half = np.deg2rad(rng.uniform(50, 90)) / 2
    r = rng.uniform(0.3, 0.5)
    ramp = np.clip(np.minimum(tt, END_S - START_S - tt), 0, 1)
    b.pitch[m] += half * (1 - np.cos(w * tt)) * ramp + np.deg2rad(20)
    b.lin[m, 0] += r * half * w * w * np.cos(w * tt) * ramp  # tangential
    b.lin[m, 2] += r * (half * w * np.sin(w * tt)) ** 2 * ramp  # centripetal
    b.lin[m] += np.outer(0.01 * S.narrowband(rng, tt, fs, rng.uniform(8, 11), 3.0), S._unit(rng))
    times = np.arange(START_S + 1.0 / rep_hz, END_S - 0.5, 1.0 / rep_hz)
    if n_impacts is not None:
        times = times[:n_impacts]
    times = times + rng.uniform(-0.05, 0.05, times.size)
    d = S._unit(rng)
    for t0 in times:
        i0 = int(np.searchsorted(t, t0))
        sl = slice(max(0, i0 - 1), min(t.size, i0 + int(0.03 * fs) + 3))
        wave, _ = S.damped_transient(
            t[sl], t0, impact * rng.uniform(0.7, 1.0), min(rng.uniform(30, 45), 0.35 * fs), 0.018
        )
        b.lin[sl] += np.outer(wave, d)
    if tremor_rms:
        b.lin[m] += np.outer(tremor_rms * S.narrowband(rng, tt, fs, tremor_hz, 0.4) * ramp, S._unit(rng))
    if drift is not None:
        f0, f1, end_rms = drift
        u = tt / (END_S - START_S)
        phase = 2 * np.pi * np.cumsum(f0 + (f1 - f0) * u) / fs + rng.uniform(0, 2 * np.pi)
        # a complex envelope low-passed to about 0.5 Hz: a line about 1 Hz wide around the drifting centre
        k = int(fs)
        env = np.convolve(
            rng.normal(size=tt.size + k) + 1j * rng.normal(size=tt.size + k), np.hanning(k), "valid"
        )
        env = env[: tt.size] / np.sqrt(np.mean(np.abs(env) ** 2))
        x = np.real(env * np.exp(1j * phase)) * np.sqrt(2) * 0.02 * (end_rms / 0.02) ** u
        b.lin[m] += np.outer(x * ramp, S._unit(rng))
    return tremor.analyze(b.finish(description="impact reps").recording), times


def _the_set(result: tremor.AnalysisResult) -> tremor.SetResult:
    """The found set overlapping the true one most."""
    assert result.sets
    return max(result.sets, key=lambda s: min(END_S, s.span.end_s) - max(START_S, s.span.start_s))


def test_impacts_bound_needs_half_the_windows_free() -> None:
    """The rule on its own: fewer than half (or fewer than 3) windows free of impacts, and at least one impact."""
    assert not impacts_bound(np.zeros(20, bool))
    assert not impacts_bound(np.r_[np.ones(10, bool), np.zeros(10, bool)])  # half free: measured
    assert impacts_bound(np.r_[np.ones(11, bool), np.zeros(9, bool)])
    assert impacts_bound(np.r_[np.ones(2, bool), np.zeros(2, bool)])  # 2 free of 4: fewer than 3
    assert not impacts_bound(np.zeros(2, bool))  # no impact: too little data is another rule's
    assert MIN_IMPACT_FREE_SHARE == 0.5


@pytest.mark.parametrize("fs", [100.0, 200.0])
@pytest.mark.parametrize("seed", [1, 2, 3, 4])
def test_an_impact_at_each_rep_is_no_tremor_finding(seed: int, fs: float) -> None:
    """0.45 reps/s, a 3-5 m/s^2 snap at each catch, no tremor: not assessable for impacts, no tremor label.

    Without the rule, seeds 1-4 at 100 Hz read calm, calm, ``fatigue_tremor``, ``not_assessable`` (movement) from 6-14
    windows between the snaps; the same sets without snaps are calm over 66-67 windows."""
    result, times = _session(seed, fs, 0.45, 5.0)
    s = _the_set(result)
    m = s.metrics
    assert s.label == "not_assessable" and m.not_assessable_reason == "impacts", (seed, fs, s.label, m)
    assert m.impact_windows * 2 > m.windows >= 60, (seed, fs, m)
    assert m.rms_mps2 is None and m.end_to_start_ratio is None and m.power_vs_rest is None
    assert not result.atypical_tremor
    note = [n for n in result.notes if "windows hold an impact" in n]
    assert len(note) == 1 and f"{m.impact_windows} of its {m.windows} windows" in note[0], result.notes
    clean, _ = _session(seed, fs, 0.45, 0.0)
    assert _the_set(clean).label == "calm" and _the_set(clean).metrics.impact_windows == 0


@pytest.mark.parametrize(("seed", "fs"), [(1, 100.0), (2, 200.0), (3, 100.0), (4, 200.0)])
@pytest.mark.parametrize(("rms", "hz"), [(0.12, 3.6), (0.2, 4.8)])
def test_a_tremor_line_under_an_impact_at_each_rep_is_still_found(
    seed: int, fs: float, rms: float, hz: float
) -> None:
    """The same sets with a 0.12-0.2 m/s^2 line at 3.6-4.8 Hz: ``atypical_tremor`` at the line, from all windows."""
    result, _ = _session(seed, fs, 0.45, 5.0, tremor_rms=rms, tremor_hz=hz)
    s = _the_set(result)
    m = s.metrics
    assert m.not_assessable_reason == "impacts", (seed, fs, m)
    assert s.label == "atypical_tremor" and m.oob_peak_hz is not None, (seed, fs, s.label, m)
    assert abs(m.oob_peak_hz - hz) <= 0.5, (seed, fs, m.oob_peak_hz, hz)
    assert any(c.id == "see_a_clinician" for c in s.causes)


@pytest.mark.parametrize("fs", [100.0, 200.0])
@pytest.mark.parametrize("seed", [5, 6, 7])
def test_a_clank_or_two_is_still_left_out_and_the_rest_measured(seed: int, fs: float) -> None:
    """Two 5 m/s^2 clanks in the set: the windows of those called impacts are left out as before and the set is
    measured (calm, or ``atypical_tremor`` at a 0.1 m/s^2 line at 4.5 Hz), not withheld for impacts."""
    for rms, label in ((0.0, "calm"), (0.1, "atypical_tremor")):
        result, times = _session(seed, fs, 0.3, 5.0, tremor_rms=rms, n_impacts=2)
        s = _the_set(result)
        m = s.metrics
        hits = [tr.t_s for tr in result.rejected_transients if tr.kind == "artefact"]
        # a clank under the tremor line may rise too little over its background to be called an impact
        assert any(any(abs(h - t0) < 0.3 for h in hits) for t0 in times), (seed, fs, times, hits)
        assert m.assessable and m.not_assessable_reason is None and m.impact_windows == 0, (seed, fs, m)
        assert s.label == label, (seed, fs, rms, s.label, m)
        # the clanks' windows were left out: fewer windows than the clean set's
        clean, _ = _session(seed, fs, 0.3, 0.0, tremor_rms=rms, n_impacts=2)
        assert m.windows <= _the_set(clean).metrics.windows - 4, (seed, fs, m.windows)


def _expected_free(result: tremor.AnalysisResult, s: tremor.SetResult) -> tuple[int, int]:
    """Windows of the set and those free of every detected impact (a window's centre within half a window of one)."""
    t = result.frames.t_s
    i0, i1 = np.searchsorted(t, s.span.start_s + 1.0, "left"), np.searchsorted(t, s.span.end_s - 1.0, "right")
    centres = t[i0:i1]
    hits = np.array([tr.t_s for tr in result.rejected_transients if tr.kind == "artefact"])
    half = FrameConfig().window_s / 2.0
    hit = np.zeros(centres.size, bool)
    for h in hits:
        hit |= (centres >= h - half) & (centres <= h + half)
    return int(centres.size), int(centres.size - hit.sum())


@pytest.mark.parametrize("n_impacts", [7, 8, 9, 10])
def test_near_half_the_windows_the_rule_follows_the_count(n_impacts: int) -> None:
    """Impacts 3.3 s apart (0.3 reps/s) each take about 4 of 67 windows: 7 leave 42 free, 8 leave 34 (just over half: measured),
    9 and 10 leave 30 and 27 (under half).

    Both sides are true statements: measured (calm) from over half the windows, withheld under half."""
    result, _ = _session(11, 100.0, 0.3, 5.0, n_impacts=n_impacts)
    s = _the_set(result)
    n, free = _expected_free(result, s)
    under = free < MIN_IMPACT_FREE_SHARE * n
    print(
        f"n_impacts {n_impacts}: {free} of {n} windows free of impacts; {s.label} {s.metrics.not_assessable_reason}"
    )
    assert (s.metrics.not_assessable_reason == "impacts") == under, (n, free, s.metrics)
    assert s.label == ("not_assessable" if under else "calm"), (n, free, s.label, s.metrics)
    assert under == (n_impacts >= 9), (n_impacts, n, free)


def _eccentric_set(seed: int, fs: float, f0: float, f1: float) -> tremor.AnalysisResult:
    """Rest, 40 s of heavy curls at a 5 s rep (a 1 s lift, a 4 s lowering), rest.

    The forearm's angle (100 deg) follows a raised cosine on a phase that runs 4x faster in the lift, so its angular
    acceleration jumps at each turn (a jolt at the top and the bottom: the twitch detector's impacts, about 0.8-1
    m/s^2 band-passed); a fatigue tremor whose centre falls from ``f0`` to ``f1`` Hz grows from 0.02 to 0.12-0.18
    m/s^2 RMS, half as strong in the lift as in the lowering.
    """
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 160.0, rng, 0.02)
    t = b.t
    a, e = 60.0, 100.0
    m = (t >= a) & (t < e)
    tt = t[m] - a
    u = (tt * 0.2) % 1.0
    phi = np.where(u < 0.2, 0.5 * u / 0.2, 0.5 + 0.5 * (u - 0.2) / 0.8)
    th = np.deg2rad(100.0) / 2 * (1 - np.cos(2 * np.pi * phi))
    thd = np.gradient(th, 1.0 / fs)
    b.pitch[m] += th
    b.lin[m, 0] += 0.3 * np.gradient(thd, 1.0 / fs)
    b.lin[m, 2] += 0.3 * thd**2
    v = tt / (e - a)
    phase = 2 * np.pi * np.cumsum(f0 + (f1 - f0) * v) / fs + rng.uniform(0, 2 * np.pi)
    k = int(fs)  # a complex envelope low-passed to about 0.5 Hz: a line about 1 Hz wide
    env = np.convolve(
        rng.normal(size=tt.size + k) + 1j * rng.normal(size=tt.size + k), np.hanning(k), "valid"
    )
    env = env[: tt.size] / np.sqrt(np.mean(np.abs(env[: tt.size]) ** 2))
    gate = np.convolve(np.where(u < 0.2, 0.5, 1.0), np.ones(int(0.2 * fs)) / int(0.2 * fs), "same")
    x = np.real(env * np.exp(1j * phase)) * np.sqrt(2) * 0.02 * (rng.uniform(0.12, 0.18) / 0.02) ** v * gate
    taper = np.clip(np.minimum(tt - 0.5, e - a - 0.5 - tt), 0, 1)
    b.lin[m] += np.outer(x * taper, np.array([0.3, 0.7, 0.65]))
    return tremor.analyze(b.finish(description="slow eccentric curls").recording)


@pytest.mark.parametrize(
    ("seed", "fs", "f0", "f1"),
    [
        pytest.param(
            1,
            100.0,
            6.4,
            5.6,
            marks=pytest.mark.xfail(
                strict=True,
                reason="since the whitener leaves out a loud block's neighbours (h-flaky4, twitch_signal."
                "WHITEN_SKIP_NEIGHBOURS) this set's impacts fill 45 of its 76 windows and the line, followed over "
                "the 31 free of them, reads as drifted out of band: atypical_tremor again (the drift rule's limit, "
                "as the six listed below; over seeds 1-24: 7 of 48 sets, 6 before)",
            ),
        ),
        (3, 200.0, 6.4, 5.6),
        (6, 200.0, 6.6, 5.9),
        (6, 200.0, 6.4, 5.6),
        (12, 200.0, 6.4, 5.6),
        (16, 100.0, 6.4, 5.6),
    ],
)
def test_a_fatigue_line_drifting_past_6_hz_in_jolting_reps_is_no_clinician_finding(
    seed: int, fs: float, f0: float, f1: float
) -> None:
    """Slow heavy curls jolting at each turn, a fatigue tremor drifting across 6 Hz (red team R4-2: since the impact
    rule these sets' stretches' maxima were sought over all windows, where the jolts' floor and the movement's
    leakage put the first stretches' at the scan's foot, 3.25 Hz, so the line was not followed and read
    ``atypical_tremor`` with a clinician note in 8 of 9 sets). The line is followed over the windows free of impacts:
    no ``atypical_tremor``, no clinician note.

    Measured over seeds 1-24 (200 Hz where divisible by 3, else 100 Hz), 6.6 -> 5.9 and 6.4 -> 5.6 Hz: 12 of 48 sets
    ``atypical_tremor`` before, 6 after (these six cases are among the twelve); 7 since the whitener's neighbour
    rule (seed 1 at 6.4 -> 5.6 Hz flipped: a strict xfail). The six left are the drift rule's
    limit (:func:`tremor.core.band_edge.drifted_out_of_band`) over the 30-32 windows free of impacts, 5 a stretch: a
    1 Hz wide line's stretch maximum wanders +-0.5 Hz, so the first stretch sits on the edge bin (6.0 Hz; seeds
    17, 24) or a step down exceeds 1 Hz (6.75 -> 5.5 Hz, seeds 7, 22; 18).
    """
    result = _eccentric_set(seed, fs, f0, f1)
    s = max(result.sets, key=lambda x: min(100.0, x.span.end_s) - max(60.0, x.span.start_s))
    m = s.metrics
    print(
        seed, fs, s.label, m.not_assessable_reason, m.oob_peak_hz, m.oob_drifted, m.impact_windows, m.windows
    )
    assert s.label != "atypical_tremor" and not any(c.id == "see_a_clinician" for c in s.causes), (
        seed,
        fs,
        m,
    )


@pytest.mark.fresh_rate(
    env="TREMOR_FRESH_SEED",
    measured="1 of 150 fresh draws (seed 561619547), and 1685374375 in a suite run: a 0.124-0.126 m/s^2 line at "
    "4.2-4.8 Hz under 5.1-5.9 m/s^2 snaps at 0.59-0.6 reps/s, the set not assessable (impacts) and the line not found;"
    " seeds 5000-5749 (twentieth session, 9d2e5f8 alike at 5000-5149): 6 of 750; a CI run (2072120671, 1384601918:"
    " 0.121 m/s^2 lines under 5.95-5.99 m/s^2 snaps at 100 Hz) drew two in three",
)
def test_fresh_seed_impact_at_each_rep() -> None:
    """A fresh draw: rep rate 0.35-0.6/s, snaps 3-6 m/s^2, 100 or 200 Hz; no tremor label without tremor, and a
    0.12-0.2 m/s^2 line at 3.5-5 Hz found. The seed is printed to replay a failure. The line is missed now and then
    near the lower end of its range under the densest, strongest snaps (a rate: see the mark), the impacts'
    broadband floor holding its prominence down, as the module says of lines under 0.08 m/s^2."""
    seed = int(os.environ.get("TREMOR_FRESH_SEED", np.random.SeedSequence().entropy % 2**31))
    rng = np.random.default_rng(seed)
    rep, imp, fs = rng.uniform(0.35, 0.6), rng.uniform(3.0, 6.0), float(rng.choice([100.0, 200.0]))
    rms, hz = rng.uniform(0.12, 0.2), rng.uniform(3.5, 5.0)
    print(
        f"fresh seed {seed}: rep {rep:.3f}/s, impacts {imp:.2f} m/s^2, fs {fs:g}, line {rms:.3f} m/s^2 at {hz:.2f} Hz"
    )
    result, _ = _session(seed, fs, rep, imp)
    s = _the_set(result)
    assert s.label not in NOT_WITHOUT_TREMOR and not result.atypical_tremor, (seed, s.label, s.metrics)
    result, _ = _session(seed, fs, rep, imp, tremor_rms=rms, tremor_hz=hz)
    s = _the_set(result)
    found = s.label == "atypical_tremor" and s.metrics.oob_peak_hz is not None
    found = found and abs(s.metrics.oob_peak_hz - hz) <= 0.5
    # the movement-harmonic rule (episodes.out_of_band_peak) drops a line on a 2nd-6th harmonic of the movement
    # frequency the set's windows read (0.5 or 0.67 Hz for these reps): fresh seed 1477803311's 4.04 Hz line sat on
    # 6 x 0.674 Hz. That rule's miss, not this one's: accepted where the line's bin lies on such a harmonic
    fr = result.frames
    inside = (fr.t_s >= s.span.start_s + 1.0) & (fr.t_s <= s.span.end_s - 1.0)
    reads = np.unique(fr.peak_movement_hz[inside & np.isfinite(fr.peak_movement_hz)])
    line_bin = float(np.round(hz * 4.0) / 4.0)
    on_harmonic = any(
        2 <= round(line_bin / mh) <= MAX_HARMONIC
        and abs(line_bin / mh - round(line_bin / mh)) < HARMONIC_TOLERANCE
        for mh in reads
        if mh > 0
    )
    if not found and on_harmonic:
        print(
            f"the line's bin {line_bin:.2f} Hz lies on a harmonic of a movement frequency read ({reads}): not sought"
        )
        return
    assert found or any(abs(e.peak_hz - hz) <= 0.5 for e in result.atypical_tremor), (
        seed,
        s.label,
        s.metrics,
    )


# -- a maximum narrower than the window's main lobe is no line (tremor.core.oob_shape.narrower_than_window) --------


@pytest.mark.parametrize("fs", [100.0, 200.0])
@pytest.mark.parametrize("seed", [21, 22, 23])
def test_a_tremor_line_is_never_narrower_than_the_window(seed: int, fs: float) -> None:
    """Out-of-band lines at rest (0.03-0.2 m/s^2, frequencies spread across the 0.25 Hz bins of 3.3-5.9 and 13.1-17.9
    Hz): in every single window whose out-of-band maximum is the line, and in their mean, it is as wide as the main
    lobe (each neighbour 0.52x the top or more for a pure line; here at least LINE_MIN_LOBE_SHARE)."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 150.0, rng, 0.02)
    hz = float(rng.choice([rng.uniform(3.3, 5.9), rng.uniform(13.1, 17.9)]))
    b.add_episode(20.0, 140.0, hz, float(rng.uniform(0.03, 0.2)))
    result = tremor.analyze(b.finish(description="oob line").recording)
    fr = result.frames
    idx = np.flatnonzero((fr.t_s > 25.0) & (fr.t_s < 135.0))
    freq, prom, _ = out_of_band_peak(fr.psd[idx], high_band=True)
    on = np.isfinite(freq) & (np.abs(freq - hz) <= 0.5) & (prom >= OOB_PROMINENCE)
    print(f"seed {seed} fs {fs:g}: line at {hz:.2f} Hz, {on.sum()} of {idx.size} windows show it")
    assert on.sum() >= idx.size // 2, (seed, fs, hz, on.sum())
    narrow = [narrower_than_window(fr.psd[i], float(f)) for i, f in zip(idx[on], freq[on])]
    assert not any(narrow), (seed, fs, hz, sum(narrow))
    mean = fr.psd[idx].mean(axis=0)
    f_mean = float(out_of_band_peak(mean[None, :], high_band=True)[0][0])
    assert abs(f_mean - hz) <= 0.5 and not narrower_than_window(mean, f_mean), (seed, fs, hz, f_mean)


@pytest.mark.parametrize("seed", [1, 4, 6])
def test_windows_at_one_phase_of_a_rotation_read_narrower_than_the_window(seed: int) -> None:
    """A forearm rotating at 0.5 reps/s, no impact, no tremor: the mean spectrum of windows all at one phase of the rep
    (one window per rep, as impacts at each rep leave) holds a prominent out-of-band maximum at 3.25 Hz (prominence
    12-14, 5.5-9.3x the 6-12 Hz peak in seeds 1, 4, 6: ``atypical_tremor`` by those measures) narrower than the
    window's main lobe: no line. Over all windows the set is calm, with no out-of-band peak."""
    result, _ = _session(seed, 100.0, 0.5, 0.0)
    assert _the_set(result).label == "calm" and _the_set(result).metrics.oob_peak_hz is None
    fr = result.frames
    prominent = 0
    for phase in np.linspace(0.0, 2.0, 8, endpoint=False):
        idx = np.unique([int(np.argmin(np.abs(fr.t_s - c))) for c in np.arange(62.0 + phase, 93.0, 2.0)])
        mean = fr.psd[idx].mean(axis=0)
        f, p, r = (float(v[0]) for v in out_of_band_peak(mean[None, :], high_band=True))
        if np.isfinite(f) and p >= OOB_PROMINENCE and r >= OOB_OVER_PHYS:
            prominent += 1
            assert narrower_than_window(mean, f), (seed, phase, f, p, r)
    print(f"seed {seed}: {prominent} of 8 phases hold a prominent out-of-band maximum")
    assert prominent >= 1, seed
