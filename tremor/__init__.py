"""tremor: tremor and fasciculation analysis for wearable accelerometers.

Not a medical device: it describes signals and names likely, non-medical causes; it never diagnoses.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from tremor.core.recording import LoggedGap, Recording, SetMarker, SourceInfo

if TYPE_CHECKING:
    from tremor.core.analysis import AnalysisResult, SetResult, analyze
    from tremor.core.context import parse_context
    from tremor.core.stream import LiveAnalyzer
    from tremor.io import read_recording
    from tremor.report.json_report import to_report
    from tremor.sim.session import simulate_session

from .errors import (
    DeviceError,
    FormatError,
    InputError,
    ParameterError,
    SamplingError,
    TremorError,
    TremorWarning,
)

__version__ = "0.1.0"

# The heavy parts (scipy, the readers with pandas, the simulator) load on first use: ``import tremor``
# and ``tremor --help`` stay fast, and a script that only reads a file never imports the live stack.
_LAZY: dict[str, str] = {
    "analyze": "tremor.core.analysis",
    "AnalysisResult": "tremor.core.analysis",
    "SetResult": "tremor.core.analysis",
    "parse_context": "tremor.core.context",
    "LiveAnalyzer": "tremor.core.stream",
    "to_report": "tremor.report.json_report",
    "simulate_session": "tremor.sim.session",
    "read_recording": "tremor.io",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'tremor' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY))


__all__ = [
    "__version__",
    "analyze",
    "AnalysisResult",
    "SetResult",
    "read_recording",
    "parse_context",
    "to_report",
    "simulate_session",
    "LiveAnalyzer",
    "Recording",
    "SourceInfo",
    "SetMarker",
    "LoggedGap",
    "TremorError",
    "InputError",
    "FormatError",
    "ParameterError",
    "SamplingError",
    "DeviceError",
    "TremorWarning",
]
