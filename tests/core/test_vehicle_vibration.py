"""A ride in a vehicle between holds is no tremor finding; true holds keep theirs (issue 9, red team R4-4).

Physics (:mod:`tests.core.vehicle_physics`, this test's own generator): hands on a steering wheel are held
up like a static hold, and the 6-12 Hz band fills with the car's shaking (an unbalanced wheel's line at its
rotation rate, 7 Hz at 50 km/h and 10 Hz at 70, and the road's broadband noise). What no wrist makes is the
road's broadband power well above the tremor bands (14-45 Hz), steady for minutes and with no event to
explain it; the seated body on a bus shakes at its 4-6 Hz resonance over the same broadband seat vibration.
The broadband rule's first level (:data:`tremor.core.external_vibration.EXT_MIN_MPS2`, 0.06 m/s^2 per 6 Hz)
missed such rides (0.03-0.06 m/s^2 per 6 Hz at the wheel): the drive was a ``fatigue_tremor`` hold set with a
"cold" trend, the bus a clinician note. The weaker level (:data:`EXT_WEAK_MPS2`, frames with no transient
candidate and no burst of power above 14 Hz, stretches of :data:`EXT_WEAK_MIN_S` or more) finds them; true fatigue holds with strong 6-12 Hz
tremor (its harmonic too) and a noisy sensor, and dense twitching, are not taken for it.
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from tests.core.arm_pendulum import span_overlap_s
from tests.core.vehicle_physics import band_noise, vehicle_session
from tests.run_entropy import fresh_entropy
from tremor.core.analysis import AnalysisResult, analyze
from tremor.core.external_vibration import EXT_WEAK_MIN_S, EXT_WEAK_MPS2, find_external_vibration
from tremor.core.features import compute_frames
from tremor.core.recording import Recording, SourceInfo

FRESH_SEED = int(fresh_entropy(__name__) % 100_000)
#: the drive test's fresh seed (replay with TREMOR_DRIVE_SEED=<seed>)
DRIVE_SEED = int(os.environ.get("TREMOR_DRIVE_SEED") or FRESH_SEED)
TREMOR_LABELS = ("fatigue_tremor", "enhanced_tremor", "atypical_tremor", "mixed", "fasciculations")
HOLDS = [("rest", 40.0), ("hold", 40.0), ("rest", 45.0), ("hold", 40.0), ("rest", 20.0)]
AFTER = [("rest", 60.0), ("hold", 40.0), ("rest", 20.0)]


def _holds_labelled(res: AnalysisResult, holds: list[tuple[float, float]]) -> list[str]:
    """The label of the set covering each true hold ("-" where none does)."""
    out = []
    for a, b in holds:
        hit = [s for s in res.sets if s.span.start_s < a + 5.0 and s.span.end_s > b - 5.0]
        out.append(hit[0].label if len(hit) == 1 and hit[0].span.end_s - hit[0].span.start_s < 60 else "-")
    return out


#: At 50 Hz the road's only sub-band under Nyquist (14-20 Hz) holds about a quarter of its 0.1-0.2 m/s^2: a road
#: under this level sits at the weak level (0.025 m/s^2, its frames' median 0.026 at 0.104) and is found in part.
#: Measured, seeds 2000-2059 at 50 Hz: covered 142-161 s of 200 in 59 (roads 0.104-0.2), 88 s in seed 2029 (road
#: 0.104; and 112 s at 0.106 in fresh seed 94013); no set over the drive had a tremor label or cause in any.
ROAD_LIMIT_50HZ_MPS2 = 0.11


@pytest.mark.fresh_rate(
    param="seed",
    env="TREMOR_DRIVE_SEED",
    measured="not measured as a rate: a CI draw (FRESH_SEED 32931 at 50 Hz, 2026-11-30) had external vibration cover "
    "114 of the drive's 200 s (under 0.6 of it; no tremor label or cause over it), on 32a792e too",
)
@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
@pytest.mark.parametrize("seed", [1, pytest.param(DRIVE_SEED, id="fresh")])
def test_a_drive_between_holds_is_no_tremor_set(fs, seed):
    """A 200 s drive (shimmy 0.05-0.15 m/s^2 and road 0.1-0.2 m/s^2 RMS at 70 km/h): no set over it carries a
    tremor label or a cause, external vibration covers the driving (at 50 Hz from ROAD_LIMIT_50HZ_MPS2), the holds
    stay fatigue_tremor."""
    _drive_between_holds(fs, seed)


@pytest.mark.xfail(
    strict=True,
    reason="a CI draw (seed 32931 at 50 Hz, on 32a792e too): external vibration covers 114 of the drive's 200 s "
    "(two stretches), under 0.6 of it; no set over the drive has a tremor label or cause",
)
def test_a_drive_at_50_hz_is_covered_at_seed_32931():
    _drive_between_holds(50.0, 32931)


def _drive_between_holds(fs: float, seed: int) -> None:
    print("seed", seed, "fs", fs)
    rng = np.random.default_rng(seed)
    rec, spans = vehicle_session(
        HOLDS + [("drive", 200.0)] + AFTER,
        seed=seed,
        fs=fs,
        shimmy_mps2=rng.uniform(0.05, 0.15),
        road_mps2=(road := rng.uniform(0.1, 0.2)),
    )
    res = analyze(rec)
    a, b = spans["drive"][0]
    over = [s for s in res.sets if min(s.span.end_s, b) - max(s.span.start_s, a) > 0.5 * (b - a)]
    assert all(s.label not in TREMOR_LABELS and not s.causes for s in over), [
        (s.label, s.causes) for s in over
    ]
    covered = sum(span_overlap_s((v.start_s, v.end_s), a, b) for v in res.external_vibration)
    if fs >= 90.0 or road >= ROAD_LIMIT_50HZ_MPS2:
        assert covered >= 0.6 * (b - a), res.external_vibration
    assert not any(v.end_s > b + 10.0 or v.start_s < a - 10.0 for v in res.external_vibration)
    assert _holds_labelled(res, spans["hold"]) == ["fatigue_tremor"] * 3
    assert not {c.id for c in res.session_causes} & {"cold", "see_a_clinician", "sleep_stress_stimulants"}


@pytest.mark.xfail(
    strict=True,
    reason="analyser defect (issue 9): a damaged road's shocks make its frames bursty (below 90 Hz) or transient "
    "candidates (from 90 Hz), so the weak level never counts them and the drive is a set",
)
@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
@pytest.mark.parametrize("seed", [5])
def test_a_drive_on_a_damaged_road_is_external_vibration(fs, seed):
    """The drive with a damaged road's shocks (0.5-1.2 a second at 70 km/h, peaks 0.5-1.5 m/s^2 ringing 12-22 Hz)
    over a road of 0.1-0.15 m/s^2 should be found as any drive. It is not (a review of h-weak50): at 50 Hz its frames
    are bursty (kurtosis over the guard's bound) and it becomes a hold set; from 90 Hz the shocks are the twitch
    detector's candidates and it is a `fasciculations` set (12 of 12 draws at 100 and at 200 Hz, on main too).
    Judging the steady floor under the bursts (their median power) found it, but took dense strong twitch trains at
    rest at 50 Hz (0.5-4 m/s^2 every 0.1-0.6 s: the high-pass's half-second response smears each ring over the gaps)
    for vibration, so it was not kept."""
    print("seed", seed, "fs", fs)
    rng = np.random.default_rng(seed)
    rec, spans = vehicle_session(
        HOLDS + [("drive", 200.0)] + AFTER,
        seed=seed,
        fs=fs,
        shimmy_mps2=rng.uniform(0.05, 0.15),
        road_mps2=rng.uniform(0.1, 0.15),
        shocks_per_s=rng.uniform(0.5, 1.2),
        shock_mps2=1.0,
    )
    res = analyze(rec)
    a, b = spans["drive"][0]
    assert not [s for s in res.sets if min(s.span.end_s, b) - max(s.span.start_s, a) > 0.5 * (b - a)], [
        (s.label, s.span.start_s, s.span.end_s) for s in res.sets
    ]
    covered = sum(span_overlap_s((v.start_s, v.end_s), a, b) for v in res.external_vibration)
    assert covered >= 0.6 * (b - a), res.external_vibration
    assert _holds_labelled(res, spans["hold"]) == ["fatigue_tremor"] * 3


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
@pytest.mark.parametrize("seed", [2, FRESH_SEED])
def test_a_bus_ride_is_no_rest_tremor(fs, seed):
    """Seated on a bus 200 s (seat vibration 0.08-0.2 m/s^2 RMS, the body's 4-6 Hz resonance twice that): no
    out-of-band tremor episode over the ride, no clinician or sleep cause; the holds stay fatigue_tremor."""
    print("seed", seed, "fs", fs)
    rng = np.random.default_rng(seed)
    rec, spans = vehicle_session(
        HOLDS + [("bus", 200.0)] + AFTER, seed=seed, fs=fs, road_mps2=rng.uniform(0.08, 0.2)
    )
    res = analyze(rec)
    a, b = spans["bus"][0]
    assert not [e for e in res.atypical_tremor if e.end_s > a and e.start_s < b], res.atypical_tremor
    assert not {c.id for c in res.session_causes} & {"see_a_clinician", "sleep_stress_stimulants"}
    assert not [s for s in res.sets if s.span.end_s > a + 10.0 and s.span.start_s < b - 10.0]
    assert _holds_labelled(res, spans["hold"]) == ["fatigue_tremor"] * 3


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
@pytest.mark.parametrize("seed", [3, FRESH_SEED])
def test_true_holds_with_strong_tremor_and_a_noisy_sensor_keep_their_label(fs, seed):
    """Three 40 s holds whose tremor grows to 0.1-0.5 m/s^2 RMS at 9 Hz (a 20 % harmonic), sensor noise
    100-300 ug/sqrt(Hz): fatigue_tremor each, no external vibration."""
    print("seed", seed, "fs", fs)
    rng = np.random.default_rng(seed)
    rec, spans = vehicle_session(
        HOLDS + [("hold", 40.0), ("rest", 30.0)],
        seed=seed,
        fs=fs,
        tremor_rms=rng.uniform(0.1, 0.5),
        noise_ug=rng.uniform(100.0, 300.0),
    )
    res = analyze(rec)
    assert res.external_vibration == ()
    assert _holds_labelled(res, spans["hold"]) == ["fatigue_tremor"] * 3


def _shaken(fs: float, level: float, seconds: float, events_every_s: float | None, seed: int) -> tuple:
    """find_external_vibration over 90 s of rest with ``level`` m/s^2 RMS per 6 Hz sub-band of 14 Hz-0.45 fs
    noise from 20 s for ``seconds``; transient candidates every ``events_every_s`` s there (None: none)."""
    rng = np.random.default_rng(seed)
    n = int(90.0 * fs)
    t = np.arange(n) / fs
    acc = rng.normal(0.0, 150e-6 * 9.81 * np.sqrt(fs / 2), (n, 3))
    acc[:, 2] += 9.81
    on = (t >= 20.0) & (t < 20.0 + seconds)
    width = 0.45 * fs - 14.0
    vib = band_noise(rng, n, fs, 14.0, 0.45 * fs) * level * np.sqrt(width / 6.0)
    acc += np.outer(vib * on, [0.6, -0.48, 0.64])
    fr = compute_frames(acc, fs=fs)
    events = np.arange(20.0, 20.0 + seconds, events_every_s) if events_every_s else np.zeros(0)
    tremor = np.fmax(np.fmax(fr.power_low, fr.power_phys), fr.power_high)
    return find_external_vibration(
        fr.t_s,
        fr.ext_power,
        fr.ext_band_hz,
        tremor,
        event_t_s=events,
        weak_power=fr.ext_weak_power,
        kurtosis=fr.ext_kurtosis,
    )


@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
def test_weak_broadband_near_the_thresholds(fs):
    """1.6 x the weaker level for 1.5 x the stretch is found (over most of it); 0.6 x it, or for 0.75 x the
    stretch, or with an event in every window, is not."""
    lvl, dur = EXT_WEAK_MPS2, EXT_WEAK_MIN_S
    found = _shaken(fs, 1.6 * lvl, 1.5 * dur, None, 7)
    assert len(found) == 1 and found[0].end_s - found[0].start_s > 1.3 * dur, found
    assert _shaken(fs, 0.6 * lvl, 1.5 * dur, None, 7) == ()
    assert _shaken(fs, 1.6 * lvl, 0.75 * dur, None, 7) == ()
    assert _shaken(fs, 1.6 * lvl, 1.5 * dur, 1.5, 7) == ()


@pytest.mark.parametrize(
    ("fs", "seed"),
    [
        *[(fs, seed) for seed in (4, FRESH_SEED) for fs in (50.0, 100.0, 200.0)],
        # CI's fresh draw that read strong twitches at 50 Hz as external vibration (54.0-81.5 s, 0.030 m/s^2 in
        # 14-20 Hz) before the weak level's impulsiveness guard (EXT_MAX_KURTOSIS)
        (50.0, 7644),
    ],
)
def test_dense_twitching_at_rest_is_not_external_vibration(fs, seed):
    """60 s of twitches (20-35 Hz rings, 12 ms decay) at rest on a quiet sensor (50 ug/sqrt(Hz)): 0.15-0.3 m/s^2
    every 0.3-0.45 s, or 0.5-1.0 m/s^2 every 0.8-1.5 s, is no external vibration (their low quantile above 14 Hz
    stays at or under 0.02 m/s^2, the strong ones' at 50 Hz up to 0.03; their power above 14 Hz comes in bursts,
    far over the weak level's kurtosis, and from 90 Hz the twitch detector's candidates fill their windows)."""
    print("seed", seed, "fs", fs)
    rng = np.random.default_rng(seed)
    n = int(120.0 * fs)
    t = np.arange(n) / fs
    for peak, gap in (((0.15, 0.3), (0.3, 0.45)), ((0.5, 1.0), (0.8, 1.5))):
        acc = rng.normal(0.0, 50e-6 * 9.81 * np.sqrt(fs / 2), (n, 3))
        acc[:, 2] += 9.81
        tk = 30.0
        while tk < 90.0:
            m = (t >= tk) & (t < tk + 0.06)
            ring = np.exp(-(t[m] - tk) / 0.012) * np.sin(2 * np.pi * rng.uniform(20.0, 35.0) * (t[m] - tk))
            acc[m] += np.outer(rng.uniform(*peak) * ring, rng.normal(0.0, 1.0, 3) / np.sqrt(3))
            tk += rng.uniform(*gap)
        rec = Recording(
            time_s=t,
            acc_mps2=acc,
            source=SourceInfo(path="<twitching>", format="simulated", units="m/s^2"),
            gravity_included=True,
        )
        assert analyze(rec).external_vibration == (), peak
