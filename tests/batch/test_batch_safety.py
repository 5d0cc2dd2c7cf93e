"""Issue 10: batch and output safety. Each test names the defect it guards against.

Pathological inputs are generated in tmp and their time and memory printed. The fault-injection
test runs real batches in subprocesses with the hooks in ``tests/batch/hooks`` (a file named
``killme`` kills its worker with SIGKILL; a sleep leaves time for Ctrl-C and kill -9).
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import tracemalloc
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from batch_helpers import simulated_csv

from tremor.batch.inputs import report_names
from tremor.batch.runner import expand_inputs
from tremor.batch.store import SPILL_PREFIX, sweep_stale_spills
from tremor.cli.main import main
from tremor.errors import FormatError

REPO = Path(__file__).resolve().parents[2]
HOOKS = Path(__file__).resolve().parent / "hooks"
BROKEN = (
    '"Time (s)","Acceleration x (m/s^2)","Acceleration y (m/s^2)","Acceleration z (m/s^2)"\n'
    "0.0,1,2,3\n0.01,1,2\n"
)


@pytest.fixture(scope="module")
def recs(tmp_path_factory):
    d = tmp_path_factory.mktemp("recs")
    return [simulated_csv(d / f"s{i}.csv", seed=40 + i, n_sets=1) for i in range(3)]


def _run(*argv):
    return main(["analyze", *map(str, argv), "-q"])


# ----------------------------------------------------------------------------- names, resume
def test_report_names_cannot_collide(recs, tmp_path):
    """in/a/b.csv and in/a__b.csv once both wrote a__b.csv.json."""
    (tmp_path / "in" / "a").mkdir(parents=True)
    shutil.copy(recs[0], tmp_path / "in" / "a" / "b.csv")
    shutil.copy(recs[1], tmp_path / "in" / "a__b.csv")
    paths = [tmp_path / "in" / "a" / "b.csv", tmp_path / "in" / "a__b.csv"]
    assert report_names(paths) == ["a/b.csv.json", "a__b.csv.json"]
    out = tmp_path / "out"
    assert _run(*paths, "--out", out, "--jobs", "1") == 0
    df = pd.read_csv(out / "summary.csv")
    for p, name in zip(paths, ["a/b.csv.json", "a__b.csv.json"]):
        report = json.loads((out / name).read_text())
        assert report["source"]["path"] == str(p)
        assert (df[df.file == str(p)].duration_s == report["sampling"]["duration_s"]).all()


def test_resume_sees_a_copy_that_kept_its_mtime(recs, tmp_path):
    """`cp -p other.csv rec.csv` then a rerun kept the old result (only mtimes were compared)."""
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy2(recs[0], src / "rec.csv")
    shutil.copy2(recs[1], src / "other.csv")
    out = tmp_path / "out"
    assert _run(src, "--out", out, "--jobs", "1") == 0
    before = json.loads((out / "rec.csv.json").read_text())
    shutil.copy2(src / "other.csv", src / "rec.csv")  # content and mtime of the other file
    os.utime(out / "rec.csv.json")  # the report is newer than the input
    assert _run(src, "--out", out, "--jobs", "1") == 0
    after = json.loads((out / "rec.csv.json").read_text())
    other = json.loads((out / "other.csv.json").read_text())
    assert after["sampling"] == other["sampling"] != before["sampling"]
    assert after["source"]["details"]["batch"]["input"]["sha256"]


def test_force_redoes_everything_and_skips_are_counted(recs, tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(recs[0], src / "a.csv")
    out = tmp_path / "out"
    assert main(["analyze", str(src), str(recs[1]), "--out", str(out), "--jobs", "1"]) == 0
    capsys.readouterr()
    assert main(["analyze", str(src), str(recs[1]), "--out", str(out), "--jobs", "1"]) == 0
    assert "(0 now, 2 skipped as up to date)" in capsys.readouterr().out
    report = next(out.rglob("a.csv.json"))
    mtime = report.stat().st_mtime_ns
    assert main(["analyze", str(src), str(recs[1]), "--out", str(out), "--jobs", "1", "--force"]) == 0
    assert "(2 now, 0 skipped" in capsys.readouterr().out
    assert report.stat().st_mtime_ns != mtime


# ------------------------------------------------------------------------------------ outputs
def test_batch_outputs_never_mix_with_inputs_or_replace_user_files(recs, tmp_path, capsys):
    """--out = the input folder read summary.csv as a recording; a user's summary.csv was replaced."""
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(recs[0], src / "a.csv")
    assert _run(src, "--out", src, "--jobs", "1") == 2
    assert "is the input folder" in capsys.readouterr().err
    out = tmp_path / "out"
    out.mkdir()
    (out / "summary.csv").write_text("my,own,table\n1,2,3\n")
    assert _run(src, "--out", out, "--jobs", "1") == 2
    assert "summary.csv" in capsys.readouterr().err and (out / "summary.csv").read_text().startswith("my,own")
    assert _run(src, "--out", out, "--jobs", "1", "--force") == 0
    # outputs inside the input tree are recognised as tremor's own and left out of later runs
    inner = src / "results"
    assert _run(str(src / "**" / "*.csv"), "--out", inner, "--jobs", "1") == 0
    assert (inner / "summary.csv").exists()
    assert [p.name for p in expand_inputs([str(src / "**" / "*.csv")])] == ["a.csv"]


def test_single_file_outputs_are_checked_before_any_work(tmp_path, capsys, monkeypatch):
    """--json rec.csv replaced the recording; --html x --json x kept one; a --png failure left the HTML."""
    rec = tmp_path / "rec.tlog"
    shutil.copy(REPO / "firmware_logs" / "sample_rest_set_rest_100hz.tlog", rec)
    original = rec.read_bytes()
    assert _run(rec, "--json", rec) == 2 and rec.read_bytes() == original
    assert "is the input" in capsys.readouterr().err
    link = tmp_path / "link.tlog"
    link.symlink_to(rec)
    assert _run(rec, "--json", link) == 2 and rec.read_bytes() == original
    assert _run(rec, "--json", tmp_path / "x", "--html", tmp_path / "x") == 2
    assert "name the same file" in capsys.readouterr().err and not (tmp_path / "x").exists()
    mine = tmp_path / "mine.json"
    mine.write_text("my notes\n")
    assert _run(rec, "--json", mine) == 2 and mine.read_text() == "my notes\n"
    assert "not written by tremor" in capsys.readouterr().err
    assert _run(rec, "--json", mine, "--force") == 0 and json.loads(mine.read_text())["schema"]
    assert _run(rec, "--json", mine) == 0  # tremor's own report is replaced without --force
    # a symlinked target is written through, the link stays a link
    (tmp_path / "real.json").write_text("")
    (tmp_path / "report.json").symlink_to("real.json")
    assert _run(rec, "--json", tmp_path / "report.json") == 0
    assert (tmp_path / "report.json").is_symlink() and json.loads((tmp_path / "real.json").read_text())
    # '-' is standard output, the summary goes to stderr
    capsys.readouterr()
    assert main(["analyze", str(rec), "--json", "-"]) == 0
    cap = capsys.readouterr()
    assert json.loads(cap.out)["schema"] == "tremor.report/1" and "samples over" in cap.err
    # every output is made before any is written: a figure that fails leaves no HTML behind
    pytest.importorskip("matplotlib")
    from tremor.report import html_report

    def fail(*a, **k):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(html_report, "render_png_figures", fail)
    with pytest.raises(OSError):
        main(["analyze", str(rec), "--html", str(tmp_path / "r.html"), "--png", str(tmp_path / "png")])
    assert not (tmp_path / "r.html").exists()


def test_unwritable_folder_names_the_target_not_the_temp_file(tmp_path, monkeypatch, capsys):
    import tempfile

    def denied(*a, **k):
        raise PermissionError(13, "Permission denied", str(tmp_path / ".r.json.abc.tmp"))

    monkeypatch.setattr(tempfile, "mkstemp", denied)
    rec = REPO / "firmware_logs" / "sample_rest_set_rest_100hz.tlog"
    assert _run(rec, "--json", tmp_path / "r.json") == 2
    err = capsys.readouterr().err
    assert f"cannot write {tmp_path / 'r.json'}" in err and ".tmp" not in err and "not writable" in err


# ------------------------------------------------------------------------------ bad entries
def test_loops_dangling_links_fifos_and_control_characters_are_rows(recs, tmp_path, capsys):
    """A self-referencing link raised RuntimeError; dangling links and FIFOs were skipped silently."""
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(recs[0], src / "good.csv")
    (src / "loop.csv").symlink_to("loop.csv")
    (src / "gone.csv").symlink_to("nowhere.csv")
    os.mkfifo(src / "pipe.csv")
    (src / "bad\x1b[2J.csv").write_text(BROKEN)
    out = tmp_path / "out"
    start = time.perf_counter()
    assert _run(src, "--out", out, "--jobs", "1") == 1
    print(f"batch with a loop, a dangling link, a FIFO: {time.perf_counter() - start:.1f} s")
    err = capsys.readouterr().err
    assert "\x1b" not in err and "bad\\x1b[2J.csv" in err
    df = pd.read_csv(out / "summary.csv").set_index("file")
    assert df.loc[str(src / "good.csv"), "status"] == "ok"
    assert "loops" in df.loc[str(src / "loop.csv"), "error"]
    assert "dangling" in df.loc[str(src / "gone.csv"), "error"]
    assert "FIFO" in df.loc[str(src / "pipe.csv"), "error"]
    assert len(df) == 5


# --------------------------------------------------------------------------------- resources
def test_zip_bomb_is_refused_in_bounded_time_and_memory(tmp_path):
    """A 1.5 MB Sensor Logger zip unpacking to 500 MB peaked at 5 GB."""
    from tremor.io import read_recording

    path = tmp_path / "bomb.zip"
    row = b"1700000000000000000,0.1,0.2,9.8\n" * 32768
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf, zf.open("Accelerometer.csv", "w") as fh:
        fh.write(b"time,seconds_elapsed,z,y,x\n")
        for _ in range(64):  # 64 MiB from about 0.2 MB
            fh.write(row)
    tracemalloc.start()
    start = time.perf_counter()
    with pytest.raises(FormatError, match="zip bomb"):
        read_recording(path)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"zip of {path.stat().st_size / 1e6:.2f} MB (64 MiB inside): refused in "
        f"{time.perf_counter() - start:.2f} s, peak {peak / 2**20:.1f} MiB traced"
    )
    assert peak < 16 << 20


def test_stale_spill_folders_of_dead_processes_are_swept(tmp_path):
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f"{SPILL_PREFIX}{dead.pid}-abc"
    live = tmp_path / f"{SPILL_PREFIX}{os.getpid()}-def"
    other = tmp_path / f"{SPILL_PREFIX}xyz"
    for d in (stale, live, other):
        d.mkdir()
        (d / "t.f64").write_bytes(b"0" * 64)
    assert sweep_stale_spills(tmp_path) == [stale]
    assert not stale.exists() and live.exists() and other.exists()


def test_a_worker_ended_by_a_signal_removes_its_own_spill_folders(tmp_path):
    """The last act of a worker whose unwinding did not finish in its grace period."""
    from tremor.batch.store import remove_own_spills

    mine = tmp_path / f"{SPILL_PREFIX}{os.getpid()}-abc"
    longer_pid = tmp_path / f"{SPILL_PREFIX}{os.getpid()}7-abc"  # another pid that starts with ours
    other = tmp_path / f"{SPILL_PREFIX}1-def"
    for d in (mine, longer_pid, other):
        d.mkdir()
        (d / "t.f64").write_bytes(b"0" * 64)
    assert remove_own_spills(tmp_path) == [mine]
    assert not mine.exists() and longer_pid.exists() and other.exists()


def test_a_ctrl_c_handled_while_children_start_is_raised_after_the_block():
    """A Ctrl-C due just before the block, handled inside it, once cut a child's start-up data short
    (the child printed an EOFError traceback): it must be raised once the children have started."""
    from tremor.batch.worker import _starting_children

    # Python's own handler, as in a terminal: a process started in the background by a non-interactive
    # shell inherits SIGINT ignored, and then no Ctrl-C is raised, in the block or after it
    inherited = signal.signal(signal.SIGINT, signal.default_int_handler)
    try:
        started = []
        with pytest.raises(KeyboardInterrupt), _starting_children():
            signal.getsignal(signal.SIGINT)(signal.SIGINT, None)  # Python's handler, running late
            started.append("child")
        assert started == ["child"] and signal.getsignal(signal.SIGINT) is signal.default_int_handler
    finally:
        signal.signal(signal.SIGINT, inherited)


def test_a_worker_asked_to_end_exits_after_unwinding_not_in_its_next_file(monkeypatch):
    """SIGTERM's SystemExit was caught by the pool's loop, which started the next file; its new spill
    folder was left behind when the grace timer ended the process."""
    from tremor.batch import worker

    def unwound(task):
        raise SystemExit(143)

    def exit_now(code):
        raise RuntimeError(f"exit {code}")

    monkeypatch.setattr(worker, "_analyze_one", unwound)
    monkeypatch.setattr(worker, "_exit_now", exit_now)
    monkeypatch.setattr(worker, "_ending", 143)
    with pytest.raises(RuntimeError, match="exit 143"):
        worker.analyze_one(worker.Task("x.csv", {}, 0))
    assert not worker._busy


def _sigint_default() -> None:
    """In a child before it starts: SIGINT's default action, whatever this process inherited."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def _env(tmp: Path, **extra: str) -> dict[str, str]:
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join([str(HOOKS), str(REPO)]),
        TREMOR_TEST_HOOKS="1",
        TMPDIR=str(tmp),
        **extra,
    )
    return env


def _session_pids(sid: int) -> list[int]:
    pids = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[3]) == sid and fields[0] != "Z":
                pids.append(int(d.name))
    return pids


def _describe(sid: int, *folders: Path) -> str:
    """What a failed wait saw: the session's processes (state, CPU, command, Python stack when
    py-spy is installed) and the files in ``folders``; so a failure under load can be told from a hang."""
    lines = []
    for pid in _session_pids(sid):
        try:
            stat = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        cpu = (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")
        lines.append(f"pid {pid} state {stat[0]} cpu {cpu:.1f} s: {cmd[:160]}")
        if shutil.which("py-spy"):
            dump = subprocess.run(
                ["py-spy", "dump", "--pid", str(pid)], capture_output=True, text=True, check=False
            )
            lines.append(dump.stdout[-3000:] or dump.stderr[-300:])
    for d in folders:
        lines.append(f"{d}: {sorted(p.name for p in d.iterdir()) if d.exists() else 'absent'}")
    lines.append(f"load average {os.getloadavg()}")
    return "\n".join(lines)


def _wait_for(cond, timeout: float = 30.0) -> bool:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if cond():
            return True
        time.sleep(0.05)
    return False


def _wait_or_fail(cond, timeout: float, sid: int, *folders: Path, what: str = "") -> None:
    """Wait for ``cond``; if it does not come, fail saying what the session was doing, and end it."""
    if _wait_for(cond, timeout):
        return
    message = f"{what} (waited {timeout:g} s)\n{_describe(sid, *folders)}"
    for pid in _session_pids(sid):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
    pytest.fail(message)


def _spills(tmp: Path) -> list[Path]:
    return list(tmp.glob(f"{SPILL_PREFIX}*"))


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find the workers")
def test_sigterm_during_an_analysis_removes_its_spill_folder(recs, tmp_path):
    """SIGTERM during a long analysis left hundreds of MB in /tmp/tremor-chunks-*."""
    spill = tmp_path / "tmp"
    spill.mkdir()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tremor", "analyze", str(recs[0]), "-q"],
        env=_env(spill, TREMOR_TEST_SLOW="30"),
        stderr=subprocess.PIPE,
        cwd=tmp_path,
    )
    assert _wait_for(lambda: bool(_spills(spill)), 120)
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 143 and b"Traceback" not in err
    assert _spills(spill) == []


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs /proc to find the workers")
def test_batch_fault_injection_then_rerun_equals_an_uninterrupted_run(recs, tmp_path):
    """A corrupt file, a killed worker, Ctrl-C and kill -9 of the parent, then a rerun.

    Once: Ctrl-C gave an InvalidStateError traceback, a killed worker aborted with 0 of 30 done,
    and a killed batch left its workers running.
    """
    src = tmp_path / "in"
    src.mkdir()
    for i in range(4):
        shutil.copy(recs[i % 3], src / f"r{i}.csv")
    (src / "broken.csv").write_text(BROKEN)
    shutil.copy(recs[0], src / "killme.csv")
    spill = tmp_path / "tmp"
    spill.mkdir()
    cmd = [sys.executable, "-m", "tremor", "analyze", str(src), "--jobs", "2", "-q", "--out"]
    t0 = time.perf_counter()

    # the reference: one uninterrupted run
    ref = subprocess.run(
        [*cmd, str(tmp_path / "ref")], env=_env(spill), capture_output=True, timeout=600, check=False
    )
    assert ref.returncode == 1 and b"Traceback" not in ref.stderr, ref.stderr.decode()
    table = pd.read_csv(tmp_path / "ref" / "summary.csv").set_index("file")
    assert "killed by SIGKILL" in table.loc[str(src / "killme.csv"), "error"]
    assert table.loc[str(src / "broken.csv"), "status"] == "error"
    assert (table.drop([str(src / "killme.csv"), str(src / "broken.csv")]).status == "ok").all()
    t_ref = time.perf_counter() - t0

    out = tmp_path / "out"

    def reports() -> list[Path]:
        return list(out.glob("r*.csv.json"))

    # Ctrl-C (SIGINT to the whole process group, as a terminal sends it) once a report is written; the batch
    # starts with SIGINT's default action, as from a terminal (a suite run in the background by a non-interactive
    # shell, or under nohup, passes SIGINT on ignored, and the Ctrl-C would then not reach it)
    p = subprocess.Popen(
        [*cmd, str(out)],
        env=_env(spill, TREMOR_TEST_SLOW="1"),
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=_sigint_default,
    )
    # generous time-outs: the batch starts several interpreters one after another (the pool, the
    # killed worker's file run alone), minutes on a loaded machine; a hang shows in the message
    _wait_or_fail(lambda: len(reports()) >= 1, 240, p.pid, out, spill, what="no report before Ctrl-C")
    os.killpg(p.pid, signal.SIGINT)
    _, err = p.communicate(timeout=120)
    assert p.returncode == 130 and b"Traceback" not in err and b"interrupted" in err, err.decode()
    partial = pd.read_csv(out / "summary.csv")
    assert (partial.status == "not_run").any() and (partial.status == "ok").any()
    _wait_or_fail(lambda: not _session_pids(p.pid), 30, p.pid, spill, what="workers left after Ctrl-C")
    assert _spills(spill) == []

    # kill -9 of the batch process alone: its workers must end with it and clean up
    p = subprocess.Popen(
        [*cmd, str(out)],
        env=_env(spill, TREMOR_TEST_SLOW="1"),
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    n_before = len(reports())

    def started() -> bool:
        return len(_session_pids(p.pid)) >= 3 and bool(_spills(spill))

    _wait_or_fail(started, 240, p.pid, out, spill, what="workers and a spill folder never seen together")
    p.kill()
    p.wait()
    t_kill = time.perf_counter()
    _wait_or_fail(lambda: not _session_pids(p.pid), 30, p.pid, spill, what="left running after kill -9")
    print(f"workers ended {time.perf_counter() - t_kill:.1f} s after kill -9 of the batch")
    assert _spills(spill) == []
    assert len(reports()) >= n_before

    # the rerun completes; its summary equals the uninterrupted run's
    final = subprocess.run([*cmd, str(out)], env=_env(spill), capture_output=True, timeout=600, check=False)
    assert final.returncode == 1 and b"Traceback" not in final.stderr
    assert (out / "summary.csv").read_text() == (tmp_path / "ref" / "summary.csv").read_text()
    for name in (f"r{i}.csv.json" for i in range(4)):
        mine, theirs = (json.loads((d / name).read_text()) for d in (out, tmp_path / "ref"))
        assert mine["source"]["path"] == theirs["source"]["path"] and mine["sets"] == theirs["sets"]
    assert _spills(spill) == []
    print(f"fault injection: reference run {t_ref:.1f} s, whole test {time.perf_counter() - t0:.1f} s")
