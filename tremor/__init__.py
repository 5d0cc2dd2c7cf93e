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

__all__ = [
    "__version__",
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
