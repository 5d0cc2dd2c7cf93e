"""The progress of a batch on the terminal: files done, samples per second, time left and failures.

Split out of :mod:`tremor.batch.runner` (issue 8), which creates one :class:`BatchProgress` per
batch and advances it as each file's outcome comes back. Uses rich where it is importable, else
one plain line (rewritten in place on a terminal); prints nothing with ``--quiet``.
"""

from __future__ import annotations

import sys
import time
from typing import TYPE_CHECKING, Any

from tremor._files import show

if TYPE_CHECKING:  # pragma: no cover
    from tremor.batch.worker import Outcome

__all__ = ["BatchProgress"]


class BatchProgress:
    """Files done, samples per second and time left, on stderr (rich where importable).

    Parameters
    ----------
    total_files : int
        How many files the batch analyses.
    total_bytes : int
        Their size in bytes (the time left is estimated from the bytes done).
    quiet : bool
        Count, but print nothing.
    """

    def __init__(self, total_files: int, total_bytes: int, quiet: bool) -> None:
        self.total_files, self.total_bytes = total_files, max(total_bytes, 1)
        self.files = self.bytes = self.samples = self.failed = 0
        self.start = time.perf_counter()
        self.quiet = quiet
        self._rich: Any = None
        self._tty = sys.stderr.isatty()
        if quiet or not total_files:
            return
        try:
            from rich.progress import (
                BarColumn,
                MofNCompleteColumn,
                Progress,
                TextColumn,
                TimeRemainingColumn,
            )
        except ImportError:
            return
        self._rich = Progress(
            TextColumn("analysing"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("files"),
            TextColumn("{task.fields[rate]}"),
            TimeRemainingColumn(),
            TextColumn("{task.fields[failed]}"),
            transient=False,
            console=_rich_console(),
        )
        self._task = self._rich.add_task("batch", total=total_files, rate="", failed="")
        self._rich.start()

    def advance(self, outcome: Outcome, size: int) -> None:
        """Count one finished file, and show it (and its error where it failed).

        Parameters
        ----------
        outcome : Outcome
            The file's outcome from a worker.
        size : int
            The file's size in bytes.
        """
        self.files += 1
        self.bytes += size
        self.samples += outcome.n_samples
        self.failed += outcome.error is not None
        if self.quiet:
            return
        elapsed = max(time.perf_counter() - self.start, 1e-9)
        rate = f"{self.samples / elapsed / 1e3:,.0f}k samples/s"
        failed = f"{self.failed} failed" if self.failed else ""
        if self._rich is not None:
            self._rich.update(self._task, advance=1, rate=rate, failed=failed)
            if outcome.error:
                self._rich.console.print(
                    f"[red]failed[/red] {_rich_escape(show(outcome.path))}: "
                    f"{_rich_escape(show(outcome.error))}",
                    markup=True,
                    highlight=False,
                )
            return
        left = elapsed * (self.total_bytes - self.bytes) / max(self.bytes, 1)
        line = f"[{self.files}/{self.total_files}] {rate}, about {_hms(left)} left" + (
            f", {failed}" if failed else ""
        )
        if outcome.error:
            print(f"\rfailed {show(outcome.path)}: {show(outcome.error)}", file=sys.stderr)
        print(
            ("\r" + line) if self._tty else line, end="" if self._tty else "\n", file=sys.stderr, flush=True
        )

    def close(self) -> None:
        """End the display (the progress line keeps its last state)."""
        if self._rich is not None:
            self._rich.stop()
        elif self._tty and not self.quiet and self.files:
            print(file=sys.stderr)


def _rich_escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _rich_console() -> Any:
    from rich.console import Console

    return Console(file=sys.stderr)


def _hms(seconds: float) -> str:
    s = int(round(seconds))
    return f"{s // 3600}:{s // 60 % 60:02d}:{s % 60:02d}"
