"""A knock ringing at the twitch band's top is measured whole against the impact ceiling (issue 9).

The impact ceiling (:data:`tremor.core.events.ARTEFACT_MPS2`, 0.6 m/s^2) bounds what one motor unit's twitch can
move the wrist by. It was judged on the 3-40 Hz band-passed envelope (a 30 ms moving RMS), which holds all of a
twitch but only part of a knock on a table ringing at 30-45 Hz and decaying in a few ms: the red team's ``knocks``
at 200 Hz (seeds 133, 134) had knocks peaking at 1.7-2.2 m/s^2 above 3 Hz that read 0.50-0.59 m/s^2 band-passed,
counted as twitches. Now a candidate that would be a twitch is an impact where its peak rise above 3 Hz (up to the
Nyquist frequency) reaches :data:`tremor.core.twitch_finder.WIDE_ARTEFACT_MPS2`, 1.0 m/s^2: twice the simulators'
largest twitch (0.5 m/s^2 at its peak), four times the most one motor unit moves the hand (0.25 m/s^2). It was
1.5 m/s^2 (2.5 x the band-passed ceiling), which let knocks of 1.0-1.5 m/s^2 through at 100 Hz (red team seeds
9104 and 5512: a 1.35 and a 1.02 m/s^2 knock, read 0.56 and 0.44 band-passed).

This module's physics (its own signals): a still wrist (gravity, 0.01 m/s^2 white noise per axis); knocks are
damped rings at 36-45 Hz decaying in 6-15 ms, 1.15-2.5 m/s^2 at their peak, along a random axis; twitches are
damped rings at 10-30 Hz lasting 20-150 ms, 0.1-0.5 m/s^2 at their peak (the sizes one motor unit can give, with
room). Knocks must not be twitches (before the rule every draw counted one or more at 200 Hz: 10 of 10,
seeds 1000-1009; at 100 Hz the band-passed ceiling already holds these sizes); twitches must stay
twitches. 100 and 200 Hz (twitches are not assessed under 90 Hz). Fresh seed, printed
(``TREMOR_FRESH_SEED`` replays it).

The rule's limit: its measure is the peak less the background, with the sensor's noise on both, so a knock within
a tenth of a m/s^2 of the bound falls either side of it (with the 1.5 m/s^2 bound, knocks drawn from 1.6 m/s^2 had
one counted in 5 of 200 fresh draws at 200 Hz); the knocks here start at 1.15 m/s^2. A knock's ring is only partly
above 3 Hz's measure where it decays within a sample or two: a 1.02 m/s^2 knock at 100 Hz read 0.91 and stays a
twitch.
"""

from __future__ import annotations

import os

import numpy as np

from tests.core.ring_physics import add_pulse as _add
from tests.core.ring_physics import ring as _ring
from tests.core.ring_physics import still_wrist as _rest
from tests.core.ring_physics import unit_axis as _unit
from tremor.core.events import detect_transients

FS = (100.0, 200.0)


def test_knocks_ringing_at_the_band_top_are_impacts_and_twitches_stay_twitches() -> None:
    seed = int(os.environ.get("TREMOR_FRESH_SEED", np.random.SeedSequence().entropy % 2**31))
    print("seed", seed)
    rng = np.random.default_rng(seed)
    for fs in FS:
        acc = _rest(rng, fs, 64.0)
        knocks = [6.0, 12.0, 18.0, 24.0]
        twitches = [36.0, 42.0, 48.0, 54.0]
        for t in knocks:
            f0 = rng.uniform(36.0, min(45.0, 0.45 * fs))
            pulse = _ring(fs, f0, rng.uniform(0.006, 0.015), 0.08)
            _add(acc, fs, t, rng.uniform(1.15, 2.5) * pulse, _unit(rng))
        for t in twitches:
            pulse = _ring(fs, rng.uniform(10.0, 30.0), rng.uniform(0.02, 0.15) / 3, 0.15)
            _add(acc, fs, t, rng.uniform(0.1, 0.5) * pulse, _unit(rng))
        found = detect_transients(acc, fs=fs)
        near = [[c for c in found if abs(c.t_s - t - 0.03) < 0.1] for t in knocks + twitches]
        print(fs, [[(c.kind, round(c.peak_mps2, 3), round(c.rise_mps2 or 0, 3)) for c in n] for n in near])
        assert not any(c.kind == "twitch" for n in near[:4] for c in n), (seed, fs)
        assert [[c.kind for c in n][:1] for n in near[4:]] == [["twitch"]] * 4, (seed, fs)
