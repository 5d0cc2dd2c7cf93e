"""Every notebook in ``notebooks/`` runs top to bottom without a cell error (as CI runs them).

Executed with nbclient on the ``python3`` kernel (ipykernel) of this interpreter, in the notebooks'
folder, so they find ``../shared/realdata`` beside the repository the way a reader's Jupyter would.
The notebooks that read real recordings also run once with the recordings absent: they must say
so and go on, not fail.
"""

from __future__ import annotations

from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat", reason="notebook tests need nbformat (pip install nbformat)")
nbclient = pytest.importorskip("nbclient", reason="notebook tests need nbclient (pip install nbclient)")
pytest.importorskip("ipykernel", reason="notebook tests need ipykernel (pip install ipykernel)")
pytest.importorskip("matplotlib", reason="the notebooks plot with matplotlib")

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
ALL = sorted(NOTEBOOKS.glob("*.ipynb"))
USES_REALDATA = [p for p in ALL if "REALDATA" in p.read_text(encoding="utf-8")]
CELL_TIMEOUT_S = 180


def execute(path: Path) -> None:
    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb, timeout=CELL_TIMEOUT_S, kernel_name="python3", resources={"metadata": {"path": str(path.parent)}}
    )
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as exc:
        pytest.fail(f"{path.name}: a cell failed\n{exc}", pytrace=False)
    errors = [
        o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"
    ]
    assert errors == [], f"{path.name}: {errors[0]['ename']}: {errors[0]['evalue']}"


def test_there_are_the_three_notebooks():
    names = [p.name for p in ALL]
    assert len(names) >= 3, names
    for part in ("phone_recording", "live_session", "validation"):
        assert any(part in n for n in names), f"no notebook about {part}: {names}"


@pytest.mark.parametrize("path", ALL, ids=[p.stem for p in ALL])
def test_notebook_runs(path, tmp_path, monkeypatch):
    # the kernel's temporary folders (a notebook's working folder, its report) go under pytest's tmp_path,
    # which pytest prunes, instead of piling up in the system's temporary folder run after run
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    execute(path)


@pytest.mark.parametrize("path", USES_REALDATA, ids=[p.stem for p in USES_REALDATA])
def test_notebook_runs_without_real_recordings(path, tmp_path, monkeypatch):
    monkeypatch.setenv("TREMOR_REALDATA", str(tmp_path / "no-realdata-here"))
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    execute(path)


def test_notebooks_are_stored_without_outputs():
    """Outputs are made by running them; stored outputs would go stale and bloat the repository."""
    for path in ALL:
        nb = nbformat.read(path, as_version=4)
        stale = [
            i
            for i, c in enumerate(nb.cells)
            if c.cell_type == "code" and (c.get("outputs") or c.get("execution_count"))
        ]
        assert stale == [], f"{path.name}: cells {stale} carry outputs; clear them before committing"
