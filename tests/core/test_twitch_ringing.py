"""The twitch band-pass's ringing after a strong transient is not a twitch (issue 9).

The band-pass (3-40 Hz, linear phase) rings at its low edge for about half a period: a 0.25 m/s^2
beat leaves about 5 % of its envelope 0.16 s later. Over sensor noise alone (0.01 m/s^2 per axis)
that is as much as a noise excursion needs to cross the noise-model threshold. A candidate that
crosses the threshold only with a larger neighbour's predicted ringing is kind ``"ringing"``.

A fixed seed and a fresh one (printed; replay with ``TREMOR_RING_SEED=<seed>``).
"""

from __future__ import annotations

import os

import numpy as np
import pytest

import tremor.core.twitch_signal as twitch_signal
from tests.run_entropy import fresh_entropy
from tremor.core.events import TwitchDetector, detect_transients
from tremor.core.twitch_noise import ringing_profile
from tremor.core.twitch_signal import twitch_fir

FRESH_SEED = int(os.environ.get("TREMOR_RING_SEED", fresh_entropy(__name__) % 2**31))
SEEDS = [pytest.param(20261129, id="fixed"), pytest.param(FRESH_SEED, id="fresh")]


def _pulse(fs: float, sigma: float = 0.015) -> np.ndarray:
    """Biphasic Gaussian derivative of peak |a| = 1."""
    t = np.arange(-4 * sigma, 4 * sigma + 0.5 / fs, 1 / fs)
    w = -t / sigma * np.exp(-((t / sigma) ** 2) / 2)
    return w / np.abs(w).max()


def _beats(rng: np.random.Generator, fs: float = 100.0) -> tuple[np.ndarray, np.ndarray]:
    """18 s of white noise (0.01 m/s^2 per axis) with 0.3 m/s^2 beats at 8 + 0.4 i s (i = 0, 1, 3,
    4, 6, 7) along one axis, as ``test_train_rule._gapped_train(rng, 0.0)`` draws them; and the beats alone."""
    n = int(18 * fs)
    acc = np.tile([0.0, 0.0, 9.81], (n, 1)) + rng.normal(0, 0.01, (n, 3))
    axis = rng.normal(size=3)
    axis /= np.linalg.norm(axis)
    w = _pulse(fs)
    beats = np.zeros((n, 3))
    for i in (0, 1, 3, 4, 6, 7):
        i0 = round((8 + 0.4 * i) * fs) - w.size // 2
        beats[i0 : i0 + w.size] += 0.3 * w[:, None] * axis
    return acc + beats, beats


def test_ringing_profile_is_the_band_edge() -> None:
    """The profile is 1 at the peak, about 6 % 0.16 s away (the 3 Hz edge's half period) and under
    1 % from 0.3 s (pairs 0.3 s apart are not touched)."""
    for fs in (100.0, 200.0):
        r = ringing_profile(fs, twitch_fir(fs))
        assert r[0] == pytest.approx(1.0)
        assert 0.03 < r[round(0.16 * fs)] < 0.1
        assert np.all(r[round(0.3 * fs) :] < 0.01)


def test_a_beats_ringing_over_noise_is_not_a_twitch(monkeypatch: pytest.MonkeyPatch) -> None:
    """The case seen in the train-rule test: draw 28 of seed 20261128 gives a 0.03 m/s^2 candidate at
    9.34 s, 0.16 s after the beat at 9.18 s. With the beats taken out the noise alone gives no
    candidate there (the beat's ringing, 5 % of its envelope, lifted a noise excursion over the
    threshold): it is ``"ringing"``, every beat stays a beat (``"activity"``: six along one axis in 2.8 s,
    not ``"ringing"``), and live in random chunks gives the
    same transients as batch.

    The case was found with the whitener's fit keeping the blocks next to a left-out one; leaving
    them out (:data:`~tremor.core.twitch_signal.WHITEN_SKIP_NEIGHBOURS`) changes the whitened noise
    here, and that noise excursion no longer crosses (no candidate at 9.25-9.45 s; none ``"ringing"``
    in draws 1-120 of this seed either). The fit is set back for this case: the ringing rule judges the
    envelope it is given, whatever fit whitened it."""
    monkeypatch.setattr(twitch_signal, "WHITEN_SKIP_NEIGHBOURS", False)
    rng = np.random.default_rng(20261128)
    for _ in range(28):
        acc, beats = _beats(rng)
    found = detect_transients(acc, fs=100.0)
    near = [c for c in found if 9.25 < c.t_s < 9.45]
    assert [c.kind for c in near] == ["ringing"] and near[0].peak_mps2 < 0.05
    assert not [c for c in detect_transients(acc - beats, fs=100.0) if 9.25 < c.t_s < 9.45]
    # six beats along one axis within 2.8 s: not a train (two empty slots), activity (classify_activity)
    assert [c.kind for c in found if c.peak_mps2 > 0.1] == ["activity"] * 6
    det, live, i = TwitchDetector(100.0), [], 0
    chunks = np.random.default_rng(3)
    while i < acc.shape[0]:
        k = int(chunks.integers(1, 100))
        live += det.update(acc[i : i + k])
        i += k
    assert live + det.update(np.zeros((0, 3)), final=True) == found


@pytest.mark.parametrize("seed", SEEDS)
def test_small_twitch_after_a_strong_one_is_found(seed: int) -> None:
    """A 0.1 m/s^2 twitch 0.3 or 0.5 s after one of 0.4-0.5 m/s^2 over 0.01 m/s^2 noise is a twitch
    (the ringing guard leaves real pairs alone). The larger one is as large as one motor unit's twitch
    can be (twitch_finder.ARTEFACT_MPS2; it was 0.5-1 m/s^2 before that ceiling: 120 of 120 over 20
    seeds at 100 and 200 Hz); after a 1 m/s^2 impact the small one is ``"artefact"`` (test_twitch_impacts)."""
    print(f"ringing seed: {seed} (replay with TREMOR_RING_SEED={seed})")
    rng = np.random.default_rng(seed)
    for fs in (100.0, 200.0):
        n = int(16 * fs)
        acc = np.tile([0.0, 0.0, 9.81], (n, 1)) + rng.normal(0, 0.01, (n, 3))
        w = _pulse(fs)
        pairs = ((7.0, 0.5, 0.3), (10.0, 0.4, 0.3), (13.0, 0.5, 0.5))
        for t0, big, lag in pairs:
            v = rng.normal(size=3)
            v /= np.linalg.norm(v)
            for t, amp in ((t0, big), (t0 + lag, 0.1)):
                i0 = round(t * fs) - w.size // 2
                acc[i0 : i0 + w.size] += amp * w[:, None] * v
        found = detect_transients(acc, fs=fs)
        for t0, _, lag in pairs:
            assert [c.kind for c in found if abs(c.t_s - (t0 + lag)) < 0.05] == ["twitch"], (fs, t0)
