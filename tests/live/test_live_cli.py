"""`tremor live` / `scan` / `emulate` at the command line: exit codes, Ctrl-C, the display."""

from __future__ import annotations

import asyncio
import io
import os
import signal

import pytest
from live_helpers import log_records, run

from tremor.cli import live as live_cli
from tremor.cli.main import build_parser, main
from tremor.core.stream import LiveStatus
from tremor.live.display import KeyReader, format_card, render_view, status_line
from tremor.live.session_view import LinkQuality, LiveView, SessionState
from tremor.live.set_decisions import SetCard


def _nothing_advertising(monkeypatch, command):
    """Route a live command to a virtual radio on which no band advertises."""
    from tremor.ble.bumble_backend import BumbleCentral
    from tremor.ble.vlink import VirtualLink

    async def with_empty_radio(args):
        central = BumbleCentral(VirtualLink())
        if command == "scan":
            return await live_cli.scan_async(args.timeout, args.profile, backend=central)
        return await live_cli.live_async(args, backend=central)

    monkeypatch.setitem(live_cli.LIVE_HANDLERS, command, lambda args: asyncio.run(with_empty_radio(args)))


@pytest.mark.parametrize(
    "argv",
    [
        ["live", "--scan-timeout", "0.3"],
        ["live", "--device", "Polar Sense 0000", "--scan-timeout", "0.3"],
        ["scan", "--timeout", "0.3"],
    ],
)
def test_no_band_found_exits_2_with_a_clear_message(monkeypatch, tmp_path, capsys, argv):
    """(4) nothing advertising: exit code 2, one clear line on stderr, no log left behind."""
    monkeypatch.chdir(tmp_path)
    _nothing_advertising(monkeypatch, argv[0])
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("tremor: error: no ") and "Traceback" not in err
    assert ("no wristband" in err) or ("no band 'Polar Sense 0000'" in err)
    assert list(tmp_path.glob("*.tlog")) == []


def test_ctrl_c_ends_cleanly_with_summary_and_closed_log(tmp_path):
    """(5) SIGINT during `tremor live --emulated`: exit 0, summary printed, log closed (E record)."""
    log = tmp_path / "ctrlc.tlog"
    args = build_parser().parse_args(
        ["live", "--emulated", "--simulate", "--seed", "3", "--pace", "2", "--plain", "--log", str(log)]
    )
    out = io.StringIO()

    async def main_():
        task = asyncio.create_task(live_cli.live_async(args, out=out))
        for _ in range(200):
            await asyncio.sleep(0.05)
            if log.exists() and "S " in log.read_text():
                break
        await asyncio.sleep(1.5)
        os.kill(os.getpid(), signal.SIGINT)
        return await task

    assert run(main_()) == 0
    text = out.getvalue()
    assert "session ended: stopped with Ctrl-C" in text
    assert f"log written to {log}" in text
    assert "samples over" in text  # the batch-style summary
    assert "muscle imbalance cannot be judged from one sensor" in text  # one source: no left/right
    recs = log_records(log)
    assert recs[-1].startswith("E ") and "stopped with Ctrl-C" in recs[-1]


def _view(**kw):
    status = LiveStatus(
        time_s=123.4,
        rate_hz=199.9,
        phys_rms_mps2=0.061,
        rest_rms_mps2=0.025,
        peak_hz=9.7,
        twitches_last_min=3,
        moving=True,
        in_set=True,
        set_elapsed_s=12.0,
    )
    card = SetCard(
        index=1,
        source="auto",
        start_s=40.0,
        end_s=75.5,
        label="fatigue_tremor",
        report={
            "kind": "reps",
            "tremor": {
                "peak_hz": 8.2,
                "start_peak_hz": 10.1,
                "end_peak_hz": 8.0,
                "rms_mps2": 0.12,
                "power_vs_rest": 9.0,
                "end_to_start_ratio": 4.0,
                "out_of_band": None,
            },
            "fasciculations": {"in_set": 0},
            "causes": [
                {
                    "id": "neuromuscular_fatigue",
                    "likelihood": 0.9,
                    "evidence_grade": "strong",
                    "evidence": "6-12 Hz power rose 4x",
                }
            ],
        },
        recovery_twitches=2,
        recovery_s=30.0,
        recovery_rate_per_min=4.0,
    )
    link = LinkQuality("streaming", 199.9, 1234, 3, 60, 2, 0, 1, 1)
    base = dict(
        state=SessionState.STREAMING,
        device="Polar Sense EMU (F0:00:00:00:00:01)",
        time_s=123.4,
        status=status,
        set_state="set",
        set_source="key",
        set_elapsed_s=12.0,
        rest_elapsed_s=None,
        n_sets=1,
        link=link,
        card=card,
        log_path="x.tlog",
        auto_sets=True,
        keys=True,
    )
    base.update(kw)
    return LiveView(**base)


def test_display_renders_the_required_fields():
    """(6) the rich panel and the plain line show tremor vs rest, peak, twitches, set state, link."""
    from rich.console import Console

    console = Console(record=True, width=140, file=io.StringIO())
    console.print(render_view(_view()))
    text = console.export_text()
    for needle in (
        "Tremor 6-12 Hz",
        "0.061 m/s^2 = 2.4x rest 0.025",
        "█",
        "Peak frequency",
        "9.7 Hz",
        "Twitches, last min",
        "3",
        "IN SET 2 (key) 12 s",
        "199.9 Hz",
        "lost 3",
        "skipped 2",
        "reconnects 1",
        "recovery of set 1: 2 twitch(es) in 30 s",
        "space/Enter",
    ):
        assert needle in text, needle
    line = status_line(_view(set_state="rest", set_source=None, set_elapsed_s=None, rest_elapsed_s=8.0))
    for needle in ("0.061 m/s^2", "peak 9.7 Hz", "twitches/min 3", "rest 8 s", "199.9 Hz", "lost 3"):
        assert needle in line, needle
    card = "\n".join(format_card(_view().card))
    assert "set 1 (auto, reps) 40.0-75.5 s" in card and "fatigue_tremor" in card
    assert "neuromuscular fatigue (likely)" in card  # causes in words, as in the batch summary


def test_display_refreshes_at_least_4_times_a_second(tmp_path):
    """The rich Live panel is redrawn >= 4 Hz while a session streams (here a plain fake session)."""
    from rich.console import Console

    from tremor.live.display import LiveDisplay

    class FakeSession:
        state = SessionState.STREAMING

        def view(self):
            return _view()

    display = LiveDisplay(console=Console(record=True, width=120, file=io.StringIO()), plain=False)
    fake = FakeSession()

    async def main_():
        task = asyncio.create_task(display.run(fake))
        await asyncio.sleep(2.0)
        fake.state = SessionState.CLOSED
        await task

    run(main_())
    assert display.refreshes >= 8


def test_key_reader_maps_keys():
    hits = []
    keys = KeyReader(lambda: hits.append("toggle"), lambda: hits.append("quit"), stdin=io.StringIO())
    keys.feed(" x\nq")
    assert hits == ["toggle", "toggle", "quit"]
    with keys:  # not a terminal: no raw mode, no key input
        assert not keys.active


def test_emulate_command_prints_what_a_client_receives(capsys):
    args = build_parser().parse_args(["emulate", "--simulate", "--pace", "20", "--duration", "2.5"])
    assert run(live_cli.emulate_async(args)) == 0
    out = capsys.readouterr().out
    assert "emulating 'Polar Sense EMU' (pmd)" in out and "connected: 100 Hz" in out
    assert "notifications" in out and "100.0 Hz" in out
