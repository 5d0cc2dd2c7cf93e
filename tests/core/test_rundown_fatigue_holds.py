"""A fatigue hold's own growing, wandering line is no power tool's run-down (issue 9, ``tremor.core.tool_rundown``).

Physics: a 45 s hold whose fatigue tremor grows 3-6 fold in amplitude, four kinds: 7-8 Hz 1.5-2 Hz wide with a 2nd
harmonic at 35-50 % of its amplitude, 3-4 Hz wide (``broad_h2``, as ``tests/core/test_harmonic_holds.py``); the same
drifting down 0.02-0.05 Hz/s (``broad_drift_h2``); 8-11 Hz 1-2.5 Hz wide (``broad``); 8-11 Hz 0.4-0.8 Hz wide
drifting down 0.02-0.05 Hz/s (``narrow_drift``). A wide band's maximum hops about: over 2.5-4.5 s it can slide
0.4-1.1 Hz/s along a line as a loaded drill's does, but the band was as loud in the seconds before (3-5 of the 5
frames in 2.5 s), where a drill's line starts with the trigger (0-1 of 5). Before the rule asked that, the harmonic
holds read ``tool_rundown`` 5 of 708 draws (seeds 2000-2024 and 3000-3033 x four kinds x 50/100/200 Hz; every one
harmonic-rich) and the CI's draw 77496 at 200 Hz; after, 0 of 708.
"""

from __future__ import annotations

import numpy as np
import pytest

import tests.stress.scenarios as S
from tests.core.test_harmonic_holds import _harmonic_hold
from tests.run_entropy import fresh_entropy
from tremor.core.analysis import AnalysisResult, analyze

FRESH_SEED = int(fresh_entropy(__name__) % 100_000)
HOLD_S = (70.0, 115.0)
KINDS = ("broad_h2", "broad_drift_h2", "broad", "narrow_drift")


def _fatigue_hold(kind: str, seed: int, fs: float) -> AnalysisResult:
    """200 s of rest with one 45 s hold whose tremor grows (``kind``: the module docstring's)."""
    rng = np.random.default_rng(seed)
    b = S.SessionBuilder(fs, 200.0, rng, 0.01)
    t = b.t
    a, e = HOLD_S
    w = S._window(t, a, e, 1.0)
    b.pitch += w * np.deg2rad(70)
    m = (t >= a) & (t < e)
    if kind.startswith("broad_"):
        f0, width = rng.uniform(7.0, 8.0), rng.uniform(1.5, 2.0)
    elif kind == "broad":
        f0, width = rng.uniform(8.0, 11.0), rng.uniform(1.0, 2.5)
    else:
        f0, width = rng.uniform(8.0, 11.0), rng.uniform(0.4, 0.8)
    drift = rng.uniform(0.02, 0.05) if "drift" in kind else 0.0
    fc = f0 + drift * ((e - a) / 2 - (t[m] - a))  # about f0, falling through the hold
    x = S.narrowband(rng, t[m], fs, fc, width)
    if kind.endswith("_h2"):
        h2, h2_width = rng.uniform(0.35, 0.5), rng.uniform(3.0, 4.0)
        x = (x + h2 * S.narrowband(rng, t[m], fs, 2 * fc, h2_width)) / np.sqrt(1 + h2**2)
    start, growth = rng.uniform(0.02, 0.04), rng.uniform(3.0, 6.0)
    print(
        f"{kind} seed {seed} fs {fs}: {f0:.2f} Hz, {width:.2f} Hz wide, drift {drift:.3f} Hz/s, x{growth:.1f}"
    )
    x = x * start * (1 + (growth - 1) * (t[m] - a) / (e - a))
    b.lin[m] += np.outer(x * w[m], S._unit(rng))
    return analyze(b.finish(description=f"fatigue hold ({kind})").recording)


def _reasons(res: AnalysisResult) -> list[tuple[str, str | None]]:
    return [(s.label, s.metrics.not_assessable_reason) for s in res.sets]


def test_the_ci_harmonic_hold_is_no_rundown() -> None:
    """The clean-clone CI's draw of the harmonic-rich hold (seed 77496, 200 Hz): its 7.1 Hz band's maximum slid
    8.7 -> 6.5 Hz over 89.5-92 s (-1.05 Hz/s, 37 %, 0.34 Hz off the line: the run-down's fit) with the band loud in
    all 5 frames of the 2.5 s before; it was ``not_assessable`` for ``tool_rundown``, now ``fatigue_tremor``."""
    res = _harmonic_hold(77496, 200.0)
    print(_reasons(res))
    assert [s.label for s in res.sets] == ["fatigue_tremor"]
    assert not [n for n in res.notes if "power tool" in n]


@pytest.mark.fresh_rate(
    param="seed",
    measured="0 of 708 draws (seeds 2000-2024 and 3000-3033 x four kinds x 50/100/200 Hz; 5 of 708 before)",
)
@pytest.mark.parametrize("fs", [50.0, 100.0, 200.0])
@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("seed", [2000, pytest.param(FRESH_SEED, id="fresh")])
def test_a_fatigue_hold_never_reads_as_a_tool(seed: int, kind: str, fs: float) -> None:
    """A growing fatigue hold is never set aside as a power tool's run-down, nor named one in a note (seed 2000:
    ``broad_h2`` at 200 Hz was ``tool_rundown`` before)."""
    res = _fatigue_hold(kind, seed, fs)
    print(_reasons(res))
    assert not [r for r in _reasons(res) if r[1] == "tool_rundown"]
    assert not [n for n in res.notes if "power tool" in n]
