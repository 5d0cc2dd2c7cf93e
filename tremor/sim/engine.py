"""Evaluate every component of a planned session at the sample times and measure the truth.

Slow random processes (frequency and amplitude wander, rep rhythm, walking cadence) live on a
fixed control grid (:data:`.waveforms.GRID_DT_S`) that does not depend on the sampling rate;
everything is then evaluated at the actual, possibly jittered, sample times.

Size (issue 8): about 500 lines and one job, the signal of a planned session (tremor, movement,
twitches, noise) on one set of sample times; its parts share the plan and the control grid.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from tremor.core.recording import STANDARD_GRAVITY
from tremor.sim.plan import Plan, SetPlan
from tremor.sim.truth import SessionTruth, TrueEpisode, TrueSet, TrueTwitch
from tremor.sim.waveforms import (
    GRID_DT_S,
    NarrowBand,
    gauss_derivative,
    hann_burst,
    hann_burst_peak,
    lowpass_noise,
    perpendicular,
    ramp,
    rotate,
    smoothstep_acc,
    unit_vector,
    window,
)

#: Relative amplitude of the independent per-axis part of physiological tremor.
AUX_REL = 0.25
#: Frequency wander (SD, Hz) and its correlation time (s) of physiological tremor: ~1 Hz wide.
PHYS_SIGMA_F, PHYS_TAU_F = 0.3, 0.5
#: Log-amplitude wander (SD) and its correlation time (s) of physiological tremor.
PHYS_SIGMA_ENV, PHYS_TAU_ENV = 0.25, 0.5
#: Required last-third / first-third RMS ratio of fatigue sets (with a small margin).
FATIGUE_RATIO = 2.5
FATIGUE_RATIO_TARGET = 2.6


@dataclass
class Generated:
    """Sample times, output and each additive component (all (n, 3) except ``time_s``)."""

    time_s: np.ndarray
    acc: np.ndarray
    components: dict[str, np.ndarray]
    truth: SessionTruth
    n_clipped_samples: int
    n_clipped_values: int


def sample_times(rng: np.random.Generator, duration: float, fs: float, jitter_s: float) -> np.ndarray:
    """Nominal times ``k / fs`` up to ``duration`` plus truncated Gaussian jitter.

    The jitter is cut at +-0.45 sample periods so the order of samples is kept, and the first
    sample stays at 0.
    """
    n = int(np.floor(duration * fs)) + 1
    t = np.arange(n, dtype=np.float64) / fs
    if jitter_s > 0:
        j = np.clip(rng.normal(0.0, jitter_s, n), -0.45 / fs, 0.45 / fs)
        j[0] = 0.0
        t = t + j
    return t


def _in(t: np.ndarray, a: float, b: float) -> np.ndarray:
    return (t >= a) & (t < b)


# ---------------------------------------------------------------------------------------------
# physiological tremor


def _level_and_freq(t: np.ndarray, plan: Plan, sets: list[SetPlan]) -> tuple[np.ndarray, np.ndarray]:
    """Multiple of baseline RMS and nominal centre frequency of physiological tremor at ``t``."""
    k = np.ones_like(t)
    f = np.full_like(t, plan.base_hz)
    fb = plan.base_hz
    for s in sets:
        b0, b1 = s.body
        m = _in(t, s.start, s.rec_end)
        if not m.any():
            continue
        tt = t[m]
        up = ramp(tt, s.start, b0)
        if s.fatigue:
            sb = np.clip((tt - b0) / (b1 - b0), 0.0, 1.0)
            decay = np.exp(-np.maximum(tt - b1, 0.0) / s.tau_rec_s)
            kk = np.where(
                tt < b0,
                1.0 + (s.k0 - 1.0) * up,
                np.where(tt < b1, s.k0 + (s.k1 - s.k0) * sb**3, 1.0 + (s.k1 - 1.0) * decay),
            )
            ff = np.where(
                tt < b0,
                fb + (s.start_hz - fb) * up,
                np.where(
                    tt < b1, s.start_hz + (s.end_hz - s.start_hz) * sb**1.5, fb + (s.end_hz - fb) * decay
                ),
            )
        else:
            sb = np.clip((tt - b0) / (b1 - b0), 0.0, 1.0)
            down = 1.0 - ramp(tt, b1, s.end)
            kk = 1.0 + (s.level - 1.0) * up * down
            ff = np.where(
                tt < b0,
                fb + (s.start_hz - fb) * up,
                np.where(tt < b1, s.start_hz + (s.end_hz - s.start_hz) * sb, fb + (s.end_hz - fb) * down),
            )
        k[m] = kk
        f[m] = ff
    return k, f


def _blend_dirs(
    t: np.ndarray, plan: Plan, rest_dirs: list[np.ndarray], set_dirs: list[np.ndarray]
) -> np.ndarray:
    """Direction mix of the main tremor oscillator: fixed per rest and per set, blended in transitions."""
    u = np.tile(rest_dirs[0], (t.shape[0], 1))
    for s in plan.sets:
        i = s.index
        b0, b1 = s.body
        m = _in(t, s.start, s.rec_end)
        tt = t[m]
        w_up = ramp(tt, s.start, b0)[:, None]
        w_dn = ramp(tt, b1, s.end)[:, None]
        v = np.where(
            (tt < b1)[:, None],
            (1 - w_up) * rest_dirs[i] + w_up * set_dirs[i],
            (1 - w_dn) * set_dirs[i] + w_dn * rest_dirs[i + 1],
        )
        u[m] = v / np.linalg.norm(v, axis=1, keepdims=True)
    return u


def _physiological(
    rng: np.random.Generator, t: np.ndarray, grid: np.ndarray, plan: Plan
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Return the tremor vector, its level, and per-sample power weights and frequencies.

    Weights ``p`` (n, 4) and frequencies ``f`` (n, 4) cover the main and three per-axis
    oscillators, so the power-weighted mean frequency over samples ``m`` is
    ``(p[m] * f[m]).sum() / p[m].sum()``.
    """
    n_sets = len(plan.sets)
    rest_dirs = [unit_vector(rng)]
    set_dirs = []
    for _ in range(n_sets):
        d = unit_vector(rng)
        set_dirs.append(d if d.dot(rest_dirs[-1]) >= 0 else -d)
        r = unit_vector(rng)
        rest_dirs.append(r if r.dot(set_dirs[-1]) >= 0 else -r)
    _, fc_grid = _level_and_freq(grid, plan, plan.sets)
    osc = [
        NarrowBand(
            rng,
            grid,
            fc_grid,
            sigma_f=PHYS_SIGMA_F,
            tau_f=PHYS_TAU_F,
            sigma_env=PHYS_SIGMA_ENV,
            tau_env=PHYS_TAU_ENV,
        )
        for _ in range(4)
    ]
    a_main = plan.base_rms * np.sqrt(2.0 / (1.0 + 3.0 * AUX_REL**2))
    amps = np.array([a_main] + [AUX_REL * a_main] * 3)
    u = _blend_dirs(t, plan, rest_dirs, set_dirs)
    n = t.shape[0]
    w = np.zeros((n, 3))
    p = np.empty((n, 4))
    f = np.empty((n, 4))
    for j, o in enumerate(osc):
        c, env, fi = o.at(t)
        a = amps[j] * env
        if j == 0:
            w += (a * c)[:, None] * u
        else:
            w[:, j - 1] += a * c
        p[:, j] = a * a
        f[:, j] = fi

    # fatigue sets: make sure the generated component meets the last/first third ratio
    w2 = (w * w).sum(axis=1)
    for s in plan.sets:
        if not s.fatigue:
            continue
        third = (s.end - s.start) / 3.0
        m1, m3 = _in(t, s.start, s.start + third), _in(t, s.end - third, s.end)
        for _ in range(60):
            k1, _ = _level_and_freq(t[m1], plan, [s])
            k3, _ = _level_and_freq(t[m3], plan, [s])
            ratio = np.sqrt(np.mean(k3**2 * w2[m3]) / np.mean(k1**2 * w2[m1]))
            if ratio >= FATIGUE_RATIO_TARGET:
                break
            if s.k1 < 10.0:
                s.k1 = min(10.0, s.k1 * 1.08)
            else:
                s.k0 = max(1.0, s.k0 * 0.95)
    level, _ = _level_and_freq(t, plan, plan.sets)
    return level[:, None] * w, level, p * (level**2)[:, None], f


def _oscillator(
    rng: np.random.Generator, t: np.ndarray, t0: float, t1: float, f_hz: float, rms: float, rise_s: float
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """A narrow-band out-of-band tremor in [t0, t1] along a random direction.

    Returns the index range mask, the component on those samples (m, 3), and power weights
    and frequencies on those samples.
    """
    grid = np.arange(t0 - 1.0, t1 + 1.0, GRID_DT_S)
    o = NarrowBand(rng, grid, np.full_like(grid, f_hz), sigma_f=0.12, tau_f=1.0, sigma_env=0.15, tau_env=1.0)
    direction = unit_vector(rng)
    m = _in(t, t0, t1)
    tt = t[m]
    c, env, fi = o.at(tt)
    a = rms * np.sqrt(2.0) * env * window(tt, t0, t1, rise_s)
    return m, (a * c)[:, None] * direction, np.stack([a * a, fi])


# ---------------------------------------------------------------------------------------------
# posture, gravity and gross motion


def _phase_on(
    rng: np.random.Generator, t0: float, t1: float, f_hz: float, rel_sd: float, tau_s: float
) -> tuple[np.ndarray, np.ndarray]:
    grid = np.arange(t0 - 0.5, t1 + 0.5, GRID_DT_S)
    fr = f_hz * (1.0 + rel_sd * lowpass_noise(rng, grid.shape[0], GRID_DT_S, tau_s))
    inc = 0.5 * (fr[1:] + fr[:-1]) * GRID_DT_S
    psi = rng.uniform(0, 2 * np.pi) + 2 * np.pi * np.concatenate(([0.0], np.cumsum(inc)))
    return grid, psi


def _slerp(a: np.ndarray, b: np.ndarray, w: np.ndarray) -> np.ndarray:
    axis = np.cross(a, b)
    s = np.linalg.norm(axis)
    if s < 1e-12:
        return np.tile(a, (w.shape[0], 1))
    ang = np.arctan2(s, a.dot(b))
    return rotate(a, axis / s, ang * w)


def _motion(
    rng: np.random.Generator, t: np.ndarray, plan: Plan, gravity: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[float]]:
    """Gravity, gross linear motion (transitions, reps, sway) and walking; also rotation angles."""
    n = t.shape[0]
    g0 = unit_vector(rng)
    rest_g = [g0] + [
        rotate(g0, perpendicular(rng, g0), np.deg2rad(rng.uniform(0.0, 10.0))) for _ in plan.sets
    ]
    gdir = np.tile(rest_g[0], (n, 1))
    lin = np.zeros((n, 3))
    walk = np.zeros((n, 3))
    rot_deg = []
    for s in plan.sets:
        i = s.index
        b0, b1 = s.body
        g_set = rotate(rest_g[i], perpendicular(rng, rest_g[i]), s.rotation_rad)
        rot_deg.append(float(np.degrees(np.arccos(np.clip(g_set.dot(rest_g[i]), -1, 1)))))
        m = _in(t, s.start, s.rec_end)
        tt = t[m]
        g = np.tile(g_set, (tt.shape[0], 1))
        mu = tt < b0
        g[mu] = _slerp(rest_g[i], g_set, ramp(tt[mu], s.start, b0))
        md = tt >= b1
        g[md] = _slerp(g_set, rest_g[i + 1], ramp(tt[md], b1, s.end))
        # moving into position and back down: smooth displacement of move_m metres
        acc_up = s.move_m / s.t_up**2 * smoothstep_acc((tt - s.start) / s.t_up)
        acc_dn = -s.move_m / s.t_dn**2 * smoothstep_acc((tt - b1) / s.t_dn)
        lin[m] += (acc_up + acc_dn)[:, None] * s.move_dir
        mb = (tt >= b0) & (tt < b1)
        tb = tt[mb]
        if s.kind == "reps":
            grid, psi = _phase_on(rng, b0, b1, s.rep_hz, 0.1, 1.0 / s.rep_hz)
            amp_wander = 1.0 + 0.08 * lowpass_noise(rng, grid.shape[0], GRID_DT_S, 2.0)
            ps = np.interp(tb, grid, psi)
            env = s.rep_amp * np.interp(tb, grid, amp_wander) * window(tb, b0, b1, 1.5)
            e1 = unit_vector(rng)
            e2 = perpendicular(rng, e1)
            h2, h3 = s.rep_harm
            ph = s.rep_phases
            main = np.cos(ps) + h2 * np.cos(2 * ps + ph[0]) + h3 * np.cos(3 * ps + ph[1])
            lin_b = env[:, None] * (main[:, None] * e1 + 0.3 * np.sin(ps + ph[2])[:, None] * e2)
            beta = s.wrist_rad * window(tb, b0, b1, 1.5) * np.sin(ps + ph[3])
            g[mb] = rotate(g_set, perpendicular(rng, g_set), beta)
        else:
            freqs = rng.uniform(0.1, 0.8, 3)
            weights = rng.uniform(0.2, 1.0, 3)
            weights *= s.sway_amp / weights.sum()
            dirs = [unit_vector(rng) for _ in range(3)]
            phases = rng.uniform(0, 2 * np.pi, 3)
            sway = sum(
                (weights[j] * np.sin(2 * np.pi * freqs[j] * tb + phases[j]))[:, None] * dirs[j]
                for j in range(3)
            )
            lin_b = np.asarray(sway) * window(tb, b0, b1, 1.0)[:, None]
        idx = np.flatnonzero(m)[mb]
        lin[idx] += lin_b
        gdir[m] = g

    if plan.walking is not None:
        w0, w1 = plan.walking.start, plan.walking.end
        g_host = rest_g[plan.walk_host + 1]
        grid, psi = _phase_on(rng, w0, w1, plan.walk_hz, 0.03, 2.0)
        m = _in(t, w0, w1)
        tt = t[m]
        ps = np.interp(tt, grid, psi)
        ww = window(tt, w0, w1, 1.0)
        e_fwd = perpendicular(rng, g_host)
        e_lat = np.cross(g_host, e_fwd)
        ph = rng.uniform(0, 2 * np.pi, 3)
        a = plan.walk_amp
        walk[m] = ww[:, None] * (
            (a * (np.cos(ps) + 0.25 * np.cos(2 * ps + ph[0])))[:, None] * g_host
            + (0.5 * a * np.sin(ps / 2 + ph[1]))[:, None] * e_fwd
            + (0.25 * a * np.cos(ps / 2 + ph[2]))[:, None] * e_lat
        )
        gdir[m] = rotate(g_host, e_lat, np.deg2rad(rng.uniform(10.0, 25.0)) * ww * np.sin(ps / 2))
        # heel strikes: a damped ring at each step (phase crossing a multiple of 2 pi)
        k = np.floor(psi / (2 * np.pi))
        cross = np.flatnonzero(np.diff(k) > 0)
        e_hs = g_host + 0.3 * unit_vector(rng)
        e_hs /= np.linalg.norm(e_hs)
        for c in cross:
            tk = float(grid[c] + (2 * np.pi * k[c + 1] - psi[c]) / (psi[c + 1] - psi[c]) * GRID_DT_S)
            if not (w0 < tk < w1):
                continue
            h = (
                plan.heel_amp
                * float(window(np.array([tk]), w0, w1, 1.0)[0])
                * (1.0 + 0.1 * rng.standard_normal())
            )
            lo, hi = np.searchsorted(t, [tk, tk + 8 * plan.heel_tau])
            dt = t[lo:hi] - tk
            walk[lo:hi] += (h * np.exp(-dt / plan.heel_tau) * np.sin(2 * np.pi * plan.heel_hz * dt))[
                :, None
            ] * e_hs

    grav = (
        gdir / np.linalg.norm(gdir, axis=1, keepdims=True) * STANDARD_GRAVITY if gravity else np.zeros((n, 3))
    )
    return grav, lin, walk, rot_deg


# ---------------------------------------------------------------------------------------------
# assembly


def generate(
    rngs: list[np.random.Generator],
    plan: Plan,
    *,
    fs: float,
    jitter_s: float,
    gravity: bool,
    range_mps2: float,
    quant_mps2: float,
) -> Generated:
    """Evaluate all components of ``plan`` and measure the truth."""
    r_time, r_trem, r_motion, r_osc, r_sensor = rngs
    t = sample_times(r_time, plan.duration, fs, jitter_s)
    n = t.shape[0]
    grid = np.arange(0.0, plan.duration + 1.0, GRID_DT_S)  # independent of the sample times

    phys, _level, p, f = _physiological(r_trem, t, grid, plan)

    atypical = np.zeros((n, 3))
    atyp_truth: dict[int, tuple[float, float]] = {}
    for s in plan.sets:
        if s.label != "atypical_tremor":
            continue
        b0, b1 = s.body
        m, comp, pf = _oscillator(r_osc, t, b0, b1, s.atyp_hz, s.atyp_rms, 2.0)
        atypical[m] += comp
        ms = _in(t, s.start, s.end)
        a = atypical[ms]
        atyp_truth[s.index] = (
            float((pf[0] * pf[1]).sum() / pf[0].sum()),
            float(np.sqrt(np.mean((a * a).sum(axis=1)))),
        )
    episodes: list[TrueEpisode] = []
    if plan.episode is not None:
        e0, e1 = plan.episode.start, plan.episode.end
        m, comp, pf = _oscillator(r_osc, t, e0, e1, plan.episode_hz, plan.episode_rms, 2.0)
        atypical[m] += comp
        episodes.append(
            TrueEpisode(
                e0,
                e1,
                float((pf[0] * pf[1]).sum() / pf[0].sum()),
                float(np.sqrt(np.mean((comp * comp).sum(axis=1)))),
            )
        )

    grav, lin, walk, rot_deg = _motion(r_motion, t, plan, gravity)

    twitches = np.zeros((n, 3))
    true_tw: list[TrueTwitch] = []
    for tw in plan.twitches:
        x_pk, y_pk = hann_burst_peak(tw.cycles)
        onset = tw.t_peak - x_pk * tw.duration_s
        lo, hi = np.searchsorted(t, [onset, onset + tw.duration_s])
        wave = tw.amp / y_pk * hann_burst((t[lo:hi] - onset) / tw.duration_s, tw.cycles)
        twitches[lo:hi] += wave[:, None] * tw.direction
        sampled = float(np.max(np.abs(wave))) if hi > lo else 0.0
        true_tw.append(
            TrueTwitch(tw.t_peak, tw.amp, 1000.0 * tw.duration_s, tw.set_index, sampled, tw.in_set)
        )

    impacts = np.zeros((n, 3))
    for im in plan.impacts:
        # a sharp unipolar shock (at least a sample period wide, so the sampled peak is close to
        # its true peak) and a decaying ring at ``ring_hz``
        sig = max(im.duration_s / 8.0, 1.0 / fs)
        tau = im.duration_s / 3.0
        lo, hi = np.searchsorted(t, [im.t0 - 5 * sig, im.t0 + 10 * tau + 5 * sig])
        dt = t[lo:hi] - im.t0
        shock = np.exp(-0.5 * (dt / sig) ** 2)
        ring = np.where(
            dt > 0, 0.5 * np.exp(-np.maximum(dt, 0.0) / tau) * np.sin(2 * np.pi * im.ring_hz * dt), 0.0
        )
        impacts[lo:hi] += (im.peak * (shock + ring))[:, None] * im.direction

    posture = np.zeros((n, 3))
    for po in plan.postures:
        lo, hi = np.searchsorted(t, [po.centre - 6 * po.sigma, po.centre + 6 * po.sigma])
        posture[lo:hi] += (po.amp * gauss_derivative(t[lo:hi], po.centre, po.sigma))[:, None] * po.direction

    noise_sd = r_sensor.uniform(0.006, 0.012, 3)
    noise = r_sensor.standard_normal((n, 3)) * noise_sd

    components = {
        "gravity": grav,
        "motion": lin,
        "physiological": phys,
        "atypical": atypical,
        "twitches": twitches,
        "impacts": impacts,
        "posture": posture,
        "walking": walk,
        "noise": noise,
    }
    acc = grav + lin + phys + atypical + twitches + impacts + posture + walk + noise
    over = np.abs(acc) > range_mps2
    acc = np.clip(acc, -range_mps2, range_mps2)
    if quant_mps2 > 0:
        acc = np.clip(np.round(acc / quant_mps2) * quant_mps2, -range_mps2, range_mps2)

    def rms(m: np.ndarray) -> float:
        return float(np.sqrt(np.mean((phys[m] * phys[m]).sum(axis=1)))) if m.any() else 0.0

    def mean_freq(m: np.ndarray) -> float:
        return float((p[m] * f[m]).sum() / p[m].sum())

    sets: list[TrueSet] = []
    for s in plan.sets:
        third = (s.end - s.start) / 3.0
        ms = _in(t, s.start, s.end)
        at = atyp_truth.get(s.index)
        sets.append(
            TrueSet(
                index=s.index,
                start_s=s.start,
                end_s=s.end,
                recovery_end_s=s.rec_end,
                label=s.label,
                kind=s.kind,
                tremor_peak_hz=mean_freq(ms),
                start_hz=s.start_hz,
                end_hz=s.end_hz,
                tremor_rms_first_third=rms(_in(t, s.start, s.start + third)),
                tremor_rms_last_third=rms(_in(t, s.end - third, s.end)),
                tremor_rms_mps2=rms(ms),
                rotation_deg=rot_deg[s.index],
                rep_rate_hz=s.rep_hz if s.kind == "reps" else None,
                atypical_hz=at[0] if at is not None else None,
                atypical_rms_mps2=at[1] if at is not None else None,
            )
        )
    m0 = _in(t, 0.0, plan.rest0_end)
    truth = SessionTruth(
        sets=tuple(sets),
        twitches=tuple(true_tw),
        atypical_episodes=tuple(episodes),
        walking=((plan.walking.start, plan.walking.end),) if plan.walking is not None else (),
        impacts=tuple(im.t0 for im in plan.impacts),
        rest_tremor_hz=mean_freq(m0),
        rest_tremor_rms_mps2=rms(m0),
        posture_adjustments=tuple(
            (po.centre - 2.5 * po.sigma, po.centre + 2.5 * po.sigma) for po in plan.postures
        ),
        duration_s=plan.duration,
        noise_rms_mps2=(float(noise_sd[0]), float(noise_sd[1]), float(noise_sd[2])),
    )
    return Generated(t, acc, components, truth, int(over.any(axis=1).sum()), int(over.sum()))
