"""Draw the timeline of a simulated session and its discrete events (pure, seeded).

Everything here is a scalar decision: set and rest lengths, which rest hosts walking or a
rest tremor episode, twitch, impact and posture-adjustment times and their shape parameters.
The continuous random processes are drawn later by :mod:`.engine`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from tremor.core._check import ASSESSABLE_FRACTION
from tremor.sim.waveforms import unit_vector

TWITCH_LABELS = frozenset({"fasciculations", "mixed"})
FATIGUE_LABELS = frozenset({"fatigue_tremor", "mixed"})

#: No twitch within this many seconds of a set boundary.
TWITCH_BOUNDARY_GAP_S = 3.0
#: Minimum interval between twitches.
TWITCH_MIN_GAP_S = 1.2
#: Minimum distance between an impact and any twitch.
IMPACT_TWITCH_GAP_S = 3.0
#: Window after a set that is kept for its twitches before a hosted walk or rest episode.
TWITCH_WINDOW_S = 40.0


@dataclass
class TwitchPlan:
    t_peak: float
    amp: float
    duration_s: float
    cycles: float
    direction: np.ndarray
    set_index: int
    in_set: bool


@dataclass
class ImpactPlan:
    t0: float
    peak: float
    duration_s: float
    ring_hz: float
    direction: np.ndarray


@dataclass
class PosturePlan:
    centre: float
    sigma: float
    amp: float
    direction: np.ndarray


@dataclass
class EventPlan:
    """A walking bout or a rest tremor episode."""

    start: float
    end: float


@dataclass
class SetPlan:
    index: int
    label: str
    kind: str
    start: float
    end: float
    rec_end: float
    t_up: float
    t_dn: float
    # physiological tremor
    level: float  # calm-like multiple of baseline RMS
    k0: float  # fatigue: level when the body starts
    k1: float  # fatigue: level when the body ends
    start_hz: float
    end_hz: float
    tau_rec_s: float
    # posture and motion
    rotation_rad: float
    move_m: float
    move_dir: np.ndarray
    rep_hz: float
    rep_amp: float
    rep_harm: tuple[float, float]
    rep_phases: np.ndarray
    wrist_rad: float
    sway_amp: float
    atyp_hz: float
    atyp_rms: float

    @property
    def body(self) -> tuple[float, float]:
        return self.start + self.t_up, self.end - self.t_dn

    @property
    def fatigue(self) -> bool:
        return self.label in FATIGUE_LABELS


@dataclass
class Plan:
    rest0_end: float
    duration: float
    base_rms: float
    base_hz: float
    sets: list[SetPlan]
    twitches: list[TwitchPlan] = field(default_factory=list)
    impacts: list[ImpactPlan] = field(default_factory=list)
    postures: list[PosturePlan] = field(default_factory=list)
    walking: EventPlan | None = None
    walk_host: int = -1
    walk_hz: float = 0.0
    walk_amp: float = 0.0
    heel_amp: float = 0.0
    heel_hz: float = 0.0
    heel_tau: float = 0.0
    episode: EventPlan | None = None
    episode_hz: float = 0.0
    episode_rms: float = 0.0

    def rests(self) -> list[tuple[float, float]]:
        """Rest intervals: the initial rest, then each set's recovery."""
        out = [(0.0, self.rest0_end)]
        out += [(s.end, s.rec_end) for s in self.sets]
        return out

    def blocked(self, margin: float) -> list[tuple[float, float]]:
        """Walking and rest-episode intervals widened by ``margin``."""
        return [(e.start - margin, e.end + margin) for e in (self.walking, self.episode) if e is not None]


def _pick_host(rng: np.random.Generator, n: int, avoid: set[int], taken: set[int]) -> int:
    """Choose a recovery to host a walk or an episode, preferring quiet, unused ones."""
    for pool in (
        [i for i in range(n) if i not in avoid and i not in taken],
        [i for i in range(n) if i not in taken],
        list(range(n)),
    ):
        if pool:
            return int(rng.choice(pool))
    raise AssertionError("no sets")  # pragma: no cover - n >= 1 is checked by the caller


def _free(t: float, blocked: list[tuple[float, float]]) -> bool:
    return all(not (a <= t <= b) for a, b in blocked)


def _place_twitch_times(
    rng: np.random.Generator,
    lo: float,
    hi: float,
    n: int,
    blocked: list[tuple[float, float]],
    tau_s: float | None,
) -> list[float]:
    """Up to ``n`` times in [lo, hi], >= TWITCH_MIN_GAP_S apart, outside ``blocked``.

    With ``tau_s`` the times follow a decaying (truncated exponential) rate from ``lo``.
    """
    out: list[float] = []
    if hi <= lo:
        return out
    span = hi - lo
    for _ in range(400 * max(n, 1)):
        if len(out) >= n:
            break
        u = rng.uniform()
        if tau_s is None:
            t = lo + u * span
        else:
            t = lo - tau_s * np.log1p(-u * (1.0 - np.exp(-span / tau_s)))
        if _free(t, blocked) and all(abs(t - x) >= TWITCH_MIN_GAP_S for x in out):
            out.append(float(t))
    return sorted(out)


def _twitch(rng: np.random.Generator, t: float, fs: float, set_index: int, in_set: bool) -> TwitchPlan:
    cycles = float(rng.uniform(1.0, 1.5))
    # keep the burst's carrier below 0.4 fs so it is representable at the sampling rate
    lo_ms = max(40.0, 1000.0 * cycles / (ASSESSABLE_FRACTION * fs))
    dur_ms = float(np.exp(rng.uniform(np.log(lo_ms), np.log(max(250.0, lo_ms)))))
    amp = float(np.exp(rng.uniform(np.log(0.12), np.log(0.5))))
    return TwitchPlan(t, amp, dur_ms / 1000.0, cycles, unit_vector(rng), set_index, in_set)


def plan_session(
    rng: np.random.Generator,
    *,
    labels: list[str],
    fs: float,
    walking: bool,
    n_impacts: int,
    episode_hz: float | None,
) -> Plan:
    """Draw the session timeline and its discrete events."""
    n = len(labels)
    kinds = [str(rng.choice(("reps", "hold"))) for _ in range(n)]
    rest0 = float(rng.uniform(40.0, 60.0))
    durs = rng.uniform(25.0, 50.0, n)
    rests = rng.uniform(45.0, 80.0, n)
    base_rms = float(rng.uniform(0.02, 0.04))
    base_hz = float(rng.uniform(9.0, 11.0))
    twitchy = {i for i in range(n) if labels[i] in TWITCH_LABELS}

    # hosts for the walk and the rest episode; lengthen a host rest if they would not fit
    hosted: dict[int, list[tuple[str, float]]] = {}
    walk_dur = ep_dur = 0.0
    if walking:
        walk_dur = float(rng.uniform(15.0, 25.0))
        hosted.setdefault(_pick_host(rng, n, twitchy, set()), []).append(("walking", walk_dur))
    if episode_hz is not None:
        ep_dur = float(rng.uniform(20.0, 40.0))
        hosted.setdefault(_pick_host(rng, n, twitchy, set(hosted)), []).append(("episode", ep_dur))
    leads = {i: (TWITCH_BOUNDARY_GAP_S + TWITCH_WINDOW_S + 3.0 if i in twitchy else 8.0) for i in hosted}
    for i, items in hosted.items():
        need = leads[i] + sum(d for _, d in items) + 3.0 * len(items) + 5.0
        rests[i] = max(rests[i], need)

    sets: list[SetPlan] = []
    cursor = rest0
    for i in range(n):
        start, end = cursor, cursor + float(durs[i])
        rec_end = end + float(rests[i])
        cursor = rec_end
        calm_start = base_hz + rng.uniform(-0.15, 0.15)
        calm_end = float(np.clip(calm_start + rng.uniform(-0.15, 0.15), base_hz - 0.3, base_hz + 0.3))
        fatigue = labels[i] in FATIGUE_LABELS
        atyp_bands = [(4.0, 6.0)] + ([(14.0, 17.0)] if ASSESSABLE_FRACTION * fs > 17.0 else [])
        band = atyp_bands[int(rng.integers(len(atyp_bands)))]
        sets.append(
            SetPlan(
                index=i,
                label=labels[i],
                kind=kinds[i],
                start=start,
                end=end,
                rec_end=rec_end,
                t_up=float(rng.uniform(0.8, 1.2)),
                t_dn=float(rng.uniform(0.8, 1.2)),
                level=1.0 if labels[i] == "atypical_tremor" else float(rng.uniform(1.0, 1.6)),
                k0=float(rng.uniform(1.3, 1.7)),
                k1=float(rng.uniform(5.0, 10.0)),
                start_hz=float(rng.uniform(10.0, 11.0)) if fatigue else float(calm_start),
                end_hz=float(rng.uniform(7.5, 8.5)) if fatigue else calm_end,
                tau_rec_s=float(rng.uniform(1.2, 1.8)),
                rotation_rad=float(np.deg2rad(rng.uniform(40.0, 120.0))),
                move_m=float(rng.uniform(0.1, 0.25)),
                move_dir=unit_vector(rng),
                rep_hz=float(rng.uniform(0.3, 0.7)),
                rep_amp=float(rng.uniform(2.0, 5.0)),
                rep_harm=(float(rng.uniform(0.15, 0.35)), float(rng.uniform(0.05, 0.15))),
                rep_phases=rng.uniform(0.0, 2 * np.pi, 4),
                wrist_rad=float(np.deg2rad(rng.uniform(10.0, 30.0))),
                sway_amp=float(rng.uniform(0.1, 0.25)),
                atyp_hz=float(rng.uniform(*band)),
                atyp_rms=float(rng.uniform(0.15, 0.4)),
            )
        )
    plan = Plan(rest0_end=rest0, duration=cursor, base_rms=base_rms, base_hz=base_hz, sets=sets)

    # place the hosted walk / episode one after the other, after the host's twitch window
    for i, items in hosted.items():
        s = sets[i]
        lo = s.end + leads[i]
        free = s.rec_end - 3.0 - lo - sum(d for _, d in items) - 3.0 * (len(items) - 1)
        slack = np.sort(rng.uniform(0.0, max(free, 0.0), len(items)))
        pos = lo
        prev = 0.0
        for (what, dur), sl in zip(items, slack):
            pos += float(sl - prev)
            prev = float(sl)
            ev = EventPlan(pos, pos + dur)
            if what == "walking":
                plan.walking, plan.walk_host = ev, i
            else:
                plan.episode = ev
            pos += dur + 3.0
    if walking:
        plan.walk_hz = float(rng.uniform(1.7, 2.1))
        plan.walk_amp = float(rng.uniform(1.5, 2.5))
        plan.heel_amp = float(rng.uniform(1.0, 2.5))
        plan.heel_hz = float(min(rng.uniform(8.0, 15.0), ASSESSABLE_FRACTION * fs))
        plan.heel_tau = float(rng.uniform(0.02, 0.04))
    if episode_hz is not None:
        plan.episode_hz = float(episode_hz)
        plan.episode_rms = float(rng.uniform(0.1, 0.3))

    # twitches: in the recovery of fasciculation / mixed sets, a few inside fasciculation holds
    blocked_tw = plan.blocked(3.0)
    for s in sets:
        if s.label not in TWITCH_LABELS:
            continue
        if s.label == "fasciculations" and s.kind == "hold":
            k = int(rng.integers(0, 3))
            lo, hi = s.start + TWITCH_BOUNDARY_GAP_S, s.end - TWITCH_BOUNDARY_GAP_S
            for t in _place_twitch_times(rng, lo, hi, k, blocked_tw, None):
                plan.twitches.append(_twitch(rng, t, fs, s.index, True))
        k = int(rng.integers(5, 13))
        lo, hi = s.end + TWITCH_BOUNDARY_GAP_S, s.rec_end - TWITCH_BOUNDARY_GAP_S
        for t in _place_twitch_times(rng, lo, hi, k, blocked_tw, float(rng.uniform(12.0, 25.0))):
            plan.twitches.append(_twitch(rng, t, fs, s.index, False))
    plan.twitches.sort(key=lambda tw: tw.t_peak)
    tw_times = np.array([tw.t_peak for tw in plan.twitches])

    # impacts anywhere in rests, clear of twitches, walks, episodes and each other
    rests_iv = [(a + 3.0, b - 3.0) for a, b in plan.rests() if b - a > 6.0]
    lengths = np.array([b - a for a, b in rests_iv])
    blocked_imp = plan.blocked(1.0)
    for _ in range(200 * max(n_impacts, 1)):
        if len(plan.impacts) >= n_impacts:
            break
        j = int(rng.choice(len(rests_iv), p=lengths / lengths.sum()))
        t = float(rng.uniform(*rests_iv[j]))
        if tw_times.size and np.min(np.abs(tw_times - t)) < IMPACT_TWITCH_GAP_S:
            continue
        if not _free(t, blocked_imp) or any(abs(t - im.t0) < 2.0 for im in plan.impacts):
            continue
        plan.impacts.append(
            ImpactPlan(
                t0=t,
                peak=float(rng.uniform(5.0, 30.0)),
                duration_s=float(rng.uniform(0.010, 0.040)),
                ring_hz=float(min(rng.uniform(20.0, 40.0), 0.45 * fs)),
                direction=unit_vector(rng),
            )
        )
    if len(plan.impacts) < n_impacts:  # pragma: no cover - rests are far longer than needed
        raise AssertionError("could not place the requested impacts")
    plan.impacts.sort(key=lambda im: im.t0)
    imp_times = np.array([im.t0 for im in plan.impacts])

    # posture adjustments: 1-3 per rest, clear of everything else
    for a, b in plan.rests():
        for _ in range(int(rng.integers(1, 4))):
            dur = float(rng.uniform(0.8, 2.0))
            amp = float(rng.uniform(0.2, 0.8))
            direction = unit_vector(rng)
            for _try in range(50):
                lo, hi = a + 2.0 + dur / 2, b - 2.0 - dur / 2
                if hi <= lo:
                    break
                c = float(rng.uniform(lo, hi))
                s0, s1 = c - dur / 2, c + dur / 2
                if tw_times.size and np.any((tw_times > s0 - 1.5) & (tw_times < s1 + 1.5)):
                    continue
                if imp_times.size and np.any((imp_times > s0 - 1.0) & (imp_times < s1 + 1.0)):
                    continue
                if any(s1 > x0 and s0 < x1 for x0, x1 in plan.blocked(1.0)):
                    continue
                if any(abs(c - p.centre) < dur / 2 + 2.5 * p.sigma + 0.5 for p in plan.postures):
                    continue
                plan.postures.append(PosturePlan(c, dur / 5.0, amp, direction))
                break
    plan.postures.sort(key=lambda p: p.centre)
    return plan


__all__ = ["Plan", "SetPlan", "TwitchPlan", "ImpactPlan", "PosturePlan", "EventPlan", "plan_session"]
