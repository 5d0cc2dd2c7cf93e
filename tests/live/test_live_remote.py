"""`tremor emulate --serve` in one process, `tremor live --emulated-at` in another (loopback TCP HCI)."""

from __future__ import annotations

import asyncio
import io
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time

import pytest
from live_helpers import log_records, run

from tremor.cli import live as live_cli
from tremor.cli.main import build_parser, main
from tremor.errors import ParameterError

pytest.importorskip("bumble")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class _Lines:
    """A subprocess's stdout lines, read by a thread, waited for with a time limit."""

    def __init__(self, stream) -> None:
        self.lines: list[str] = []
        self._q: queue.Queue[str | None] = queue.Queue()
        self.thread = threading.Thread(target=self._pump, args=(stream,), daemon=True)
        self.thread.start()

    def _pump(self, stream) -> None:
        for line in stream:
            self._q.put(line.rstrip("\n"))
        self._q.put(None)

    def wait_for(self, needle: str, timeout: float) -> str | None:
        deadline = time.monotonic() + timeout
        while True:
            hit = next((ln for ln in self.lines if needle in ln), None)
            if hit is not None:
                return hit
            left = deadline - time.monotonic()
            if left <= 0:
                return None
            try:
                line = self._q.get(timeout=left)
            except queue.Empty:
                return None
            if line is None:  # the process closed its stdout
                return next((ln for ln in self.lines if needle in ln), None)
            self.lines.append(line)


@pytest.fixture
def served_band():
    """`tremor emulate --simulate --pace 4 --serve tcp:127.0.0.1:<free port>` as a subprocess."""
    port = _free_port()
    spec = f"tcp:127.0.0.1:{port}"
    proc = subprocess.Popen(
        [sys.executable, "-m", "tremor", "emulate", "--simulate", "--pace", "4", "--serve", spec],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    lines = _Lines(proc.stdout)
    try:
        if lines.wait_for("reach it from another process", timeout=30.0) is None:
            proc.kill()
            proc.wait(timeout=10)
            err = proc.stderr.read()
            if "cannot serve the emulated band" in err:
                pytest.skip(f"Bumble's TCP HCI transport cannot be opened here: {err.strip()}")
            pytest.fail(f"the emulator did not start serving; stdout {lines.lines!r}, stderr {err!r}")
        yield spec, proc, lines
    finally:
        if proc.poll() is None:
            proc.kill()
        proc.wait(timeout=10)
        lines.thread.join(timeout=5)
        proc.stdout.close()
        proc.stderr.close()


def test_live_session_in_another_process_reaches_the_served_band(tmp_path, served_band):
    spec, proc, lines = served_band
    log = tmp_path / "remote.tlog"
    args = build_parser().parse_args(["live", "--emulated-at", spec, "--plain", "--log", str(log)])
    out = io.StringIO()

    async def main_():
        task = asyncio.create_task(live_cli.live_async(args, out=out))
        async with asyncio.timeout(20.0):
            while not (log.exists() and "\nS " in log.read_text()):
                if task.done():
                    return await task
                await asyncio.sleep(0.05)
        await asyncio.sleep(2.5)  # ~10 s of device time at pace 4
        os.kill(os.getpid(), signal.SIGINT)  # the session's own Ctrl-C handler ends it cleanly
        return await task

    assert run(main_(), timeout=40.0) == 0
    text = out.getvalue()
    assert f"reaching the emulated band served at {spec}" in text
    assert "found Polar Sense EMU" in text and "session ended: stopped with Ctrl-C" in text
    recs = log_records(log)
    assert sum(r.startswith("S ") for r in recs) >= 50
    assert recs[-1].startswith("E ") and "stopped with Ctrl-C" in recs[-1]
    from tremor.io import read_recording

    rec = read_recording(log)
    assert rec.time_s.size >= 500 and rec.time_s[-1] - rec.time_s[0] >= 5.0  # >= 5 s of 100 Hz samples
    # the emulator saw the client come and go, and is back to advertising for the next one
    assert lines.wait_for("clients: 1; band streaming", timeout=5.0)
    assert lines.wait_for("clients: 0; band advertising", timeout=10.0)
    proc.send_signal(signal.SIGTERM)
    assert proc.wait(timeout=15) == 0
    assert lines.wait_for("emulator stopped: terminated", timeout=5.0)


def test_emulated_at_accepts_only_loopback_and_reports_nothing_served(capsys, tmp_path):
    from tremor.ble.hci_transport import parse_transport_spec

    assert str(parse_transport_spec("tcp:localhost:9000")) == "tcp:127.0.0.1:9000"
    assert str(parse_transport_spec("127.0.0.1:9001")) == "tcp:127.0.0.1:9001"
    for bad in (
        "tcp:0.0.0.0:9000",
        "tcp:192.168.1.5:9000",
        "tcp:example.com:9000",
        "tcp:[::1]:9000",
        "tcp:127.0.0.1:x",
        "tcp:127.0.0.1:0",
        "9000",
    ):
        with pytest.raises(ParameterError):
            parse_transport_spec(bad)
    assert main(["live", "--emulated-at", "tcp:10.0.0.1:9000", "--log", str(tmp_path / "a.tlog")]) == 2
    assert "only loopback addresses" in capsys.readouterr().err
    assert main(["emulate", "--simulate", "--serve", "tcp:0.0.0.0:9000"]) == 2
    assert "only loopback addresses" in capsys.readouterr().err
    # nothing served at that port: one clear line, exit 2, no log
    port = _free_port()
    assert main(["live", "--emulated-at", f"tcp:127.0.0.1:{port}", "--log", str(tmp_path / "b.tlog")]) == 2
    err = capsys.readouterr().err
    assert f"no emulated band is served at tcp:127.0.0.1:{port}" in err and "Traceback" not in err
    assert not (tmp_path / "b.tlog").exists()
