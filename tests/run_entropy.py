"""One fresh entropy for a whole test run, shared by every process that collects the tests.

Fresh seeds drawn while the tests are collected (module constants, ``parametrize`` ids) must be the same
in every pytest-xdist worker (``pytest -n 2``), or the workers collect different tests and the run stops.
The run's entropy is drawn once, by the process that starts the run (``tests/conftest.py``), and reaches
the workers in the environment variable ``TREMOR_FRESH_ENTROPY``; each test module derives its own seed
from it and the module's name, so modules stay independent of each other. The run's header prints it: set
the variable to that value to collect the same fresh seeds again.
"""

from __future__ import annotations

import hashlib
import os
import secrets

__all__ = ["ENV", "fresh_entropy", "run_entropy"]

#: The environment variable that carries the run's entropy to the worker processes.
ENV = "TREMOR_FRESH_ENTROPY"


def run_entropy() -> int:
    """The run's entropy: the environment's, or a fresh one drawn now and put in the environment."""
    if not os.environ.get(ENV):
        os.environ[ENV] = str(secrets.randbits(64))
    return int(os.environ[ENV])


def fresh_entropy(module: str) -> int:
    """A fresh 128-bit entropy for ``module``, the same in every process of this run.

    Parameters
    ----------
    module : str
        The calling module's ``__name__``.

    Returns
    -------
    int
        The entropy, derived from the run's (:func:`run_entropy`) and ``module``.
    """
    digest = hashlib.sha256(f"{run_entropy()}:{module}".encode()).digest()
    return int.from_bytes(digest[:16], "big")
