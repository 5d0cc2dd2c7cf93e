"""The sensor's code step (tremor.core.code_step) and the twitch limit it sets (h-quant, issue 9, red team R8 item 2).

Physics: a digital accelerometer reports whole codes (+-8 g in 10 bits is 0.153 m/s^2 a code, in 12 bits 0.0383, in 16
bits 0.0024; an export in g to 3 decimals is a lattice of 0.0098 m/s^2). Where the sensor's noise is below a step, a
still wrist's reading sits on one code and flickers to the next: a step of one code, which no muscle made.
"""

from __future__ import annotations

import numpy as np
import pytest

from tests.run_entropy import fresh_entropy
from tremor.core.code_step import TWITCH_CODES, CodeStep, code_steps
from tremor.core.events import TwitchDetector, detect_transients
from tremor.core.twitch_signal import REFERENCE_SIGMA_S

SEED = fresh_entropy(__name__) % 2**31
G = 9.80665


def _still(n: int, rng: np.random.Generator, noise: float = 0.008) -> np.ndarray:
    """A still wrist: gravity along a tilted axis, a faint 9 Hz tremor, white sensor noise (m/s^2)."""
    t = np.arange(n) / 100.0
    g = G * np.array([0.3, -0.2, 0.93]) / np.linalg.norm([0.3, -0.2, 0.93])
    trem = 0.01 * np.sin(2 * np.pi * 9.0 * t)[:, None] * np.array([1.0, 0.5, 0.2])
    return g + trem + rng.normal(0.0, noise, (n, 3))


@pytest.mark.parametrize("q", [16 * G / 1024, 16 * G / 4096, 4 * G / 65536, 0.001 * G])
def test_the_step_of_a_quantised_stream_is_its_code(q: float) -> None:
    """10-, 12- and 16-bit codes and 3 decimals of g: each axis's step is the code, whatever the offset."""
    rng = np.random.default_rng(SEED)
    x = _still(6000, rng, noise=max(0.008, q))  # noise of a code or more: every axis moves between codes
    acc = np.round(x / q) * q + np.array([0.0, 0.37 * q, 0.0])  # an offset (a calibration) keeps the lattice
    assert code_steps(acc) == pytest.approx((q, q, q), rel=1e-6)


def test_a_float_stream_has_no_step() -> None:
    """Values on no lattice (a float export, an interpolated stream): no step on any axis."""
    rng = np.random.default_rng(SEED + 1)
    assert code_steps(_still(3000, rng)) == (None, None, None)


def test_rare_strays_keep_the_step_and_many_drop_it() -> None:
    """A few values off the lattice (under 1 % of the changes) keep the step; an interpolated stretch drops it."""
    rng = np.random.default_rng(SEED + 2)
    q = 16 * G / 4096
    x = _still(6000, rng, noise=0.05)
    acc = np.round(x / q) * q
    few = acc.copy()
    few[[1000, 3000], 0] += np.array([0.3137, 0.5711]) * q  # one value each, off by a fraction of a code
    assert code_steps(few)[0] == pytest.approx(q, rel=1e-6)
    many = acc.copy()
    many[2000:2500] = x[2000:2500]  # a stretch as floats (resampled, or the codes scaled off the lattice)
    # no lattice over the stretch (or one too fine to floor anything); back on the codes after it, the step is found
    # again in a whole block of them (h-range: before, the axis stayed without one to the end)
    tracker = CodeStep()
    tracker.update(many)
    assert tracker._axes[0].step_at(2450) < q / 100
    assert tracker.steps[0] == pytest.approx(q, rel=1e-6)


def test_the_step_after_each_sample_does_not_depend_on_the_chunks() -> None:
    """Live and batch: the step after sample i is the same fed at once or in any chunks."""
    rng = np.random.default_rng(SEED + 3)
    q = 16 * G / 1024
    acc = np.round(_still(4000, rng, noise=0.05) / q) * q
    whole, parts = CodeStep(), CodeStep()
    whole.update(acc)
    for chunk in np.array_split(acc, rng.integers(5, 60)):
        parts.update(chunk)
    idx = np.sort(rng.integers(0, acc.shape[0], 50))
    assert [whole.step_at(i) for i in idx] == [parts.step_at(i) for i in idx]
    assert whole.steps == parts.steps


def test_an_axis_leaving_its_lattice_gives_the_same_steps_in_any_chunks() -> None:
    """A 12-bit axis whose values turn to floats after 1500 samples (a stream resampled from there): its step holds,
    then it has none, sample for sample the same fed at once or in chunks of 1-300 samples (h-rev53: the chunked
    update skips the axes already found on no lattice, and an axis fed only while it had no step failed nothing
    here before). The other axes never change (no step), so :meth:`CodeStep.step_at` is this axis's."""
    rng = np.random.default_rng(SEED + 5)
    q = 16 * G / 4096
    x = _still(4000, rng, noise=0.05)
    acc = np.zeros_like(x)
    acc[:, 1] = np.round(x[:, 1] / q) * q
    acc[1500:, 1] = x[1500:, 1]
    whole, parts = CodeStep(), CodeStep()
    whole.update(acc)
    i = 0
    while i < acc.shape[0]:
        k = int(rng.integers(1, 300))
        parts.update(acc[i : i + k])
        i += k
    steps = [whole.step_at(n) for n in range(acc.shape[0] + 1)]
    assert steps == [parts.step_at(n) for n in range(acc.shape[0] + 1)]
    assert steps[1400] == pytest.approx(q, rel=1e-6) and steps[-1] == 0.0
    assert whole.steps == parts.steps == (None, None, None)


def test_steps_at_gives_step_at_of_every_count() -> None:
    """The twitch finder reads all its blocks' steps at once (:meth:`CodeStep.steps_at`, h-batch): the same
    values as :meth:`CodeStep.step_at` one by one, over a stream whose axes have different steps that change
    (a coarse axis, a fine one leaving its lattice, a float one), past the samples fed and with equal steps."""
    rng = np.random.default_rng(SEED + 7)
    x = _still(5000, rng, noise=0.05)
    coarse, fine = 16 * G / 1024, 16 * G / 4096
    acc = x.copy()
    acc[:, 0] = np.round(x[:, 0] / coarse) * coarse
    acc[:, 1] = np.round(x[:, 1] / fine) * fine
    acc[2500:, 1] = x[2500:, 1]  # the fine axis turns to floats: its step drops to 0 there
    acc[3000:, 0] = np.round(x[3000:, 0] / fine) * fine  # the coarse axis's lattice turns finer
    cs = CodeStep()
    for chunk in np.array_split(acc, 7):
        cs.update(chunk)
    n = np.concatenate([np.arange(acc.shape[0] + 50), rng.integers(0, acc.shape[0], 200)])
    want = [cs.step_at(int(i)) for i in n]
    assert cs.steps_at(n).tolist() == want
    assert len(set(want)) >= 3  # the steps did change along the stream: the lookups were tested
    assert cs.steps_at(np.zeros(0, dtype=int)).size == 0


@pytest.mark.parametrize("fs", [100.0, 200.0])
def test_a_flickering_code_is_no_twitch_and_a_twitch_of_several_codes_is(fs: float) -> None:
    """A still wrist through a 10-bit +-8 g sensor (0.153 m/s^2 a code, noise 0.008 under it): no twitch in 60 s,
    and the limit is two codes; a biphasic twitch of three codes (0.46 m/s^2, the reference shape) is found; the same in chunks."""
    rng = np.random.default_rng(SEED + int(fs))
    q = 16 * G / 1024
    n = int(60 * fs)
    t = np.arange(n) / fs
    x = _still(n, rng)
    # gravity near a code's edge on x and y: the reading flickers there
    x[:, 0] += (np.round(x[:, 0].mean() / q) + 0.5) * q - x[:, 0].mean()
    x[:, 1] += (np.round(x[:, 1].mean() / q) + 0.45) * q - x[:, 1].mean()
    flicker = np.round(x / q) * q
    assert np.count_nonzero(np.diff(flicker[:, 0])) > 100  # it does flicker
    found = [c for c in detect_transients(flicker, fs=fs) if c.kind == "twitch"]
    assert not found
    det = TwitchDetector(fs)
    det.update(flicker, final=True)
    limits = [lim for _, lim in det._finder.limits if np.isfinite(lim)]
    assert min(limits) >= TWITCH_CODES * q * (1 - 1e-9)
    u = (t - 30.0) / REFERENCE_SIGMA_S  # the reference twitch's shape (a Gaussian derivative), peak 3 codes
    x[:, 2] += 3 * q * -u * np.exp(-(u**2) / 2) / np.exp(-0.5)
    coded = np.round(x / q) * q
    batch = [round(c.t_s, 2) for c in detect_transients(coded, fs=fs) if c.kind == "twitch"]
    assert batch and all(abs(b - 30.0) < 0.1 for b in batch)
    live = TwitchDetector(fs)
    got = []
    for chunk in np.array_split(coded, 37):
        got += live.update(chunk)
    got += live.update(np.zeros((0, 3)), final=True)
    assert [round(c.t_s, 2) for c in got if c.kind == "twitch"] == batch


@pytest.mark.parametrize("seed", [pytest.param(SEED, id="fresh"), pytest.param(237, id="fixed")])
def test_a_phones_calibrated_float32_stream_keeps_its_scaled_step(seed: int) -> None:
    """A phone's values in m/s^2: 12-bit codes times a per-axis gain (+-3 %) plus an offset, stored as float32 (a
    rounding of 1e-6 m/s^2 near 1 g, 3e-5 of a step): each axis's step is its scaled code (h-rev47). The fixed draw
    lost its z axis's step before the check allowed for the float32 rounding (25 of 300 draws did; a CI failure)."""
    rng = np.random.default_rng(seed + 5)
    q = 16 * G / 4096
    gain = 1.0 + 0.03 * rng.uniform(-1.0, 1.0, 3)
    codes = np.round(_still(6000, rng, noise=0.05) / q)
    acc = (codes * q * gain + rng.uniform(-0.3, 0.3, 3)).astype(np.float32)
    assert code_steps(acc) == pytest.approx(tuple(q * gain), rel=1e-4)


def test_a_gravity_removed_export_has_no_step() -> None:
    """A 'linear acceleration' export (a coarse sensor's codes minus a low-passed gravity): off the lattice, no step
    (the twitch floor then falls back to the noise rule, never to a wrong step) (h-rev47)."""
    rng = np.random.default_rng(SEED + 6)
    q = 16 * G / 1024
    raw = np.round(_still(6000, rng, noise=0.1) / q) * q
    gravity = (
        np.cumsum(raw, axis=0) / np.arange(1, 6001)[:, None]
    )  # a running mean: the simplest gravity estimate
    assert code_steps(raw - gravity) == (None, None, None)
