"""The Dask engine on a real local cluster of worker processes gives the local engine's results."""

from __future__ import annotations

import pandas as pd
import pytest
from batch_helpers import simulated_csv

from tremor.cli.main import main


def test_dask_cluster_equals_local_engine(tmp_path):
    distributed = pytest.importorskip("distributed")
    d = tmp_path / "in"
    d.mkdir()
    for seed in (21, 22, 23):
        simulated_csv(d / f"s{seed}.csv", seed=seed)
    (d / "bad.csv").write_text("nothing useful\n")
    assert main(["analyze", str(d), "--out", str(tmp_path / "local"), "--jobs", "2", "-q"]) == 1
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as cluster:
        assert (
            main(
                [
                    "analyze",
                    str(d),
                    "--out",
                    str(tmp_path / "dask"),
                    "--engine",
                    "dask",
                    "--scheduler",
                    cluster.scheduler_address,
                    "-q",
                ]
            )
            == 1
        )
    local = pd.read_csv(tmp_path / "local" / "summary.csv")
    dask = pd.read_csv(tmp_path / "dask" / "summary.csv")
    pd.testing.assert_frame_equal(local, dask)
    assert (tmp_path / "local" / "s21.csv.json").read_text() == (
        tmp_path / "dask" / "s21.csv.json"
    ).read_text()


def test_missing_dask_is_a_usage_error(tmp_path, monkeypatch, capsys):
    import builtins

    real_import = builtins.__import__

    def no_dask(name, *args, **kwargs):
        if name.split(".")[0] in ("dask", "distributed"):
            raise ImportError(name)
        return real_import(name, *args, **kwargs)

    d = tmp_path / "in"
    d.mkdir()
    simulated_csv(d / "a.csv", seed=1)
    monkeypatch.setattr(builtins, "__import__", no_dask)
    assert main(["analyze", str(d), "--out", str(tmp_path / "o"), "--engine", "dask"]) == 2
    assert "pip install 'tremor-analyser[dask]'" in capsys.readouterr().err
