"""sets.py at its thresholds; vigorous rhythmic sets, walking and jumps; sets across short data gaps."""

from __future__ import annotations

import subprocess
import sys
from dataclasses import replace

import numpy as np
import pytest

from tests.core.movement_helpers import movement_session
from tests.run_entropy import fresh_entropy
from tremor.core import classify as C
from tremor.core import gait as G
from tremor.core import sets as S
from tremor.core.analysis import analyze
from tremor.core.features import PSD_FREQS, Frames
from tremor.core.recording import SetMarker
from tremor.errors import ParameterError

FRESH_SEED = int(fresh_entropy(__name__) % 100_000)


def _frames(
    n: int,
    *,
    mov: float,
    low: float = 1e-6,
    phys: float = 1e-6,
    cadence: float = 0.5,
    prominence_low: float = 2.0,
    hop: float = 0.5,
    high: float = 0.1**2,
    comb: float = 1.0,
    step_hz: float = 2.0,
) -> Frames:
    """Frames with constant features (powers in (m/s^2)^2), gravity along z; the spectrum has a
    comb of lines ``comb`` times its floor at multiples of ``step_hz`` (heel strikes) where ``comb > 1``;
    13-18 Hz holds a heel strike's ring (0.1 m/s^2 RMS) unless ``high`` says otherwise."""
    c = lambda v: np.full(n, v, np.float32)
    return Frames(
        t_s=1.0 + hop * np.arange(n),
        movement_rms=c(mov),
        orientation=np.tile([0, 0, 1.0], (n, 1)).astype(np.float32),
        power_low=c(low),
        power_phys=c(phys),
        power_high=c(high),
        peak_phys_hz=c(9.0),
        peak_low_hz=c(5.0),
        peak_high_hz=c(15.0),
        peak_movement_hz=c(cadence),
        prominence_low=c(prominence_low),
        prominence_high=c(2.0),
        total_rms=c(mov),
        psd=np.tile(_comb_psd(comb, step_hz), (n, 1)),
    )


def _comb_psd(contrast: float, step_hz: float, floor: float = 1e-6) -> np.ndarray:
    """A spectrum on PSD_FREQS: ``floor`` with narrow lines ``contrast`` times it at multiples of ``step_hz``."""
    lines = sum(
        np.exp(-0.5 * ((PSD_FREQS - k * step_hz) / 0.15) ** 2) for k in range(1, int(20 / step_hz) + 1)
    )
    return (floor * (1.0 + (contrast - 1.0) * lines)).astype(np.float32)


def _bout(mov: float, low: float, cadence: float, seconds: float = 30.0, **features: float) -> Frames:
    """20 s rest, a bout with the given features (``features``: more of :func:`_frames`), 20 s rest.

    The bout's spectrum carries a heel strike comb at 2 steps/s, 10 times its floor, unless
    ``features`` say otherwise."""
    features.setdefault("comb", 10.0)
    rest = _frames(40, mov=0.01)
    bout = _frames(int(seconds / 0.5), mov=mov, low=low, cadence=cadence, **features)
    parts = [rest, bout, _frames(40, mov=0.01)]
    t0 = 0.0
    out = []
    for p in parts:
        out.append(replace(p, t_s=t0 + p.t_s))
        t0 = float(out[-1].t_s[-1])
    return Frames.concat(out)


@pytest.mark.parametrize(
    "mov,high,expect_walk",
    [
        # where the rate cannot show 13-18 Hz (no heel strike's ring to see), a walk stays moderate
        (G.WALK_MAX_MPS2 * 0.98, np.nan, True),
        (G.WALK_MAX_MPS2 * 1.02, np.nan, False),
        # a heel strike's ring and a step comb: an arm swing that drowns the strikes may be stronger
        (G.WALK_SWING_MAX_MPS2 * 0.98, 0.1**2, True),
        (G.WALK_SWING_MAX_MPS2 * 1.02, 0.1**2, False),
    ],
)
def test_walking_intensity_threshold(mov, high, expect_walk):
    seg = S.segment_sets(_bout(mov, (0.5 * G.WALK_MAX_IMPACT_MPS2) ** 2, 1.9, high=high), end_s=100.0)
    assert bool(seg.walking) is expect_walk and bool(seg.sets) is not expect_walk


@pytest.mark.parametrize(
    "low_rms,expect_walk", [(G.WALK_MAX_IMPACT_MPS2 * 0.98, True), (G.WALK_MAX_IMPACT_MPS2 * 1.02, False)]
)
def test_walking_impact_ceiling(low_rms, expect_walk):
    seg = S.segment_sets(_bout(4.0, low_rms**2, 1.9), end_s=100.0)
    assert bool(seg.walking) is expect_walk


@pytest.mark.parametrize(
    "high_rms,expect_walk", [(G.WALK_MAX_LANDING_MPS2 * 0.95, True), (G.WALK_MAX_LANDING_MPS2 * 1.05, False)]
)
def test_walking_has_no_landings(high_rms, expect_walk):
    """A jump's landing reaches 13-18 Hz as no footstep does, however gentle the bounce."""
    seg = S.segment_sets(_bout(4.0, 1.5**2, 1.9, high=high_rms**2), end_s=100.0)
    assert bool(seg.walking) is expect_walk and bool(seg.sets) is not expect_walk


@pytest.mark.parametrize(
    "low_rms,prominence,expect_walk",
    [
        (2.0, G.WALK_MAX_LINE_PROMINENCE * 0.95, True),
        (2.0, G.WALK_MAX_LINE_PROMINENCE * 1.05, False),
        # a weak line (a ringing heel strike) is left alone
        (G.WALK_LINE_MIN_MPS2 * 0.95, G.WALK_MAX_LINE_PROMINENCE * 10, True),
        (G.WALK_LINE_MIN_MPS2 * 1.05, G.WALK_MAX_LINE_PROMINENCE * 10, False),
    ],
)
def test_walking_impacts_are_spread_not_harmonic_lines(low_rms, prominence, expect_walk):
    """Battle ropes as gentle as a brisk walk: their 3-7 Hz power sits in narrow harmonics."""
    seg = S.segment_sets(_bout(4.0, low_rms**2, 1.9, prominence_low=prominence), end_s=100.0)
    assert bool(seg.walking) is expect_walk and bool(seg.sets) is not expect_walk


def _turned(frames: Frames, a: float, b: float, deg: float) -> Frames:
    """``frames`` with the gravity direction turned ``deg`` degrees from z between ``a`` and ``b`` s."""
    o = frames.orientation.copy()
    inside = (frames.t_s >= a) & (frames.t_s <= b)
    o[inside] = [np.sin(np.radians(deg)), 0.0, np.cos(np.radians(deg))]
    return replace(frames, orientation=o)


@pytest.mark.parametrize(
    "low_rms,expect_walk",
    [(G.WALK_POSED_MAX_IMPACT_MPS2 * 0.95, True), (G.WALK_POSED_MAX_IMPACT_MPS2 * 1.05, False)],
)
def test_walking_with_the_arm_away_from_rest(low_rms, expect_walk):
    """The arm hanging 60 degrees from a seated rest pose: still walking, if the impacts are a heel strike's."""
    seg = S.segment_sets(_turned(_bout(4.0, low_rms**2, 0.9), 20.0, 52.0, 60.0), end_s=100.0)
    assert bool(seg.walking) is expect_walk and bool(seg.sets) is not expect_walk


@pytest.mark.parametrize(
    "share,expect_walk", [(G.WALK_IMPACT_SHARE * 1.05, True), (G.WALK_IMPACT_SHARE * 0.95, False)]
)
def test_walking_needs_heel_strikes(share, expect_walk):
    """Where the rate cannot show a heel strike's ring in 13-18 Hz, their share of the movement power."""
    mov = 0.5  # 3-7 Hz RMS = sqrt(share) * 0.5 < WALK_MIN_IMPACT_MPS2: only the share can show the strikes
    seg = S.segment_sets(_bout(mov, share * mov**2, 1.9, high=np.nan), end_s=100.0)
    assert bool(seg.walking) is expect_walk


@pytest.mark.parametrize(
    "cadence,expect_walk",
    [
        (G.WALK_HZ[0] + 0.05, True),
        (G.WALK_HZ[0] - 0.05, False),
        (G.WALK_HZ[1] - 0.05, True),
        (G.WALK_HZ[1] + 0.05, False),
    ],
)
def test_walking_cadence_range(cadence, expect_walk):
    seg = S.segment_sets(_bout(3.0, 0.3**2, cadence), end_s=100.0)
    assert bool(seg.walking) is expect_walk


@pytest.mark.parametrize(
    "comb,expect_walk", [(10 ** (G.WALK_MIN_COMB * 1.1), True), (10 ** (G.WALK_MIN_COMB * 0.9), False)]
)
def test_walking_needs_impacts_at_a_step_rate(comb, expect_walk):
    """Heel strikes at 2 steps/s: a comb of lines at 4, 6, 8 Hz. Without it (a 0.75 Hz stroke read as an
    arm swing, with a catch each stroke and 3-7 Hz power as a footstep's) the bout is a set."""
    seg = S.segment_sets(_bout(3.0, 0.3**2, 0.75, comb=comb), end_s=100.0)
    assert bool(seg.walking) is expect_walk and bool(seg.sets) is not expect_walk


def test_a_stroke_rate_comb_is_not_a_step_rate():
    """Lines at multiples of a 0.73 Hz stroke: twice the rate falls in the step range, but its midpoints
    are lines too; no step-rate comb, so not a walk."""
    assert G.step_comb(np.tile(_comb_psd(100.0, 0.73), (4, 1))) < G.WALK_MIN_COMB
    seg = S.segment_sets(_bout(3.0, 0.3**2, 0.73, comb=100.0, step_hz=0.73), end_s=100.0)
    assert not seg.walking and seg.sets


def test_a_tremor_line_is_not_a_comb():
    """A rep set at a gait cadence with a 6.5 Hz tremor: one strong line (one multiple of 1.625 Hz) is
    not heel strikes, which need STEP_MIN_LINES multiples."""
    floor = _comb_psd(1.0, 2.0)
    line = (floor * (1 + 1000 * np.exp(-0.5 * ((PSD_FREQS - 6.5) / 0.7) ** 2))).astype(np.float32)
    assert G.step_comb(np.tile(line, (4, 1))) < G.WALK_MIN_COMB
    assert G.step_comb(np.tile(_comb_psd(3.0, 1.6), (4, 1))) >= G.WALK_MIN_COMB


def test_step_comb_is_not_judged_where_the_rate_cannot_show_9_hz():
    psd = np.tile(_comb_psd(1.0, 2.0), (4, 1))
    psd[:, PSD_FREQS > 7.0] = np.nan
    assert G.step_comb(psd) == np.inf
    assert G.step_comb(psd[:0]) == np.inf


def _dipped(frames: Frames, a: float, b: float, every: int, dip: int, cadence: float) -> Frames:
    """``frames`` whose cadence reads ``cadence`` for ``dip`` frames in every ``every`` between ``a`` and ``b`` s."""
    cad = frames.peak_movement_hz.copy()
    idx = np.flatnonzero((frames.t_s >= a) & (frames.t_s <= b))
    for k in range(0, idx.size, every):
        cad[idx[k + every - dip : k + every]] = cadence
    return replace(frames, peak_movement_hz=cad)


@pytest.mark.parametrize("every,dip", [(8, 1), (8, 2), (8, 3), (10, 5)])
def test_a_walk_whose_cadence_strays_below_the_gait_range_stays_walking(every, dip):
    """An arm swing's peak wanders (0.5 Hz bins): frames read below WALK_HZ must not make a set.

    A 30 s walk (steps at 1.9 Hz, heel strikes 0.3 m/s^2 RMS in 3-7 Hz) whose cadence reads 0.6 Hz
    for ``dip`` frames in every ``every``: one-frame dips are joined over (:data:`JOIN_S`); longer
    ones cut it into pieces each too short to judge, which together are still walking
    (:data:`WALK_PIECES_SHARE`), never a set.
    """
    frames = _dipped(_bout(3.0, 0.3**2, 1.9), 20.0, 50.0, every, dip, G.WALK_HZ[0] - 0.1)
    seg = S.segment_sets(frames, end_s=100.0)
    assert not seg.sets, [(s.start_s, s.end_s) for s in seg.sets]
    assert sum(b - a for a, b in seg.walking) >= 25.0, seg.walking


@pytest.mark.parametrize("period,expect_walk", [(3, False), (2, True)])
def test_a_gait_cadence_in_one_frame_of_three_is_not_a_gait(period, expect_walk):
    """Rowing at 0.7 Hz reads 0.7-0.8 Hz in one frame in three and 0.5 Hz between: not a gait cadence.

    The same bout (footstep-like features) with the gait cadence in every other frame is a walk: the
    share of the stretch in gait bouts decides (:data:`WALK_PIECES_SHARE`), not any single frame.
    """
    frames = _bout(3.0, 0.3**2, 0.5)
    cad = frames.peak_movement_hz.copy()
    idx = np.flatnonzero((frames.t_s >= 20.0) & (frames.t_s <= 50.0))
    cad[idx[::period]] = 0.75
    if period == 2:
        cad[idx[1::2]] = 0.9
    seg = S.segment_sets(replace(frames, peak_movement_hz=cad), end_s=100.0)
    assert bool(seg.walking) is expect_walk and bool(seg.sets) is not expect_walk, (seg.walking, seg.sets)


def test_reps_after_walk_fragments_are_still_a_set():
    """The other side: gait-like pieces that are less than half of an active stretch leave it a set.

    4 s of footsteps (too short to judge) run straight into 20 s of reps at 0.4 Hz: a set.
    """
    walk = _frames(8, mov=3.0, low=0.3**2, cadence=1.9, comb=10.0)
    reps = _frames(40, mov=2.0, low=1e-4, cadence=0.4)
    rest = _frames(40, mov=0.01)
    out, t0 = [], 0.0
    for p in [rest, walk, reps, _frames(40, mov=0.01)]:
        out.append(replace(p, t_s=t0 + p.t_s))
        t0 = float(out[-1].t_s[-1])
    seg = S.segment_sets(Frames.concat(out), end_s=t0 + 1.0)
    assert len(seg.sets) == 1 and not seg.walking, (seg.sets, seg.walking)


@pytest.mark.parametrize(
    "mov,tremor_rms,leak",
    [
        (S.VIGOROUS_MPS2 * 1.02, S.LEAK_MPS2 * 1.02, True),
        (S.VIGOROUS_MPS2 * 0.98, S.LEAK_MPS2 * 1.02, False),
        (S.VIGOROUS_MPS2 * 1.02, S.LEAK_MPS2 * 0.98, False),
    ],
)
def test_movement_leak_thresholds(mov, tremor_rms, leak):
    # 40 % of the 3-12 Hz power in 3-7 Hz: a tremor peak in 6-12 Hz, so only the level rule applies
    out = S.movement_leak(np.array([mov]), np.array([0.4 * tremor_rms**2]), np.array([0.6 * tremor_rms**2]))
    assert bool(out[0]) is leak


@pytest.mark.parametrize(
    "mov,phys_rms,low_over_phys,leak",
    [
        (S.VIGOROUS_MPS2 * 1.02, S.LEAK_SLOPE_MPS2 * 1.02, 1.02, True),  # falling from the movement
        (S.VIGOROUS_MPS2 * 1.02, S.LEAK_SLOPE_MPS2 * 1.02, 0.98, False),  # a peak in 6-12 Hz: tremor
        (S.VIGOROUS_MPS2 * 1.02, S.LEAK_SLOPE_MPS2 * 0.98, 1.02, False),  # at a tremor's level
        (S.VIGOROUS_MPS2 * 0.98, S.LEAK_SLOPE_MPS2 * 1.02, 1.02, False),  # not vigorous
    ],
)
def test_movement_leak_falling_spectrum_thresholds(mov, phys_rms, low_over_phys, leak):
    """Slow strokes' harmonics under LEAK_MPS2: 6-12 Hz over LEAK_SLOPE_MPS2 and no less power in 3-7 Hz."""
    phys = phys_rms**2
    out = S.movement_leak(np.array([mov]), np.array([low_over_phys * phys]), np.array([phys]))
    assert bool(out[0]) is leak


def test_min_set_duration_threshold():
    long_enough = S.segment_sets(_bout(1.0, 1e-6, 0.4, seconds=S.MIN_SET_S + 2.0), end_s=100.0)
    too_short = S.segment_sets(_bout(1.0, 1e-6, 0.4, seconds=S.MIN_SET_S - 0.5), end_s=100.0)
    assert len(long_enough.sets) == 1 and not too_short.sets


def _drop(frames: Frames, a: float, b: float) -> Frames:
    return frames.select(~((frames.t_s > a) & (frames.t_s < b)))


@pytest.mark.parametrize(
    "gap_s,edges",
    [(0.5, (21.1, 60.0)), (S.MAX_BRIDGE_S, (21.0, 60.0)), (S.MAX_BRIDGE_S + 1.5, (21.0, 60.0))],
)
def test_an_edge_hidden_by_a_gap_is_never_placed_inside_it(gap_s, edges):
    """A bout (frames 21.5-61 s) whose last second and onset fall in data gaps: each hidden edge is put
    midway between the frames either side less (plus) the window's lead, but a hidden end no later than
    the gap's start (the last data that show the set) and a hidden onset no earlier than its end; both
    gaps are kept on the set (it may have ended or started inside them), bridged or not."""
    frames = _bout(1.0, 1e-6, 0.4, seconds=40.0)
    end_gap, start_gap = (60.0, 60.0 + gap_s), (21.0 - gap_s, 21.0)
    gapped = _drop(_drop(frames, end_gap[0] - 1.0, end_gap[1] + 1.0), start_gap[0] - 1.0, start_gap[1] + 1.0)
    seg = S.segment_sets(gapped, end_s=100.0, gaps=[start_gap, end_gap])
    assert len(seg.sets) == 1
    got = seg.sets[0]
    assert (got.start_s, got.end_s) == pytest.approx(edges)
    assert got.start_gap == start_gap and got.end_gap == end_gap and got.gaps == ()
    seen = S.segment_sets(frames, end_s=100.0).sets[0]  # the same bout, every edge seen
    assert seen.start_gap is None and seen.end_gap is None


@pytest.mark.parametrize(
    "gap_s,bridged",
    [
        (S.MAX_BRIDGE_S - 0.05, True),
        # a 2 s dropout is a gap of 2 s plus the sample spacing around it (here 50 Hz, jittered)
        (S.MAX_BRIDGE_S + 0.025, True),
        (S.MAX_BRIDGE_S + S.GAP_SPACING_S + 0.05, False),
    ],
)
def test_bridge_threshold(gap_s, bridged):
    frames = _bout(1.0, 1e-6, 0.4, seconds=40.0)
    g0 = 40.0  # inside the bout (20-60 s); the frames that would span the gap are missing
    gapped = _drop(frames, g0 - 1.0, g0 + gap_s + 1.0)
    seg = S.segment_sets(gapped, end_s=100.0, gaps=[(g0, g0 + gap_s)])
    assert len(seg.sets) == (1 if bridged else 2)
    if bridged:
        assert seg.sets[0].gaps == ((g0, g0 + gap_s),)
    # without the gap list (the old rule) a run never spans the break
    assert len(S.segment_sets(gapped, end_s=100.0).sets) == 2


@pytest.mark.parametrize("kind", ["swings", "ropes", "strokes", "jumps"])
@pytest.mark.parametrize("seed", [3, 4, FRESH_SEED])
def test_vigorous_rhythmic_sets_are_sets_with_tremor_not_assessable_under_movement(kind, seed):
    print(f"seed {seed}")
    sim = movement_session(kind, seed)
    result = analyze(sim.recording)
    assert not result.walking, f"{kind} filed as walking"
    assert len(result.sets) == len(sim.sets)
    for r, (a, b) in zip(result.sets, sim.sets):
        assert abs(r.span.start_s - a) < 1.5 and abs(r.span.end_s - b) < 1.5
        assert r.label not in ("calm", "fatigue_tremor", "mixed")
        assert r.metrics.not_assessable_reason == "movement" and r.metrics.rms_mps2 is None
        assert r.metrics.end_to_start_ratio is None
    assert any("not assessable under movement" in n for n in result.notes)


@pytest.mark.parametrize("seed", [3, 4, FRESH_SEED])
def test_walking_is_walking_not_a_set(seed):
    print(f"seed {seed}")
    sim = movement_session("walking", seed)
    result = analyze(sim.recording)
    assert not result.sets
    walked = sum(b - a for a, b in result.walking)
    assert walked >= 0.8 * sum(b - a for a, b in sim.walking)


@pytest.mark.parametrize("seed", [5, FRESH_SEED])
def test_short_gaps_inside_sets_keep_the_set_its_boundaries_and_label(seed):
    print(f"seed {seed}")
    rng = np.random.default_rng(seed)
    clean = movement_session("swings", seed)
    gaps = []
    for a, b in clean.sets:  # one gap of 0.05-2 s well inside each set
        glen = rng.uniform(0.05, 2.0)
        gaps.append((rng.uniform(a + 4, b - 4 - glen), glen))
    gapped = movement_session("swings", seed, gaps=tuple(gaps))
    want, got = analyze(clean.recording), analyze(gapped.recording)
    assert len(got.sets) == len(want.sets) == len(clean.sets)
    for g, w, (a, b) in zip(got.sets, want.sets, clean.sets):
        assert abs(g.span.start_s - a) < 1.0 and abs(g.span.end_s - b) < 1.0
        assert g.label == w.label and len(g.span.gaps) == 1
    assert any("spans 1 gap(s)" in n for n in got.notes)


def test_markers_outside_the_recording_are_refused():
    sim = movement_session("swings", 1, n_sets=1)
    end = float(sim.recording.time_s[-1])
    with pytest.raises(ParameterError, match=f"runs from 0 to {end:.2f} s"):
        analyze(sim.recording, markers=[SetMarker(10.0, end + 5.0)])


def test_cli_sets_outside_the_recording_exit_2(tmp_path):
    t = np.arange(0, 30, 0.01)
    path = tmp_path / "rec.csv"
    rows = np.column_stack([t, np.zeros_like(t), np.zeros_like(t), np.full_like(t, 9.81)])
    path.write_text("time_s,ax,ay,az\n" + "\n".join(",".join(f"{v:.4f}" for v in r) for r in rows) + "\n")
    proc = subprocess.run(
        [sys.executable, "-m", "tremor", "analyze", str(path), "--units", "m/s^2", "--sets", "10-45"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert proc.returncode == 2, proc.stderr
    assert "29.99 s" in proc.stderr and "Traceback" not in proc.stderr


def test_real_swimming_is_not_assessable_under_movement_and_makes_no_fatigue_claim(realdata):
    from tremor.io import read_recording

    for path in sorted(
        (realdata / "sensorlogger-applewatch-swimming").glob("*WatchAccelerometerUncalibrated.csv")
    ):
        result = analyze(read_recording(path))
        assert result.sets and not result.walking, path.name
        for r in result.sets:
            assert r.label not in ("calm", "fatigue_tremor", "mixed"), (path.name, r.label)
            assert r.metrics.not_assessable_reason == "movement" and r.metrics.rms_mps2 is None
            assert r.metrics.end_to_start_ratio is None and r.metrics.power_vs_rest is None
        assert any("not assessable under movement" in n for n in result.notes), path.name


def test_real_jumping_is_a_set_not_walking(realdata):
    from tremor.io import read_recording

    result = analyze(
        read_recording(realdata / "phyphox-elec292-walk-jump/ELEC292Final/Isabel_Jumping_RawData.csv")
    )
    assert not result.walking and len(result.sets) == 1
    assert result.sets[0].metrics.not_assessable_reason == "movement"


def _span(i: int, a: float, b: float, source: str = "auto") -> S.SetSpan:
    return S.SetSpan(i, a, b, b, "reps", source)


@pytest.mark.parametrize(
    "observed_s,joined",
    [(S.CUT_OBSERVED_S - 0.1, True), (S.CUT_OBSERVED_S + 0.1, False)],
)
def test_sets_cut_by_a_long_gap_are_one_stretch(observed_s, joined):
    """Parts of one activity cut by a 3 s gap: only the gap and the windows' reach lie between them."""
    gap = (30.0, 33.0)
    a = _span(1, 10.0, gap[0] - observed_s / 2)
    b = _span(2, gap[1] + observed_s / 2, 50.0)
    c = _span(3, 120.0, 150.0)
    got = S.cut_by_gaps([a, b, c], [gap])
    assert got == ([(10.0, 50.0), (10.0, 50.0), None] if joined else [None, None, None])


def test_sets_without_a_gap_between_or_from_markers_are_never_joined():
    assert S.cut_by_gaps([_span(1, 10.0, 30.0), _span(2, 32.0, 50.0)], []) == [None, None]
    marked = [_span(1, 10.0, 30.0, "markers"), _span(2, 33.5, 50.0, "markers")]
    assert S.cut_by_gaps(marked, [(31.0, 32.5)]) == [None, None]


def test_a_part_cut_short_by_a_gap_takes_the_fatigue_rise_of_the_whole_stretch():
    """6-12 Hz power rising 1 -> 3 over a 40 s set with 3 s missing at 18-21 s: the first part alone
    rises under FATIGUE_RISE_MIN and reads calm; measured over the whole stretch it is fatigue."""
    frames = _frames(81, mov=0.5)
    frames = replace(frames, t_s=frames.t_s - 1.0, power_phys=np.linspace(1.0, 3.0, 81).astype(np.float32))
    frames = _drop(frames, 16.9, 22.1)  # no frame within a half window of the 18-21 s gap
    first = _span(1, 0.0, 16.6)
    alone = C.set_metrics(first, frames, 0.4, np.zeros(0), assessable=True)
    whole = C.set_metrics(first, frames, 0.4, np.zeros(0), assessable=True, rise_span=(0.0, 40.0))
    assert C.label_set(alone) == "calm" and alone.end_to_start_ratio < C.FATIGUE_RISE_MIN
    assert C.label_set(whole) == "fatigue_tremor" and whole.end_to_start_ratio >= C.FATIGUE_RISE_MIN
    assert whole.rms_mps2 == alone.rms_mps2  # the part's own level stays its own
