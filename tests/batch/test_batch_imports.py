"""A batch's own process writes the reports and the summary without importing the analysis (scipy).

Its workers analyse; the process that hands them the files only writes what they send back
(:mod:`tremor.batch.runner`). Importing scipy.signal there costs about a second of CPU per batch.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).resolve().parents[2] / "firmware_logs" / "sample_session_100hz.tlog"

_RUN = """
import sys
from tremor.cli.main import main
code = main(["analyze", sys.argv[1], "--out", sys.argv[2], "--jobs", "2", "-q"])
print(sorted(m for m in ("scipy", "scipy.signal", "tremor.core.analysis") if m in sys.modules))
sys.exit(code)
"""


def test_batch_process_writes_reports_without_the_analysis(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for k in range(2):
        os.link(SAMPLE, folder / f"s{k}.tlog")
    out = tmp_path / "out"
    root = str(Path(__file__).resolve().parents[2])
    env = dict(os.environ, PYTHONPATH=root + os.pathsep + os.environ.get("PYTHONPATH", ""))
    done = subprocess.run(
        [sys.executable, "-c", _RUN, str(folder), str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    for k in range(2):  # both reports written, by this process, from what the workers sent
        assert json.loads((out / f"s{k}.tlog.json").read_text())["sets"]
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout
