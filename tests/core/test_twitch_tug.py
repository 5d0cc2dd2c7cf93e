"""Tugs on a held or resting arm are no twitches (issue 9, h-tug, tremor.core.twitch_tug).

Physics: ``tests/tug_gen.py`` (the arm a mass-spring at 2-6 Hz, damping ratio 0.1-0.35, pulled by a force rising in
15-80 ms, 0.3-1.5 m/s^2 at the hand, the forearm tilted about the elbow by the pull; true twitches as
``tests/twitch_gen.py`` draws them between the tugs) and red team R7's dog on the lead. True twitches:
``tests/twitch_gen.py``, ``tests/muscle_spell_gen.py``, ``tests/spell_edge_gen.py``. Before -> after on fresh
seeds 50-54 at 100/200 Hz (and seeds 0-39 of tests/tug_gen.py: 266 -> 84, true twitches lost 1 of 623): tugs kept as twitches 33 -> 12, the dog's head jerks in the stops 53 -> 5; true
twitches lost 1 of 350 (tests/spell_edge_gen.py: a twitch 0.3-3 s before a movement, its speed the movement's).
"""

from __future__ import annotations

import os

import numpy as np
import pytest

from tests.redteam_run import TREMOR_LABELS, load, run
from tests.run_entropy import fresh_entropy
from tests.tug_gen import tug_session
from tests.twitch_gen import rest_signal
from tremor.core.events import TwitchDetector, detect_transients
from tremor.core.twitch_tug import LOBE_MIN_S, SPEED_MPS, tug_measures

FRESH_SEED = int(os.environ.get("TREMOR_TUG_SEED", fresh_entropy(__name__) % 2**31))


def _near(t: float, times: tuple[float, ...] | list[float], lo: float, hi: float) -> bool:
    return any(lo <= t - x <= hi for x in times)


def test_the_broadest_twitch_and_an_arm_ring_are_told() -> None:
    """The broadest true twitch (a Gaussian-derivative push and return, sigma 40 ms, 0.5 m/s^2) is under both
    bounds; the arm's ring at 3 Hz (0.5 m/s^2, damping ratio 0.2) is over both."""
    fs = 100.0
    t = np.arange(-150, 151) / fs
    sigma = 0.04
    pulse = -t / sigma * np.exp(-((t / sigma) ** 2) / 2) / np.exp(-0.5) * 0.5
    lobe, speed, _ = tug_measures(np.outer(pulse, [0.6, 0.0, 0.8]), 150, fs)
    assert lobe < LOBE_MIN_S and speed < SPEED_MPS
    w = 2 * np.pi * 3.0
    tt = np.clip(t, 0, None)
    ring = np.exp(-0.2 * w * tt) * np.sin(w * np.sqrt(1 - 0.04) * tt) * (t >= 0)
    lobe, speed, _ = tug_measures(np.outer(0.5 * ring / np.abs(ring).max(), [0.6, 0.0, 0.8]), 155, fs)
    assert lobe >= LOBE_MIN_S and speed >= SPEED_MPS


@pytest.mark.fresh_rate(
    param="seed",
    env="TREMOR_TUG_SEED",
    measured="more than two thirds left in 1 of 74 runs of four (seeds 0-39 at 100/200 Hz; 84 of 266 tugs left, 32 %), "
    "true twitches lost 1 of 623 (1 of 80 sessions)",
)
@pytest.mark.parametrize("seed", [51, pytest.param(FRESH_SEED, id="fresh")])
@pytest.mark.parametrize("fs", [100.0, 200.0])
def test_tugs_are_no_twitches_and_true_twitches_stay(seed: int, fs: float) -> None:
    """Four sessions (standing, the arm held out, and seated, the forearm resting), each tugged 6-10 times with
    true twitches between: at most two thirds of the tugs the detector finds as twitch candidates are left twitches (before
    h-tug all were), and every true twitch is kept."""
    print(f"seed {seed} (TREMOR_TUG_SEED)")
    n_tugs = left = 0
    for k in range(4):
        s = tug_session(fs, seed + k, seated=k % 2 == 1)
        found = [c for c in detect_transients(s.acc, fs=fs) if c.kind in ("twitch", "pulled")]
        tugs = [c for c in found if _near(c.t_s, s.tugs, -0.15, 0.4)]
        true = [c for c in found if _near(c.t_s, s.twitches, -0.15, 0.15)]
        n_tugs += len(tugs)
        left += sum(c.kind == "twitch" for c in tugs)
        print(k, len(tugs), [(round(c.t_s, 2), c.kind) for c in true if c.kind != "twitch"])
        assert all(c.kind == "twitch" for c in true)
    assert left <= 2 * n_tugs / 3


@pytest.mark.fresh_rate(
    param="seed",
    env="TREMOR_TUG_SEED",
    measured="2 of 40 sessions (seeds 2000-2039 at 100 Hz: 2 of 370 true twitches, in pairs and triplets 0.25-0.3 s "
    "apart)",
)
@pytest.mark.parametrize("seed", [2050, pytest.param(FRESH_SEED, id="fresh")])
def test_true_twitch_groups_are_not_pulled(seed: int) -> None:
    """tests/twitch_gen.py's still wrist with groups of twitches (0.1-0.5 m/s^2, pairs and triplets 0.25-0.5 s
    apart) at 100 Hz: none is taken for a tug."""
    print(f"seed {seed} (TREMOR_TUG_SEED)")
    fs = 100.0
    r = rest_signal(
        seed,
        fs=fs,
        seconds=90,
        groups=[(1, 0, 0.1), (2, 0.3, 0.2), (3, 0.25, 0.3), (1, 0, 0.5), (2, 0.5, 0.4), (1, 0, 0.15)],
    )
    found = detect_transients(r.acc, fs=fs)
    pulled = [
        round(c.t_s, 2)
        for c in found
        if c.kind == "pulled" and _near(c.t_s, [x.t_s for x in r.twitches], -0.15, 0.15)
    ]
    assert not pulled


def test_tugs_judged_alike_live_and_batch() -> None:
    """The tug stage reads windows of raw samples by index: the detector fed in random chunks gives batch's
    transients, kinds included."""
    fs = 100.0
    s = tug_session(fs, 53)
    batch = detect_transients(s.acc, fs=fs)
    assert any(c.kind == "pulled" for c in batch)
    rng = np.random.default_rng(FRESH_SEED)
    det = TwitchDetector(fs)
    live = []
    i = 0
    while i < s.acc.shape[0]:
        k = int(rng.integers(1, 700))
        live += det.update(s.acc[i : i + k])
        i += k
    live += det.update(np.zeros((0, 3)), final=True)
    assert [(c.t_s, c.kind) for c in live] == [(c.t_s, c.kind) for c in batch]


def test_a_dogs_head_jerks_make_no_fatigue() -> None:
    """Red team R7 ``dog_lead nopant``, seed 2 at 100 Hz: the first stop read ``fatigue_tremor`` with neuromuscular
    fatigue (the jerks' rings in the last third's tremor band read as a rise); its frames around a tug are now
    left out of the set's tremor measures, as a knock's are: no stop says a tremor (0 of 36 draws, seeds 1-12 at
    50/100/200 Hz, from 3)."""
    load("gen")
    load("gen_r6")
    res, _ = run(load("gen_r7"), "dog_lead", "nopant", 100.0, 2)
    said = [(round(s.span.start_s), s.label) for s in res.sets if s.label in TREMOR_LABELS]
    assert not said
