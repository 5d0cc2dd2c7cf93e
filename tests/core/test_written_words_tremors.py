"""True rest tremors that the writing rule (``tremor.core.written_words``) sets aside (review h-rev27, issue 9).

Written from the physics, not from the red team's generator nor the rule's own tests. Seated, the forearm still on
a table, a parkinsonian rest tremor for 60 s (30-90 s): a regular oscillator at 3.5-6.5 Hz (period wandering 4 %),
its size log-normal (sigma 0.7 in log, correlation 0.5-2 s), with 1 s on and off ramps, and either

- fasciculations on the still hand: derivative-of-Gaussian twitches (the project's reference shape,
  ``tests.conftest.add_twitch``) of sigma 35-40 ms, 0.15-0.5 m/s^2 peak, one every 2-6 s, in random directions; or
- brief dips of the tremor to 5 % of its size for 0.3-1 s (the patient distracted, or shifting), a Poisson process
  one every 3-4 s on average (0.1 s smooth edges).

Neither is writing. Both lose the rest tremor episode and its clinician cause on h-write2 (base 9c2fed5 keeps
them), and the note then says the rhythm was "interrupted by the hand's own movement".
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import lfilter

import tremor
from tests.stress import scenarios as S


def _ou(rng: np.random.Generator, n: int, fs: float, tau: float) -> np.ndarray:
    """A unit-variance Gaussian process of correlation time ``tau`` (s)."""
    a = np.exp(-1.0 / (tau * fs))
    w = rng.normal(size=n + int(5 * tau * fs)) * np.sqrt(1 - a * a)
    x = lfilter([1.0], [1.0, -a], w)[-n:]
    return np.asarray(x / np.std(x))


def rest_tremor(
    seed: int,
    fs: float,
    *,
    rms: float | None = None,
    dip_every: float | None = None,
    twitch_sigma: float | None = None,
) -> tuple[tremor.Recording, int]:
    """Seated 120 s, a rest tremor 30-90 s (see the module); returns the recording and its twitch count."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 120.0, rng, 0.01)
    t = b.t
    t0, t1 = 30.0, 90.0
    m = (t >= t0) & (t < t1)
    tt = t[m]
    hz = rng.uniform(3.5, 6.5)
    size = rng.uniform(0.05, 0.3) if rms is None else (rng.uniform(0.05, 0.3), rms)[1]
    tau = rng.uniform(0.5, 2.0)
    f = hz * (1 + 0.04 * _ou(rng, tt.size, fs, 0.5))
    am = np.exp(0.7 * _ou(rng, tt.size, fs, tau))
    if dip_every:
        x0 = tt[0] + rng.exponential(dip_every)
        while x0 < tt[-1]:
            d = rng.uniform(0.3, 1.0)
            u = np.clip(np.minimum((tt - x0) / 0.1, (x0 + d - tt) / 0.1), 0, 1)
            am *= 1 - 0.95 * (0.5 - 0.5 * np.cos(np.pi * u))
            x0 += d + rng.exponential(dip_every)
    am /= np.sqrt(np.mean(am**2))
    x = size * np.sqrt(2) * am * np.sin(2 * np.pi * np.cumsum(f) / fs + rng.uniform(0, 6.3))
    x *= np.clip(np.minimum(tt - t0, t1 - tt) / 1.0, 0, 1)
    b.lin[m] += np.outer(x, S._unit(rng))
    n_tw = 0
    if twitch_sigma:
        s = t0 + rng.uniform(1, 3)
        while s < t1 - 1:
            pk = rng.uniform(0.15, 0.5)
            z = (t - s) / twitch_sigma
            b.lin += np.outer(pk * (-z * np.exp(-(z**2) / 2) / np.exp(-0.5)), S._unit(rng))
            n_tw += 1
            s += rng.uniform(2.0, 6.0)
    return b.finish(description="rest tremor").recording, n_tw


def spring_twitch(fs: float, tc: float, w: float, zeta: float, length_s: float) -> np.ndarray:
    """One motor unit's twitch on a resting hand taken as a damped spring: the force ``(t / tc) exp(1 - t / tc)``
    (contraction time ``tc`` s) driving a spring of angular frequency ``w`` rad/s and damping ratio ``zeta``, the
    hand's acceleration over ``length_s`` s at ``fs`` (the hand comes back where it was), unscaled."""
    tt = np.arange(int(length_s * fs)) / fs
    x, v, a = 0.0, 0.0, np.zeros(tt.size)
    for i, f in enumerate((tt / tc) * np.exp(1 - tt / tc)):
        a[i] = f - 2 * zeta * w * v - w * w * x
        v += a[i] / fs
        x += v / fs
    return a


def _kept(res: tremor.AnalysisResult) -> bool:
    """The rest tremor's episode and clinician cause are reported, nothing set aside as broken."""
    eps = [e for e in res.atypical_tremor if e.end_s > 30 and e.start_s < 90]
    clinician = any(c.id == "see_a_clinician" for c in res.session_causes)
    return bool(eps) and clinician and not [e for e, why in res.set_aside_rhythms if why == "broken"]


@pytest.mark.parametrize("fs, seed, sigma", [(100.0, 1100, 0.035), (200.0, 2200, 0.035), (200.0, 1200, 0.04)])
def test_a_rest_tremor_with_fasciculations_keeps_its_episode_and_twitches(
    fs: float, seed: int, sigma: float
) -> None:
    """A 0.04 m/s^2 rest tremor with 14-18 reference twitches (sigma 35-40 ms) on the still hand.

    Base 9c2fed5: episode, clinician cause and the twitches listed (15-18 each) in all 3 pinned draws. h-write2: the
    twitches are marked pushes of the hand (>= 5, one every 8 s), the rhythm set aside as writing, the clinician cause
    and every twitch dropped; note "interrupted by the hand's own movement ... with N push(es) of the hand".
    Own sweep (seeds 1-4 or 1-6 x 100/200 Hz, rest tremor 0.04 m/s^2, twitches every 2-6 s): sigma 25 ms 0/12 set
    aside, 30 ms 1/8, 35 ms 11/12, 40 ms 8/8; rest tremor 0.08 m/s^2 1/8, 0.15 m/s^2 0/8; in a rest between two sets
    8/8 (twitches listed 170 -> 1); twitches every 4-10 s 4/8. 50 Hz: no twitch detection, none set aside.
    Was a strict xfail; passes since the lead took the push sign (tremor.core.hand_pushes) out at the merge, as this
    review advised.
    """
    res = tremor.analyze(rest_tremor(seed, fs, rms=0.04, twitch_sigma=sigma)[0])
    assert _kept(res)
    assert sum(1 for tw, _ in res.twitches if 30 <= tw.t_s <= 90) >= 10
    assert not [n for n in res.notes if "interrupted by the hand's own movement" in n]


@pytest.mark.parametrize("fs", [100.0, 200.0])
def test_a_rest_tremor_with_brief_reference_twitches_keeps_its_episode(fs: float) -> None:
    """The near side of the above: sigma 25 ms twitches on the same tremor keep episode, cause and twitches (both
    trees, seeds 1-6 x 100/200 Hz: 12/12)."""
    seed = 1000 + int(fs)
    rec, n_tw = rest_tremor(seed, fs, rms=0.04, twitch_sigma=0.025)
    res = tremor.analyze(rec)
    assert _kept(res)
    assert sum(1 for tw, _ in res.twitches if 30 <= tw.t_s <= 90) >= n_tw // 2


@pytest.mark.xfail(strict=True, reason="h-write2: a rest tremor's brief dips read as pen lifts")
@pytest.mark.parametrize("fs, seed, every", [(50.0, 4050, 3.0), (100.0, 3100, 3.0), (200.0, 2200, 3.0)])
def test_a_rest_tremor_with_brief_dips_keeps_its_episode(fs: float, seed: int, every: float) -> None:
    """A rest tremor dipping to 5 % for 0.3-1 s, one dip every 3 s on average (Poisson).

    Base 9c2fed5: episode and clinician cause in all 3 pinned draws. h-write2: set aside as writing (pen-lift share
    0.107-0.124 over the rule's 0.10). Own sweep (seeds 1-6 x 50/100/200 Hz): one dip every 3 s 4/18 lost, every 4 s
    2/18, every 5 s 0/18 (shares up to 0.098), every 8 or 15 s 0/18 (up to 0.074); smooth log-normal size (sigma
    0.5-1.0, 0.5-2 s) up to 0.050, none lost.
    """
    res = tremor.analyze(rest_tremor(seed, fs, dip_every=every)[0])
    assert _kept(res)
