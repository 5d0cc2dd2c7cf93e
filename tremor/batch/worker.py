"""What runs in the batch's worker processes: one file's analysis, and the local process pool.

:func:`analyze_one` reads and analyses one :class:`Task` and returns an :class:`Outcome` (never
raising for a bad file); both engines run it, the local pool here (:func:`run_local`) and Dask
(:mod:`tremor.batch.dask_engine`). The pool's workers ignore Ctrl-C, end cleanly on SIGTERM
(removing a spill folder) and die with the batch; a worker that dies has its file run again alone.
Split out of :mod:`tremor.batch.runner`, which writes the reports and the summary and re-exports
:class:`Task`, :class:`Outcome` and :func:`analyze_one`.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
import time
import traceback
import warnings
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tremor.errors import TremorError

__all__ = ["Outcome", "Task", "analyze_one", "run_local"]


# ------------------------------------------------------------------------------------- tasks
@dataclass(frozen=True)
class Task:
    """One file to analyse and everything the analysis needs (picklable, sent to workers)."""

    path: str
    options: dict[str, Any]
    size_bytes: int


@dataclass
class Outcome:
    """What a worker sends back: the report, or the error."""

    path: str
    report: dict[str, Any] | None = None
    error: str | None = None
    warnings: list[str] = field(default_factory=list)
    n_samples: int = 0
    seconds: float = 0.0


def analyze_one(task: Task) -> Outcome:
    """Read and analyse one file (runs in a worker); never raises for a bad file.

    Errors are returned in :attr:`Outcome.error` (the message for tremor's own errors, the
    exception type and message for anything else) so one bad file cannot stop a batch.

    Parameters
    ----------
    task : Task
        The file and the analysis options.

    Returns
    -------
    Outcome
        The JSON report, or the error, with warnings, sample count and time taken (s).
    """
    global _busy
    _busy = True
    try:
        return _analyze_one(task)
    finally:
        _busy = False
        if _ending is not None:  # SIGTERM unwound the analysis: end here, not in the pool's next task
            _exit_now(_ending)


def _analyze_one(task: Task) -> Outcome:
    from tremor.batch.chunked import analyze_file
    from tremor.core.recording import SetMarker
    from tremor.report.json_report import to_report

    start = time.perf_counter()
    opts = task.options
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            markers = [SetMarker(*m) for m in opts["markers"]] if opts["markers"] else None
            result = analyze_file(
                task.path,
                format=opts["format"],
                units=opts["units"],
                fs=opts["fs"],
                markers=markers,
                context=opts["context"],
                use_threads=opts["use_threads"],
                tmp_dir=opts.get("tmp_dir"),
            )
            report = to_report(result)
        except TremorError as exc:
            return Outcome(
                task.path,
                error=str(exc),
                warnings=[str(w.message) for w in caught],
                seconds=time.perf_counter() - start,
            )
        except OSError as exc:
            return Outcome(
                task.path,
                error=f"{exc.filename or task.path}: {exc.strerror or exc}",
                seconds=time.perf_counter() - start,
            )
        except Exception as exc:
            tb = traceback.extract_tb(exc.__traceback__)[-1]
            return Outcome(
                task.path,
                error=f"internal error {type(exc).__name__}: {exc} "
                f"(at {Path(tb.filename).name}:{tb.lineno}; please report it)",
                seconds=time.perf_counter() - start,
            )
    report["source"]["details"]["batch"] = {"options_hash": opts["hash"]}
    return Outcome(
        task.path,
        report=report,
        warnings=[str(w.message) for w in caught],
        n_samples=int(result.sampling.n_samples),
        seconds=time.perf_counter() - start,
    )


# ---------------------------------------------------------------------------------- engines
def _parent_alive(parent: int, ppid: int) -> bool:
    if os.getppid() != ppid:
        return False
    try:
        os.kill(parent, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True
    return True


def _worker_init(parent: int) -> None:
    """Set up a pool worker: Ctrl-C is the parent's business; end cleanly on SIGTERM; die with the parent.

    SIGTERM raises SystemExit, so a spill folder of the file being analysed is removed. A thread
    checks every half second that the batch's process is alive; when it is gone (killed with -9,
    say) the worker terminates itself the same way.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})  # blocked while starting (_starting_children)
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    ppid = os.getppid()

    def watch() -> None:
        while _parent_alive(parent, ppid):
            time.sleep(0.5)
        os.kill(os.getpid(), signal.SIGTERM)  # unwinds the analysis: its spill folder is removed

    threading.Thread(target=watch, name="tremor-parent-watch", daemon=True).start()
    # The analysis (numpy, scipy, the readers) is imported as the worker starts, not inside a file's
    # analysis, where a SIGTERM that lands in a long import is more likely to leave that file's spill
    # folder behind. The batch's own process, which imports this module too, imports none of it.
    import tremor.batch.chunked
    import tremor.report.json_report  # noqa: F401


_busy = False  # a worker is inside analyze_one
_ending: int | None = None  # the exit code once a SIGTERM asked a busy worker to end


def _exit_on_sigterm(signum: int, frame: Any) -> None:
    """SIGTERM in a worker: unwind a running analysis (its spill folder is removed), then exit."""
    global _ending
    if not _busy:
        _exit_now(128 + signum)
    if _importing(frame):
        # a SystemExit raised inside the import machinery (its module-lock callbacks) is printed as an ignored
        # exception's traceback, not unwound: end the worker from another thread as a stuck unwinding would be
        _ending = 128 + signum
        threading.Timer(0.0, _exit_now, (128 + signum,)).start()
        return
    # The unwinding ends in analyze_one, which exits from this thread: the pool's loop would catch
    # the SystemExit and start its next file, whose new spill folder a sweep from another thread
    # could miss. The timer is for an unwinding stuck in a long call.
    _ending = 128 + signum
    threading.Timer(2.0, _exit_now, (128 + signum,)).start()
    raise SystemExit(128 + signum)


def _importing(frame: Any) -> bool:
    """Whether ``frame`` (where a signal found the main thread) lies inside Python's import machinery."""
    while frame is not None:
        if frame.f_code.co_filename.startswith("<frozen importlib"):
            return True
        frame = frame.f_back
    return False


def _exit_now(code: int) -> None:
    """End the worker at once, after removing any spill folder the unwinding did not (or not yet)."""
    from tremor.batch.store import remove_own_spills

    # the analysis may still be running in the main thread (a signal is handled between bytecodes,
    # not inside a long numpy call): sweep until a pass finds nothing, so a file it was writing as
    # the first pass ran does not keep its folder alive
    for _ in range(5):
        if not remove_own_spills():
            break
        time.sleep(0.05)
    os._exit(code)


@contextlib.contextmanager
def _starting_children() -> Iterator[None]:
    """Start child processes with Ctrl-C blocked, a mask that survives exec.

    A Ctrl-C reaching the whole process group while a child's interpreter is still starting (before
    :func:`_worker_init` ignores it and unblocks it) would print a traceback there. This process gets
    a Ctrl-C pressed meanwhile once the block ends: blocking the signal is not enough for that, as a
    Ctrl-C that arrived just before the block runs Python's handler at some later bytecode, maybe
    inside the block, between starting a child and sending it its start-up data (the child then
    printed an ``EOFError`` traceback); so the handler only records it until the block ends.
    """
    seen: list[int] = []
    in_main = threading.current_thread() is threading.main_thread()
    old_handler = signal.signal(signal.SIGINT, lambda signum, frame: seen.append(signum)) if in_main else None
    old_mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old_mask)
        if in_main and old_handler is not None:
            signal.signal(signal.SIGINT, old_handler)
            if seen and callable(old_handler):
                old_handler(signal.SIGINT, None)  # Python's default: KeyboardInterrupt


def _mp_context() -> Any:
    import multiprocessing as mp

    # spawn: workers do not inherit this process's threads (pyarrow's, the progress bar's). Not
    # forkserver: a Ctrl-C that ends the batch while the pool is starting a worker makes the fork
    # server print a Python traceback (EOFError in its fd hand-over) on the user's terminal.
    return mp.get_context("spawn")


def run_local(tasks: list[Task], jobs: int) -> Iterator[Outcome]:
    """Run ``tasks`` in a pool of ``jobs`` processes (in this process when ``jobs == 1``), as they finish.

    A worker that dies (killed, out of memory) breaks the pool: the files it may have been
    analysing are run again one at a time in a process of their own, which names the culprit
    (its row says how the process ended), and a new pool takes the rest. Ctrl-C, or closing this
    generator, ends every worker before returning.
    """
    if jobs == 1 or len(tasks) == 1:
        for t in tasks:
            yield analyze_one(t)
        return
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
    from concurrent.futures.process import BrokenProcessPool

    pending = list(tasks)
    while pending:
        workers = min(jobs, len(pending))
        finished: set[int] = set()
        broken = False
        # the pool's resource tracker (made with the pool) and its workers (started in submit())
        with _starting_children():
            pool = ProcessPoolExecutor(
                max_workers=workers,
                mp_context=_mp_context(),
                initializer=_worker_init,
                initargs=(os.getpid(),),
            )
            order = {pool.submit(analyze_one, t): i for i, t in enumerate(pending)}
        try:
            waiting = set(order)
            while waiting and not broken:
                done, waiting = wait(waiting, timeout=0.5, return_when=FIRST_COMPLETED)
                for fut in done:
                    try:
                        outcome = fut.result()
                    except BrokenProcessPool:
                        broken = True
                        continue
                    finished.add(order[fut])
                    yield outcome
        except BaseException:
            _kill_pool(pool)
            raise
        if not broken:
            pool.shutdown(wait=True)
            return
        _kill_pool(pool)
        # Work is handed out in submission order, at most workers + 1 items ahead: the dead
        # worker's file is among the first unfinished ones.
        reach = len(finished) + workers + 1
        left = [i for i in range(len(pending)) if i not in finished]
        suspects = [pending[i] for i in left if i < reach]
        rest = [pending[i] for i in left if i >= reach]
        for t in suspects:
            yield _run_alone(t)
        pending = rest


def _kill_pool(pool: Any) -> None:
    """Stop ``pool`` now: cancel what has not started, terminate the workers, reap them."""
    procs = list((getattr(pool, "_processes", None) or {}).values())  # no public handle on the workers
    pool.shutdown(wait=False, cancel_futures=True)
    for p in procs:
        if p.is_alive():
            p.terminate()
    deadline = time.monotonic() + 10
    for p in procs:
        p.join(max(0.0, deadline - time.monotonic()))
        if p.is_alive():
            p.kill()
            p.join(1)


def _alone_main(task: Task, conn: Any, parent: int) -> None:
    _worker_init(parent)
    conn.send(analyze_one(task))
    conn.close()


def _run_alone(task: Task) -> Outcome:
    """Run one task in a process of its own; a death becomes that file's error."""
    ctx = _mp_context()
    recv, send = ctx.Pipe(duplex=False)
    proc = ctx.Process(target=_alone_main, args=(task, send, os.getpid()), daemon=True)
    start = time.perf_counter()
    with _starting_children():
        proc.start()
    send.close()
    try:
        try:
            outcome: Outcome = recv.recv()
        except EOFError:
            proc.join()
            return Outcome(
                task.path,
                error=f"the process analysing this file died ({_how_ended(proc.exitcode)}), "
                "also when run alone; the file may need more memory than is available",
                seconds=time.perf_counter() - start,
            )
        proc.join()
        return outcome
    except BaseException:
        proc.terminate()
        proc.join(10)
        raise
    finally:
        recv.close()


def _how_ended(code: int | None) -> str:
    if code is None or code >= 0:
        return f"exit code {code}"
    try:
        name = signal.Signals(-code).name
    except ValueError:
        name = f"signal {-code}"
    return f"killed by {name}" + (", as the out-of-memory killer does" if -code == signal.SIGKILL else "")
