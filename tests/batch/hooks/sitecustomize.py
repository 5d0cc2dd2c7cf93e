"""Fault injection for the batch tests, loaded only by their subprocesses (PYTHONPATH + TREMOR_TEST_HOOKS).

In every process of the run (the batch and its workers): a file whose name holds
``killme`` kills its process with SIGKILL (as the out-of-memory killer does); ``TREMOR_TEST_SLOW``
seconds of sleep before each analysis leave time to interrupt; every file takes the chunked path
(``stream_min_bytes=0``), so each analysis has a spill folder.
"""

import os

if os.environ.get("TREMOR_TEST_HOOKS"):
    import signal
    import time

    import tremor.batch.chunked as _chunked
    import tremor.batch.spill as _spill

    _real = _chunked.analyze_file

    def _analyze_file(path, **kw):
        if "killme" in os.path.basename(str(path)):
            os.kill(os.getpid(), signal.SIGKILL)
        kw["stream_min_bytes"] = 0
        slow = float(os.environ.get("TREMOR_TEST_SLOW", "0"))
        if slow:
            real_spill = _spill.spill_table

            def spill(*a, **k):  # sleep while the spill folder exists
                store = real_spill(*a, **k)
                time.sleep(slow)
                return store

            _spill.spill_table = spill
        return _real(path, **kw)

    _chunked.analyze_file = _analyze_file
