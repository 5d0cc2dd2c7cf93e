"""The Dask engine of batch runs (``tremor analyze --engine dask [--scheduler ADDRESS]``).

Dask is an optional extra (``pip install 'tremor-analyser[dask]'``) and is imported only here, only when
asked for. Each file is one task running :func:`tremor.batch.runner.analyze_one` on a worker; the worker
needs tremor installed and the input files at the same paths (a shared file system). Reports
travel back to the client, which writes them and the summary exactly as the local engine does.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from tremor.batch.runner import Outcome, Task, analyze_one
from tremor.errors import ParameterError

__all__ = ["run_dask"]

_INSTALL = "pip install 'tremor-analyser[dask]'"


def _import_distributed() -> Any:
    try:
        import distributed
    except ImportError:
        raise ParameterError(
            f"--engine dask needs Dask's distributed scheduler, which is not installed: "
            f"{_INSTALL} (or pip install 'dask[distributed]')"
        ) from None
    return distributed


def run_dask(tasks: list[Task], *, scheduler: str | None, workers: int | None = None) -> Iterator[Outcome]:
    """Run ``tasks`` on a Dask cluster; yield outcomes as they finish.

    Parameters
    ----------
    tasks : list of Task
        The files to analyse.
    scheduler : str or None
        Address of a running scheduler (``tcp://host:8786``); None starts a local cluster of
        worker processes (one thread each) for this run.
    workers : int or None
        Worker processes of the local cluster (default: one per core). Ignored with ``scheduler``.

    Raises
    ------
    ParameterError
        Dask is not installed, or the scheduler cannot be reached.
    """
    distributed = _import_distributed()
    if not tasks:
        return
    cluster = None
    try:
        if scheduler:
            try:
                client = distributed.Client(scheduler, timeout="20s")
            except (OSError, TimeoutError) as exc:
                raise ParameterError(
                    f"--scheduler {scheduler}: cannot reach the Dask scheduler ({exc})"
                ) from None
        else:
            cluster = distributed.LocalCluster(
                n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
            )
            client = distributed.Client(cluster)
    except ParameterError:
        raise
    try:
        futures = client.map(
            analyze_one, tasks, pure=False, key=[f"tremor-{i}-{t.path}" for i, t in enumerate(tasks)]
        )
        for fut in distributed.as_completed(futures):
            yield fut.result()
    finally:
        client.close()
        if cluster is not None:
            cluster.close()
