"""What the red-team test files share: the generators loaded by path, a session analysed in memory, what a report says.

The red team's generators live in ``benchmarks/redteam`` (not a package: ``gen_r6`` imports ``gen`` by name), so
:func:`load` loads one by path under its own name, and a round's module is loaded after the ones it imports.
:func:`run` generates one scenario of a round at a rate and seed and analyses it (cached, so an xfail and its control
share one analysis).
"""

from __future__ import annotations

import importlib.util
import sys
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import Any

import numpy as np

from tremor.core.analysis import AnalysisResult, analyze
from tremor.core.recording import Recording, SourceInfo

__all__ = ["RT", "TREMOR_LABELS", "causes", "clinician", "load", "overlap", "recording", "run", "tremor_said"]

#: The red team's folder.
RT = Path(__file__).resolve().parents[1] / "benchmarks" / "redteam"
#: Set labels that say a tremor (or twitches) was found.
TREMOR_LABELS = ("fatigue_tremor", "enhanced_tremor", "atypical_tremor", "mixed", "fasciculations")


def load(name: str) -> ModuleType:
    """Load a red-team generator module by path (a round's module imports ``gen`` and ``gen_r6`` by name).

    Parameters
    ----------
    name : str
        The module's name, its file ``benchmarks/redteam/NAME.py``.

    Returns
    -------
    ModuleType
        The module, put in :data:`sys.modules` under ``name`` (the one there already where it is that file).
    """
    if name in sys.modules and getattr(sys.modules[name], "__file__", "") == str(RT / f"{name}.py"):
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, RT / f"{name}.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod
    spec.loader.exec_module(mod)
    return mod


def recording(t: np.ndarray, acc: np.ndarray) -> Recording:
    """A generated session (times in s, acceleration in m/s^2 with gravity) as a generic CSV's recording."""
    return Recording(t, acc, True, SourceInfo(path="redteam.csv", format="generic_csv", units="m/s^2"))


@cache
def run(
    gen: ModuleType, scenario: str, extras: str, fs: float, seed: int
) -> tuple[AnalysisResult, dict[str, Any]]:
    """Generate one session of a round in memory and analyse it (cached: an xfail and its control share it).

    Parameters
    ----------
    gen : ModuleType
        The round's generator module (its ``SCENARIOS``).
    scenario, extras : str
        The scenario's name and its extras.
    fs : float
        Sampling rate, Hz.
    seed : int
        The draw's seed.

    Returns
    -------
    tuple
        The analysis and the scenario's truth.
    """
    t, acc, truth = gen.SCENARIOS[scenario](fs, np.random.default_rng(seed), extras)
    return analyze(recording(t, acc)), truth


def clinician(res: AnalysisResult) -> bool:
    """Whether the report gives the clinician cause, for the session or a set."""
    return any(c.id == "see_a_clinician" for c in res.session_causes) or any(
        c.id == "see_a_clinician" for s in res.sets for c in s.causes
    )


def causes(res: AnalysisResult) -> list[str]:
    """The ids of the session's causes and then each set's."""
    return [c.id for c in res.session_causes] + [c.id for s in res.sets for c in s.causes]


def tremor_said(res: AnalysisResult) -> list[tuple[int, int, str]]:
    """Sets with a tremor label, out-of-band episodes (with their frequency), fatigue and the clinician note."""
    said = [
        (round(s.span.start_s), round(s.span.end_s), s.label) for s in res.sets if s.label in TREMOR_LABELS
    ]
    said += [(round(e.start_s), round(e.end_s), f"episode {e.peak_hz:.1f} Hz") for e in res.atypical_tremor]
    said += [(0, 0, c) for c in sorted(set(causes(res)) & {"see_a_clinician", "neuromuscular_fatigue"})]
    return said


def overlap(a: float, b: float, x: float, y: float) -> float:
    """How long ``[a, b]`` and ``[x, y]`` overlap, s (negative: the gap between them)."""
    return min(b, y) - max(a, x)
