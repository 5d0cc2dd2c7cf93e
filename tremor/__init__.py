"""tremor: tremor and fasciculation analysis for wearable accelerometers.

Not a medical device: it describes signals and names likely, non-medical causes; it never diagnoses.
"""

from __future__ import annotations

from tremor.core.recording import LoggedGap, Recording, SetMarker, SourceInfo

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

from tremor.core.analysis import AnalysisResult, SetResult, analyze  # noqa: E402
from tremor.core.context import parse_context  # noqa: E402
from tremor.core.stream import LiveAnalyzer  # noqa: E402
from tremor.report.json_report import to_report  # noqa: E402
from tremor.sim.session import simulate_session  # noqa: E402

from .io import read_recording  # noqa: E402

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
