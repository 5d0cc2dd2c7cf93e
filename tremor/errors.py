"""Exceptions and warnings of ``tremor``: one root, a few branches.

::

    TremorError                      root of everything tremor raises on purpose
    ├── InputError                   the user's input cannot be used (CLI exit code 2)
    │   ├── FormatError              a file's content is not what its format says
    │   │   │                        (carries path, line, column, expected, found)
    │   │   └── FrameError           a BLE notification that cannot be decoded
    │   │                            (tremor.ble; counted and skipped by the live stream)
    │   ├── ParameterError           an argument or option has a bad value
    │   └── SamplingError            the data cannot support the analysis asked for
    │                                (band above Nyquist, recording too short, ...)
    ├── DeviceError                  a BLE device or adapter failed (CLI exit code 2)
    └── StreamStateError             a live stream used in the wrong lifecycle state
                                     (tremor.ble; also a RuntimeError)

    TremorWarning(UserWarning)       something was done that the user should know about
"""

from __future__ import annotations

import re

__all__ = [
    "TremorError",
    "InputError",
    "FormatError",
    "ParameterError",
    "SamplingError",
    "FrameError",
    "DeviceError",
    "StreamStateError",
    "TremorWarning",
    "printable",
]


class TremorError(Exception):
    """Root of every error ``tremor`` raises on purpose."""


class InputError(TremorError):
    """The input (a file, an option, the data) cannot be used as given."""


class FormatError(InputError):
    """A file's content does not match the format it is read as.

    Parameters
    ----------
    message : str
        What is wrong, in plain words.
    path : str or None
        The file.
    line : int or None
        1-based line number in the file, where known.
    column : str or None
        The column name (or 1-based index as text), where known.
    expected : str or None
        What the reader expected to find.
    found : str or None
        What it found instead (shortened to 60 characters).
    """

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: str | None = None,
        expected: str | None = None,
        found: str | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.expected = expected
        self.found = None if found is None else _shorten(found)
        super().__init__(self._render())

    def _render(self) -> str:
        where = ""
        if self.path is not None:
            where = printable(self.path)
            if self.line is not None:
                where += f":{self.line}"
            where += ": "
        text = where + self.message
        if self.column is not None:
            text += f" (column {self.column!r})"
        if self.expected is not None:
            text += f"; expected {self.expected}"
        if self.found is not None:
            text += f", found {self.found!r}"
        return text


class FrameError(FormatError):
    """A BLE notification or control-point reply is not what its protocol says.

    Raised by the pure codecs of :mod:`tremor.ble`. The live client catches it, counts the
    frame and goes on; it never ends a stream.

    Parameters
    ----------
    message : str
        What is wrong, in plain words.
    expected, found : str or None
        What the codec expected and what it got (``found`` is shortened).
    kind : {"corrupt", "short", "out_of_order"}
        Which counter of the live client the frame belongs to.
    """

    def __init__(
        self,
        message: str,
        *,
        expected: str | None = None,
        found: str | None = None,
        kind: str = "corrupt",
    ) -> None:
        super().__init__(message, expected=expected, found=found)
        self.kind = kind


class ParameterError(InputError, ValueError):
    """An argument has a value outside what is allowed."""


class SamplingError(InputError):
    """The data cannot support the analysis asked for (rate too low, too short, ...)."""


class DeviceError(TremorError):
    """A BLE adapter or device failed, or none could be found."""


class StreamStateError(TremorError, RuntimeError):
    """A live stream was used in a way its lifecycle state does not allow.

    For example iterating a :class:`~tremor.ble.BandStream` that was never entered, or
    entering one twice. This is a programming error, not a device failure, hence not a
    :class:`DeviceError`.
    """


class TremorWarning(UserWarning):
    """Something the user should know about happened (data quality, skipped analysis)."""


def _shorten(text: str, limit: int = 60) -> str:
    text = str(text)
    return text if len(text) <= limit else text[: limit - 3] + "..."


_CONTROL_RE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


def printable(text: object) -> str:
    """``text`` with control characters escaped (``\\n``, ``\\x1b``), safe to print on a terminal.

    A file name may hold a line end or an escape sequence; printed raw it could forge or hide
    lines of the tool's output.

    Parameters
    ----------
    text : object
        Anything; it is converted with ``str`` first.

    Returns
    -------
    str
        The text with each control character replaced by its Python escape.

    Examples
    --------
    >>> print(printable("run\\n1.csv"))
    run\\n1.csv
    """
    return _CONTROL_RE.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(text))
