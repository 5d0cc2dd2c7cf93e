"""How the command line shows a :class:`~tremor.errors.TremorWarning`: one line, ``tremor: warning: ...``.

Python's own format (``path/to/module.py:123: TremorWarning: ...`` and the source line under it)
names the tool's internals instead of the user's input; the tool's warnings are about the input.
Other warnings (from numpy, a library) keep Python's format: they are not the tool's to phrase.
"""

from __future__ import annotations

import contextlib
import sys
import warnings
from collections.abc import Callable, Iterator
from typing import Any, TextIO

from tremor.errors import TremorWarning, printable

__all__ = ["tool_warning_line", "tool_warnings"]


def tool_warning_line(message: Warning | str) -> str:
    """``tremor: warning: <message>`` on one line (control characters and line ends escaped)."""
    return f"tremor: warning: {printable(message)}"


@contextlib.contextmanager
def tool_warnings(write: Callable[[str], None] | None = None) -> Iterator[None]:
    """Show TremorWarnings raised inside the block as one tool line each.

    Parameters
    ----------
    write : callable(str), optional
        Where the line goes (e.g. above a live display); standard error by default, looked up
        when the warning is shown.

    Notes
    -----
    Only how warnings are shown changes: the warning filters (``-W``, ``PYTHONWARNINGS``) still
    decide which are shown.
    """
    previous = warnings.showwarning

    def show(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        if not issubclass(category, TremorWarning):
            previous(message, category, filename, lineno, file, line)
            return
        text = tool_warning_line(message)
        if write is not None:
            write(text)
            return
        stream: Any = file if file is not None else sys.stderr
        with contextlib.suppress(OSError, ValueError):  # a closed or broken stderr: nothing to tell
            print(text, file=stream, flush=True)

    warnings.showwarning = show
    try:
        yield
    finally:
        warnings.showwarning = previous
