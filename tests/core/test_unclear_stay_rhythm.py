"""A hold shaking in a rhythm beside the physiological band is a set, never an unclear stay (issue 9; review h-rev10).

:func:`tremor.core.posture_shift.stay_kind` says a still stay in a new pose "at the rest's tremor" may be a light hold
or a change of posture, and counts no set there, where the arm rests 10 deg or more from where it rested before it.
"The rest's tremor" is read in 6-12 Hz only. A hold with a sustained 4-6 Hz or 14-17 Hz tremor of 0.15-0.4 m/s^2 (the
simulator's ``atypical_tremor`` sets, :mod:`tremor.sim.session`; their 6-12 Hz part is the rest's) has the rest's
6-12 Hz power, so where the simulator's rest after it lies 10 deg or more from the one before (its rest poses lie 0-10
deg from the first), the set and its ``atypical_tremor`` label were lost: 6 of 38 such sets at each of 50, 100 and
200 Hz over 40 fresh simulator seeds (h-stay at fc64463; 0 on its base 95e8926), the note saying "about the rest's
6-12 Hz tremor: a light hold, or a change of posture", and the rhythm then reported as "out-of-band rhythmic tremor
at rest" though the arm was raised. No change of posture shakes the wrist at 0.15 m/s^2 in 3-7 or 13-18 Hz.
The sessions below are the simulator's (seeds of that sweep), not this rule's author's; the frame tables are built
here: a stay in a pose 40 deg from the rest at its 6-12 Hz power, a 3-7 or 13-18 Hz power some times the rest's, and
the arm resting 15 deg away after it (or the table ending in it).
"""

from __future__ import annotations

import numpy as np
import pytest

from tremor.core.analysis import analyze
from tremor.core.features import PSD_FREQS
from tremor.core.posture_shift import REST_LEVEL, stay_kind
from tremor.sim.session import simulate_session

#: (seed, rate, (start_s, end_s) of an ``atypical_tremor`` set h-stay left unclear at every rate)
CASES = [
    (195419306, 50.0, (207.9, 236.6)),
    (1915726468, 100.0, (333.4, 358.5)),
    (1357281772, 200.0, (244.7, 284.0)),
]


@pytest.mark.parametrize(("seed", "fs", "span"), CASES)
def test_a_hold_with_an_out_of_band_tremor_is_a_set_with_its_label(
    seed: int, fs: float, span: tuple[float, float]
) -> None:
    sim = simulate_session(seed=seed, fs_hz=fs)
    truth = [s for s in sim.truth.sets if abs(s.start_s - span[0]) < 0.2 and abs(s.end_s - span[1]) < 0.2]
    assert truth and truth[0].label == "atypical_tremor", sim.truth.sets
    r = analyze(sim.recording)
    found = [s for s in r.sets if min(s.span.end_s, span[1]) - max(s.span.start_s, span[0]) > 0]
    noted = [u for u in r.unclear_stays if min(u[1], span[1]) - max(u[0], span[0]) > 0]
    assert found and found[0].label == "atypical_tremor", (
        seed,
        fs,
        [(s.span, s.label) for s in r.sets],
        noted,
    )
    assert not noted, (seed, fs, noted)


def _pose(deg: float, axis: int) -> np.ndarray:
    v = np.array([0.0, 0.0, np.cos(np.deg2rad(deg))])
    v[axis] = np.sin(np.deg2rad(deg))
    return v


@pytest.mark.parametrize("hz", [5.0, 15.5])
@pytest.mark.parametrize("end_in_stay", [False, True])
@pytest.mark.parametrize(
    ("times", "spread"), [(400.0, False), (REST_LEVEL * 1.5, False), (REST_LEVEL * 0.7, False), (400.0, True)]
)
def test_a_stay_is_a_hold_where_a_line_beside_the_tremor_band_rises_over_the_rest(
    hz: float, end_in_stay: bool, times: float, spread: bool
) -> None:
    """A line at ``hz`` (3-7 or 13-18 Hz) ``times`` the rest's power in its band: over :data:`REST_LEVEL` a hold (400x:
    a 0.2 m/s^2 tremor over a 0.01 m/s^2 rest); under it, or the same rise spread over the band (taps), as without
    (``"unclear"``, or ``"open"`` where the table ends in it)."""
    rng = np.random.default_rng(5)
    n0, n1 = 120, 80
    n2 = 0 if end_in_stay else 120
    t = np.arange(n0 + n1 + n2) * 0.5
    o = np.empty((t.size, 3))
    o[:n0], o[n0 : n0 + n1], o[n0 + n1 :] = _pose(0.0, 0), _pose(40.0, 1), _pose(15.0, 0)
    phys = 1e-4 * (1 + 0.1 * rng.standard_normal(t.size))
    psd = 1e-5 * (1 + 0.1 * rng.standard_normal((t.size, PSD_FREQS.size)))
    lo, hi = (3.0, 7.0) if hz < 10 else (13.0, 18.0)
    f = np.asarray(PSD_FREQS)
    band = (f >= lo) & (f <= hi)
    where = band if spread else np.abs(f - hz) <= 0.25
    psd[n0 : n0 + n1, where] += (times - 1.0) * 1e-5 * band.sum() / where.sum()
    still = np.ones(t.size, bool)
    still[n0 - 2 : n0 + 1] = still[n0 + n1 - 1 : n0 + n1 + 2] = False
    rest = still.copy()
    rest[n0 : n0 + n1] = False
    kind = stay_kind(t, o, phys, still, rest, (n0, n0 + n1), psd)
    assert kind == ("hold" if times > REST_LEVEL and not spread else "open" if end_in_stay else "unclear")
