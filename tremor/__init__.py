"""tremor: tremor and fasciculation analysis for wearable accelerometers.

Not a medical device: it describes signals and names likely, non-medical causes; it never diagnoses.
"""

from __future__ import annotations

from .errors import (
    DeviceError,
    FormatError,
    InputError,
    ParameterError,
    SamplingError,
    TremorError,
    TremorWarning,
)
from .recording import LoggedGap, Recording, SetMarker, SourceInfo

__version__ = "0.1.0"

from .analysis import AnalysisResult, SetResult, analyze  # noqa: E402
from .context import parse_context  # noqa: E402
from .io import read_recording  # noqa: E402
from .report import to_report  # noqa: E402
from .simulate import simulate_session  # noqa: E402
from .stream import LiveAnalyzer  # noqa: E402

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
