"""A loaded bar's whip through a bench press is a ring restarted at each turn, not tremor (issue 9).

Redteam FINDINGS round two B: a loaded Olympic bar whips at 7-10 Hz (the plates on the sleeves a
cantilever, damping ratio about 3 %) after each turn of each rep, 0.15-0.4 m/s^2 at the wrist; the bench sets
read ``enhanced_tremor`` at 29-84x rest and two of 21 ``fatigue_tremor``, though no tremor beyond rest was there.
The ring restarts at every turn (top and bottom of each rep) and decays freely between, so its 6-12 Hz envelope
is a function of the rep's phase (:mod:`tremor.core.rep_locked_ring`). It escaped the fold because the rate the
fold found is the turns' (the forearm tilts at the bottom of each rep: a 2x component of the movement, and the
fold weighs the movement's jerk), while the band the phase was read from (0.5-1.5x that rate) also held the rep
itself at 0.5x: a phase mixing the two wanders within each rep and smears the decay over the fold (shares
0.02-0.30 on the red team's files). Where the movement has a line at half the rate found, the phase is now read
from 0.7-1.3x the rate (``PHASE_BAND``, ``SUBHARMONIC_SHARE``).

Recordings are built here from the physics, not from the red team's generator: lying supine, the forearm raised
to vertical in 2 s before the set and lowered 2 s after it; the bar travelling 0.3-0.45 m as
``z = travel / 2 (1 + cos(phase))`` with the tempo wandering 6 % rep to rep; the forearm tilting 4-12 deg at the
bottom of each rep; a resting tremor (9.2 Hz, 2 Hz wide, 0.015 m/s^2) and sensor noise (0.008 m/s^2)
throughout. The whip is a linear oscillator (``f_hz``, damping ratio ``zeta``) kicked at each turn (timing
jitter 40 ms, size lognormal, sd 25 %), its impulse responses added, so a kick into a ring still going adds at
whatever phase the ring is in. A fatigue tremor is a narrow-band Gaussian line (1.5 Hz wide, wandering 0.5 Hz)
growing through the set, its amplitude modulated by the rep (at the rep's rate or the turns') by up to 60 %.

What the envelope can show depends on how far the ring decays between turns: ``D = pi f zeta / rep_hz`` (its
amplitude's decay, in nepers, over the half-rep between turns). Measured on fresh seeds (60 sets a range, rep
0.25-0.6 Hz, 6-12 Hz, zeta 1-6 %, 0.1-0.5 m/s^2, 100 and 200 Hz; any tremor label counted): D 2.5-6:
0/60 sets labelled tremor (2/60 before), D 1.5-2.5: 19/60 (22/60 before), D 0.5-1.5: 44/60 (46/60 before):
a whip that barely decays between turns has an envelope that hardly moves with the rep, and is still read as
tremor (a limit, in docs/accuracy.md). At the red team's rate (0.4 reps/s) and a 9-11 Hz, 3-5 % whip (D 2.1-4.3)
the phase mixing is what mattered: that case is asserted here.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.run_entropy import fresh_entropy
from tremor.core.analysis import analyze
from tremor.core.features import compute_frames
from tremor.core.recording import Recording, SourceInfo
from tremor.core.rep_locked_ring import LOCK_MIN_SHARE, SUB_BLOCKS, rep_lock_share, rep_locked

G = 9.80665
FRESH = int(fresh_entropy(__name__) % 2**31)
TREMOR_LABELS = ("fatigue_tremor", "enhanced_tremor", "atypical_tremor", "mixed")
#: Fixed seeds of the label-level whip cases (fresh seeds of the same cases fail a few in 40: their docstrings)
SEEDS = (1, 2, 3, 4)


def _line(
    rng: np.random.Generator, n: int, fs: float, centre_hz: float, width_hz: float, wander_hz: float
) -> np.ndarray:
    """Unit-RMS narrow-band Gaussian line ``width_hz`` wide on a carrier wandering ``wander_hz`` slowly."""
    f = np.fft.fftfreq(n, 1.0 / fs)
    env = np.fft.ifft(
        (rng.standard_normal(n) + 1j * rng.standard_normal(n)) * np.exp(-0.5 * (f / (width_hz / 2.355)) ** 2)
    )
    drift = np.fft.ifft(np.fft.fft(rng.standard_normal(n)) * (np.abs(f) < 0.05)).real
    drift *= wander_hz / (np.abs(drift).max() + 1e-12)
    x = (env * np.exp(2j * np.pi * np.cumsum(centre_hz + drift) / fs)).real
    return x / np.sqrt(np.mean(x**2))


def _bench(
    seed: int,
    fs: float,
    rep_hz: float,
    *,
    whip: tuple[float, float, float] | None = None,
    tremor: tuple[float, float, float, float, int] | None = None,
    reps: int = 8,
) -> tuple[Recording, tuple[float, float]]:
    """A bench press set of ``reps`` reps between 40 s of rest either side, and the set's (start, end) in s.

    ``whip``: (Hz, damping ratio, peak m/s^2 of a kick); ``tremor``: (centre Hz, RMS at the set's start and end
    in m/s^2, modulation by the rep 0-1, modulation cycles a rep: 1 or 2).
    """
    rng = np.random.default_rng(seed)
    a = 40.0
    b = a + 3.0 + reps / rep_hz + 3.0  # 1.5 s to unrack and 1.5 s to rerack, a second still either side
    n = int((b + 40.0) * fs)
    t = np.arange(n) / fs
    lie = np.clip(np.minimum(t - (a - 2.0), b + 2.0 - t) / 2.0, 0.0, 1.0)
    pitch = np.deg2rad(10.0) + np.deg2rad(78.0) * (0.5 - 0.5 * np.cos(np.pi * lie))
    lin = np.zeros((n, 3))
    m = (t >= a + 3.0) & (t < b - 3.0)
    tt = t[m] - a - 3.0
    knots = np.arange(0.0, tt[-1] + 2.0 / rep_hz, 1.0 / rep_hz)
    rate = rep_hz * (1.0 + 0.06 * np.interp(tt, knots, rng.standard_normal(knots.size)))
    ph = 2 * np.pi * np.cumsum(rate) / fs
    ph *= 2 * np.pi * reps / ph[-1]  # whole reps
    z = rng.uniform(0.3, 0.45) / 2 * (1 + np.cos(ph))
    zdd = np.gradient(np.gradient(z, 1.0 / fs), 1.0 / fs)
    pitch[m] += np.deg2rad(rng.uniform(4.0, 12.0)) * np.sin(ph) ** 2
    lin[m] += zdd[:, None] * np.column_stack([np.sin(pitch[m]), np.zeros(m.sum()), np.cos(pitch[m])])
    phase = np.zeros(n)
    phase[m] = ph
    if whip is not None:
        f_hz, zeta, peak = whip
        tau = 1.0 / (2 * np.pi * f_hz * zeta)
        k = np.arange(int(min(6 * tau, 8.0) * fs)) / fs
        kern = np.exp(-k / tau) * np.sin(2 * np.pi * f_hz * k)
        kern /= np.abs(kern).max()
        d = rng.normal(size=3)
        d[0] += 2.5  # mostly along the bar's travel
        d /= np.linalg.norm(d)
        idx = np.flatnonzero(m)
        turns = np.concatenate([[idx[0]], idx[np.flatnonzero(np.diff(np.floor(ph / np.pi)) > 0) + 1]])
        for i in turns:
            i = int(i + rng.normal(0, 0.04) * fs)
            size = peak * np.exp(rng.normal(0, 0.25))
            j = min(kern.size, n - i)
            lin[i : i + j] += np.outer(kern[:j] * size, d)
    if tremor is not None:
        centre, r0, r1, mod, cycles = tremor
        s = (t >= a + 1.0) & (t < b - 1.0)
        x = _line(rng, int(s.sum()), fs, centre, 1.5, 0.5) * np.linspace(r0, r1, int(s.sum()))
        x *= 1 + mod * np.cos(cycles * phase[s] + rng.uniform(0, 2 * np.pi)) * (phase[s] > 0)
        d = rng.normal(size=3)
        lin[s] += np.outer(x, d / np.linalg.norm(d))
    lin += np.outer(_line(rng, n, fs, 9.2, 2.0, 0.0) * 0.015, [0.3, 0.8, 0.5])
    acc = (
        G * np.column_stack([np.sin(pitch), np.zeros(n), np.cos(pitch)]) + lin + rng.normal(0, 0.008, (n, 3))
    )
    return Recording(t, acc, True, SourceInfo(path="bench.csv", format="generic_csv", units="m/s^2")), (a, b)


def _set(rec: Recording, span: tuple[float, float]):
    """The one set found over the bench press."""
    sets = [s for s in analyze(rec).sets if s.span.end_s > span[0] and s.span.start_s < span[1]]
    assert len(sets) == 1, [(s.span.start_s, s.span.end_s) for s in sets]
    return sets[0]


def _fold_arrays(seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Frame arrays of a bench set whose jerk is strongest at the turns, and a ring's envelope restarted at each.

    12 reps at 0.3-0.45 Hz (tempo wandering 6 %), the bar's travel 0.3-0.44 m and the forearm tilting 10-14 deg at
    the bottom (twice the rep's rate, which the fold's jerk spectrum then finds); the 6-12 Hz power restarted at
    each turn (kick sizes lognormal, sd 50 %) and decaying 2.5-5 nepers in amplitude by the next, over a floor
    and a 20 % scatter: as :func:`tremor.core.rep_locked_ring.rep_lock_share` takes them, 0.1 s sub-blocks.
    """
    rng = np.random.default_rng(seed)
    dt = 0.1
    rep = rng.uniform(0.3, 0.45)
    n = int(round(12 / rep / dt / SUB_BLOCKS)) * SUB_BLOCKS
    t = np.arange(n) * dt
    knots = np.arange(0.0, t[-1] + 3.0 / rep, 1.0 / rep)
    ph = 2 * np.pi * np.cumsum(rep * (1 + 0.06 * np.interp(t, knots, rng.standard_normal(knots.size)))) * dt
    w = 2 * np.pi * rep
    tilt = np.deg2rad(rng.uniform(10.0, 14.0))
    acc = np.zeros((n, 3))
    acc[:, 0] = G - rng.uniform(0.15, 0.22) * w * w * np.cos(ph)
    acc[:, 2] = G * np.sin(tilt * np.sin(ph) ** 2)
    acc += rng.normal(0, 0.02, acc.shape)
    decay = rng.uniform(2.5, 5.0)  # amplitude nepers a turn: power falls 2 decay in half a rep
    env = np.full(n, 1e-4)
    for i in np.concatenate([[0], np.flatnonzero(np.diff(np.floor(ph / np.pi)) > 0) + 1]):
        env[i:] += 0.05 * np.exp(rng.normal(0, 0.5)) * np.exp(-np.arange(n - i) * dt * 4 * decay * rep)
    env *= np.exp(rng.normal(0, 0.2, n))
    return env.reshape(-1, SUB_BLOCKS), acc.reshape(-1, SUB_BLOCKS, 3)


@pytest.mark.fresh_rate(
    measured="0 of 2000 folds in a loop (tenth session); one CI run found 4.5 cycles, under the rule's 5, in one of its 10"
)
def test_the_fold_reads_the_turns_phase_where_the_turns_are_the_rate_found() -> None:
    """Read from 0.5-1.5x the turns' rate, the phase took in the rep too: 49 of 400 such folds under 0.5.

    Now 0 of 800 (seeds 700000-700399 and 900000-900399; least 0.55; before: least -0.15). With 8 reps instead of
    12, 2 of 400 read 0.34-0.38 over about 5 reps: where the rate found is the rep's and its turns beat with it
    in 0.5-1.5x, the wrist is taken to cycle in too few sub-blocks, and the set is not judged (``rep_locked``).
    """
    fresh = int(
        np.random.SeedSequence().entropy % 2**31
    )  # drawn here: a rate test draws anew (tests/fresh_rate.py)
    print("fresh seed", fresh)
    for k in range(10):
        env, acc = _fold_arrays(fresh + k)
        share, reps = rep_lock_share(env, acc, 0.5 / SUB_BLOCKS)
        print(f"seed {fresh + k}: share {share}, {reps:.1f} cycles")
        assert share is not None and share >= LOCK_MIN_SHARE, share


@pytest.mark.parametrize("fs", [100.0, 200.0])
def test_a_whip_at_the_red_teams_rate_is_not_assessable_as_a_rattle(fs: float) -> None:
    """0.35-0.45 reps/s, 9-11 Hz, zeta 3-5 %, 0.15-0.4 m/s^2 (decaying 2.1-4.5 nepers a turn); fixed seeds.

    On 40 fresh seeds (30000-30039): 15 read as tremor before the phase band, 3 after (shares 0.41-0.47).
    """
    for seed in SEEDS:
        rng = np.random.default_rng(seed)
        rep, f_hz, zeta = rng.uniform(0.35, 0.45), rng.uniform(9.0, 11.0), rng.uniform(0.03, 0.05)
        peak = rng.uniform(0.15, 0.4)
        rec, span = _bench(seed, fs, rep, whip=(f_hz, zeta, peak))
        s = _set(rec, span)
        print(
            f"seed {seed}: whip {f_hz:.1f} Hz zeta {zeta:.3f} {peak:.2f} m/s^2, reps {rep:.2f} Hz: {s.label},"
            f" share {s.metrics.rep_lock_share}"
        )
        assert s.label == "not_assessable" and s.metrics.not_assessable_reason == "rattle", (
            s.label,
            s.metrics,
        )


@pytest.mark.parametrize("fs", [100.0, 200.0])
def test_a_whip_that_decays_between_turns_is_not_read_as_tremor(fs: float) -> None:
    """6-12 Hz, zeta 1-6 %, 0.1-0.5 m/s^2, 0.25-0.6 reps/s, decaying 2.5-6 nepers between turns; fixed seeds.

    On 40 fresh seeds (30000-30039): 10 read as tremor before, 5 after (shares 0.13-0.49, or not measured: sets
    whose movement near the rate found is taken to cycle in too few sub-blocks).
    """
    for seed in SEEDS:
        rng = np.random.default_rng(seed + 1)
        while True:
            rep, f_hz, decay = rng.uniform(0.25, 0.6), rng.uniform(6.0, 12.0), rng.uniform(2.5, 6.0)
            zeta = decay * rep / (np.pi * f_hz)
            if 0.01 <= zeta <= 0.06:
                break
        peak = rng.uniform(0.1, 0.5)
        rec, span = _bench(seed, fs, rep, whip=(f_hz, zeta, peak))
        s = _set(rec, span)
        print(
            f"seed {seed}: whip {f_hz:.1f} Hz zeta {zeta:.3f} {peak:.2f} m/s^2, reps {rep:.2f} Hz: {s.label},"
            f" share {s.metrics.rep_lock_share}"
        )
        assert s.label not in TREMOR_LABELS, (s.label, s.metrics)


@pytest.mark.parametrize("fs", [100.0, 200.0])
def test_a_fatigue_tremor_through_bench_reps_stays_fatigue_tremor(fs: float) -> None:
    """A 7.5-10.5 Hz tremor growing 0.015-0.03 -> 0.12-0.2 m/s^2, modulated 0-30 % by the rep or its turns.

    (Centres 7.5-10.5 Hz keep the 1.5 Hz wide line, wandering 0.5 Hz, inside 6-12 Hz. Drawn over 6.5-11.5 Hz,
    2 of about 90 fresh draws read ``atypical_tremor`` or ``mixed`` (one peaked at 6.45 Hz), their shares -0.25
    or not measured: the out-of-band rules', not the fold's.)

    Fresh seeds 31000-31059: 60 of 60 ``fatigue_tremor``, before and after the phase band. Modulated 30-60 %
    (fixed seeds, below): 32000-32059, 59 of 60 before and after (one modulated 55 % at the rep, share 0.63).
    Asserted here: the fold does not take the tremor for a ring, and the set keeps a tremor label; which of
    fatigue and enhanced is the rise rule's (tremor.core.set_labels): in about 1 of 90 fresh draws a growing
    tremor's thirds rose only 1.5x and it read ``enhanced_tremor`` (seed 1202463914, share -0.18; the same before);
    ``mixed`` is fatigue tremor with twitches (in 1 of about 90 draws, its share not measured: false twitches from
    a strong tremor's surges, redteam FINDINGS item 7, not the fold).
    """
    seed = FRESH + 13 + int(fs)
    print("fresh seed", seed)
    rng = np.random.default_rng(seed)
    for k in range(3):
        rep, centre, mod, cycles = (
            rng.uniform(0.25, 0.6),
            rng.uniform(7.5, 10.5),
            rng.uniform(0, 0.3),
            k % 2 + 1,
        )
        tremor = (centre, rng.uniform(0.015, 0.03), rng.uniform(0.12, 0.2), mod, cycles)
        rec, span = _bench(seed + k, fs, rep, tremor=tremor)
        s = _set(rec, span)
        print(
            f"tremor {centre:.1f} Hz modulated {mod:.0%} x{cycles}, reps {rep:.2f} Hz: {s.label},"
            f" share {s.metrics.rep_lock_share}"
        )
        assert s.metrics.not_assessable_reason != "rattle", (s.label, s.metrics)
        assert s.label in ("fatigue_tremor", "enhanced_tremor", "mixed"), (s.label, s.metrics)


def test_a_fatigue_tremor_the_rep_modulates_strongly_stays_fatigue_tremor() -> None:
    """Modulated 30-60 % by the rep or its turns; fixed seeds."""
    for seed in SEEDS:
        rng = np.random.default_rng(seed + 2)
        fs = (100.0, 200.0)[seed % 2]
        rep, centre, mod, cycles = (
            rng.uniform(0.25, 0.6),
            rng.uniform(6.5, 11.5),
            rng.uniform(0.3, 0.6),
            seed % 2 + 1,
        )
        tremor = (centre, rng.uniform(0.015, 0.03), rng.uniform(0.12, 0.2), mod, cycles)
        rec, span = _bench(seed, fs, rep, tremor=tremor)
        s = _set(rec, span)
        print(
            f"seed {seed}: tremor {centre:.1f} Hz modulated {mod:.0%} x{cycles}, reps {rep:.2f} Hz, {fs} Hz:"
            f" {s.label}, share {s.metrics.rep_lock_share}"
        )
        assert s.label == "fatigue_tremor", (s.label, s.metrics)


@pytest.mark.parametrize("mod", [0.0, 0.3])
def test_a_steady_tremor_through_bench_reps_is_not_locked(mod: float) -> None:
    """A steady 0.06-0.15 m/s^2 tremor modulated ``mod`` by the rep: its envelope is its own, not a fold's.

    Unmodulated: fresh seeds. Modulated 30 %: fixed seeds; over 200 fresh sets shares up to 0.36 (before the
    phase band too), but one fresh draw of this test (seed 783653134, third set: 7.3 Hz modulated at the turns)
    reached 0.54 (0.545 before): a tail, seen about once in 120 draws. Modulated 60 % (not asserted): 2 of 60
    sets reach :data:`LOCK_MIN_SHARE` (0.60, 0.61; 1 of 60 before, 0.60): a steady tremor the rep modulates that
    much can read as a rattle. A growing one keeps its tremor label (the tests above).
    """
    seed = FRESH + 19 if mod == 0.0 else 5
    print("fresh seed" if mod == 0.0 else "seed", seed)
    rng = np.random.default_rng(seed)
    for k in range(4):
        fs = (100.0, 200.0)[k % 2]
        rep, centre, level = rng.uniform(0.25, 0.6), rng.uniform(6.5, 11.5), rng.uniform(0.06, 0.15)
        rec, (a, b) = _bench(seed + k, fs, rep, tremor=(centre, level, level, mod, k // 2 + 1))
        f = compute_frames(rec.acc_mps2, fs=fs)
        sel = (f.t_s >= a) & (f.t_s <= b)
        locked, share = rep_locked(f.band_env[sel], f.sub_acc[sel], 0.5 / SUB_BLOCKS)
        print(
            f"tremor {centre:.1f} Hz {level:.2f} m/s^2 modulated {mod:.0%} x{k // 2 + 1}, reps {rep:.2f} Hz,"
            f" {fs} Hz: share {share}"
        )
        assert not locked, (centre, level, share)  # (None: too few reps folded, not judged)


def test_a_fatigue_tremor_under_a_bars_whip_keeps_its_tremor_label() -> None:
    """A loaded bar's whip (zeta 3 %, 7-10 Hz, 0.15-0.4 m/s^2 kicks at each turn of 8 reps at 0.4 Hz) and a real
    fatigue tremor growing 0.02 -> 0.15 m/s^2 at 9 Hz, unmodulated, through the same set (review of h-edges, rev12).

    The tremor is there and grows: the set keeps a tremor label. Seeds 6000-6015 at 100 Hz (this model):
    ``rattle`` in 3 of 16 at the base (8c2e297), 5 of 16 at h-edges (6006 and 6014 by the trimmed edges, 6010 by
    the phase band's cycling; 6012 no longer); the red team's ``bench --extras fatigue`` (last set, fresh seeds,
    100 Hz) 2 of 17 at the base, 7 of 17 at h-edges, 0 of 11 with h-edges' edges and the base's rep_locked_ring.
    Asserted on two of the seeds the base reads ``fatigue_tremor`` (shares 0.45, 0.46 -> 0.54, 0.64).
    """
    for seed in (6010, 6014):
        rng = np.random.default_rng(seed)
        whip = (rng.uniform(7.0, 10.0), 0.03, rng.uniform(0.15, 0.4))
        rec, span = _bench(seed, 100.0, 0.4, whip=whip, tremor=(9.0, 0.02, 0.15, 0.0, 1), reps=8)
        s = _set(rec, span)
        print(
            f"seed {seed}: whip {whip[0]:.1f} Hz {whip[2]:.2f} m/s^2: {s.label}, share {s.metrics.rep_lock_share}"
        )
        assert s.metrics.not_assessable_reason != "rattle", (seed, s.label, s.metrics.rep_lock_share)
        assert s.label in TREMOR_LABELS, (seed, s.label)
