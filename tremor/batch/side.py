"""A second process for part of one file's analysis, so a long file uses two cores.

The long-file path (:func:`tremor.batch.chunked.analyze_file`) starts a :class:`SideProcess` as it
begins reading a long file: the process imports the analysis while this one parses (on the other
core), then finds the file's twitches from the spilled samples while this one computes the frames.
The process is a plain ``python -m tremor.batch.side``, not a :mod:`multiprocessing` child, so it
never re-imports the caller's main module (a script without a ``__main__`` guard works as before).
It is set up as a batch pool's worker (:func:`tremor.batch.worker.worker_init`): Ctrl-C is this
process's business, it ends cleanly on SIGTERM and dies with this process. Its job and its answer
travel pickled through its standard input and output; its standard error is discarded, so nothing
of it reaches the user's terminal (an exception it meets is sent back and raised here).
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from typing import Any

__all__ = ["SideProcess", "SideProcessDied"]


class SideProcessDied(Exception):
    """The side process ended without an answer (killed, out of memory): do its work here."""


class SideProcess:
    """One helper process, started at once, that runs one function call handed to it later.

    Call :meth:`submit` once, then :meth:`result`; :meth:`close` ends the process in every case.
    """

    def __init__(self) -> None:
        from tremor.batch.worker import starting_children

        with starting_children():
            self._proc = subprocess.Popen(
                [sys.executable, "-m", "tremor.batch.side", str(os.getpid())],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.DEVNULL,
            )

    @property
    def pid(self) -> int:
        """The process id of the side process."""
        return self._proc.pid

    def submit(self, func: Callable[..., Any], *args: Any) -> None:
        """Hand the process ``func(*args)`` (both picklable); it starts as soon as its imports are done.

        Parameters
        ----------
        func : callable
            A module-level function.
        *args
            Its arguments.
        """
        assert self._proc.stdin is not None
        try:
            pickle.dump((func, args), self._proc.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self._proc.stdin.close()
        except BrokenPipeError:
            pass  # it died; result() says so

    def result(self) -> Any:
        """Wait for the call's value.

        Returns
        -------
        object
            What the function returned.

        Raises
        ------
        SideProcessDied
            The process ended without an answer.
        Exception
            What the function raised there.
        """
        assert self._proc.stdout is not None
        data = self._proc.stdout.read()
        self._proc.wait()
        try:
            ok, value = pickle.loads(data)
        except Exception as exc:  # no answer, or a cut one
            raise SideProcessDied(f"the side process ended with code {self._proc.returncode}") from exc
        if not ok:
            raise value
        return value

    def close(self) -> None:
        """End the process (at once, if it is still working) and reap it."""
        for stream in (self._proc.stdin, self._proc.stdout):
            if stream is not None and not stream.closed:
                stream.close()
        if self._proc.poll() is None:
            self._proc.terminate()
            try:
                self._proc.wait(10)
            except subprocess.TimeoutExpired:
                self._proc.kill()
                self._proc.wait()


def _serve(parent: int) -> int:
    """The side process: set up, import, take one call from stdin, answer it on stdout."""
    from tremor.batch.worker import worker_init

    worker_init(parent)
    job = sys.stdin.buffer.read()
    if not job:  # the parent ended, or had no work for it
        return 0
    try:
        func, args = pickle.loads(job)
        answer: tuple[bool, Any] = (True, func(*args))
    except Exception as exc:
        answer = (False, exc)
    try:
        data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:  # an exception that does not pickle
        data = pickle.dumps((False, RuntimeError(f"{type(exc).__name__} in the side process: {exc}")))
    try:
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
    except BrokenPipeError:
        return 0
    return 0


if __name__ == "__main__":
    sys.exit(_serve(int(sys.argv[1])))
