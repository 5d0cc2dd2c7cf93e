"""Two wrists at once, live: two emulated bands (bleak -> Bumble virtual radio -> two PMD bands), one
with a known imbalance, through PairSession; and `tremor analyze LEFT RIGHT --pair` of its two logs."""

from __future__ import annotations

import asyncio
import io
import json

import pytest
from live_helpers import FAST, log_records, run

from tremor.ble import BandStream
from tremor.ble.commands import open_emulator_pair
from tremor.cli import live as live_cli
from tremor.cli.main import build_parser, main
from tremor.live.pair import PairSession, pair_log_paths
from tremor.live.pair_display import PairDisplay, format_pair_card
from tremor.live.sources import simulated_pair_sources

# seed 5 with these labels: sets at about 49-93 s and 148-189 s, 220 s in all
SEED, LABELS, SCALE, FS = 5, ["calm", "fatigue_tremor"], 3.0, 52.0


def _pair_session(tmp_path, stronger: str, pace: float = 80.0):
    sources = simulated_pair_sources(
        seed=SEED, fs_hz=FS, labels=LABELS, stronger=stronger, tremor_scale=SCALE
    )
    logs = pair_log_paths(tmp_path / "pair.tlog")
    out = io.StringIO()
    display = PairDisplay(plain=True, out=out)

    async def main_():
        async with open_emulator_pair(
            *sources, "pmd", fs=FS, pace=pace, record=False, frame_duration_s=0.5
        ) as handle:
            assert handle.left.address != handle.right.address
            streams = {
                side: BandStream(
                    name, profile="pmd", backend=handle.backends, reconnect=FAST, yield_bad_frames=True
                )
                for side, name in zip(("left", "right"), handle.names, strict=True)
            }
            pair = PairSession(streams, logs, on_event=display.handle_pair_event)
            display_task = asyncio.create_task(display.run_pair(pair))
            result = await pair.run()
            await display_task
            return pair, result

    pair, result = run(main_())
    return pair, result, logs, out.getvalue()


@pytest.mark.parametrize("stronger", ["left"])
def test_two_band_session_names_the_stronger_side_and_agrees_with_analyze_pair(tmp_path, capsys, stronger):
    pair, live, logs, shown = _pair_session(tmp_path, stronger)
    assert not pair.errors
    for side in ("left", "right"):
        s = pair.sessions[side]
        assert s.stop_reason == "the band ended the measurement"
        header = json.loads(log_records(logs[side])[1][2:])
        assert header["side"] == side and header["device"]["name"].endswith(" L" if side == "left" else " R")
        assert log_records(logs[side])[-1].startswith("E ")
    # a left/right card for each set, as soon as both sides confirmed it, naming the stronger side
    assert [(c.comparison.left.index, c.comparison.right.index) for c in pair.pair_cards] == [(1, 1), (2, 2)]
    for card in pair.pair_cards:
        c = card.comparison
        assert c.tremor_side == stronger
        x = c.power_ratio if stronger == "left" else 1.0 / c.power_ratio
        assert 5.0 < x < 13.0  # 3x amplitude: 9x power, less noise
        text = "\n".join(format_pair_card(card))
        assert f"tremor higher on the {stronger}" in text and f"power {stronger}/" in text
    assert pair.pair_cards[-1].imbalance is not None
    assert f"higher on the {stronger}" in pair.pair_cards[-1].imbalance.evidence
    assert f"tremor higher on the {stronger}" in shown and "left/right: 2 set(s) compared" in shown
    assert shown.count("== LEFT set 1") >= 1 and shown.count("== RIGHT set 2") >= 1
    # timelines aligned by the stamps mapped to the wall clock, within the connection set-up time (the second
    # band's set-up took 1.5 s on a loaded 2-core machine: the suite's other worker and helpers beside it)
    assert live is not None and live.alignment.method == "wall_clock"
    assert abs(live.alignment.offset_s) < 3.0
    (cause,) = live.causes
    assert cause.id == "muscle_imbalance" and f"higher on the {stronger}" in cause.evidence
    # the two logs, analysed as a pair, give the same comparison
    out = tmp_path / "pair.json"
    assert (
        main(["analyze", str(logs["left"]), str(logs["right"]), "--pair", "--json", str(out), "--quiet"]) == 0
    )
    doc = json.loads(out.read_text())["pair"]
    assert doc["alignment"]["method"] == "wall_clock"
    assert doc["alignment"]["offset_s"] == pytest.approx(live.alignment.offset_s, abs=1e-3)
    assert [(c["left"]["index"], c["right"]["index"]) for c in doc["sets"]] == [
        (c.left.index, c.right.index) for c in live.sets
    ]
    for c_doc, c_live in zip(doc["sets"], live.sets, strict=True):
        assert c_doc["tremor_higher_side"] == c_live.tremor_side == stronger
        assert c_doc["power_ratio_left_over_right"] == pytest.approx(c_live.power_ratio, rel=0.02)
        assert abs(c_doc["start_s"] - c_live.start_s) <= 1.0 and abs(c_doc["end_s"] - c_live.end_s) <= 1.0
    assert [c["id"] for c in doc["causes"]] == ["muscle_imbalance"]


def test_cli_emulated_pair_prints_the_pair_summary_and_writes_both_logs(tmp_path, monkeypatch):
    """`tremor live --emulated --pair --stronger right`: exit 0, two logs, the left/right summary, --json.

    The simulated session is cut to its first set (the test above checks the numbers over two)."""
    from tremor.live import sources as live_sources

    full = live_sources.simulated_pair_sources

    def first_set(**kw):
        return full(**{**kw, "labels": LABELS, "max_s": 110.0})

    monkeypatch.setattr(live_sources, "simulated_pair_sources", first_set)
    log, js = tmp_path / "cli.tlog", tmp_path / "cli.json"
    args = build_parser().parse_args(
        [
            "live",
            "--emulated",
            "--pair",
            "--seed",
            str(SEED),
            "--stronger",
            "right",
            "--pace",
            "80",
            "--plain",
        ]
        + ["--log", str(log), "--json", str(js)]
    )
    out = io.StringIO()
    assert run(live_cli.live_async(args, out=out), timeout=90) == 0
    text = out.getvalue()
    logs = pair_log_paths(log)
    assert all(p.exists() for p in logs.values())
    assert "LEFT vs RIGHT" in text and "muscle_imbalance" in text and "higher on the right" in text
    assert f"tremor analyze {logs['left']} {logs['right']} --pair" in text
    assert "cannot be judged from one sensor" not in text
    doc = json.loads(js.read_text())
    assert doc["schema"] == "tremor.pair/1" and doc["pair"]["causes"][0]["id"] == "muscle_imbalance"


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["--left", "band:A"], "--left and --right go together"),
        (["--left", "band:A", "--right", "band:A"], "the same source"),
        (["--left", "bluetooth:A", "--right", "band:B"], "expected band:NAME|ADDRESS"),
        (["--left", "sensorlogger:8000", "--right", "band:B"], "sensorlogger needs HOST:PORT"),
        (["--left", "band:A", "--right", "band:B", "--device", "C"], "not --source or --device"),
        (["--emulated", "--pair", "--from", "x.csv"], "use --simulate, not --from"),
        (["--emulated", "--pair", "--left", "band:A", "--right", "band:B"], "does not go with --left"),
        (["--stronger", "left"], "--stronger is for an emulated pair"),
        (["--emulated", "--pair", "--tremor-scale", "0"], "--tremor-scale must be in"),
    ],
)
def test_bad_pair_options_exit_2_with_the_reason(tmp_path, monkeypatch, capsys, argv, message):
    monkeypatch.chdir(tmp_path)
    assert main(["live", *argv]) == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err
    assert list(tmp_path.glob("*.tlog")) == []


def test_emulate_pair_without_serve_is_refused(capsys):
    assert main(["emulate", "--simulate", "--pair"]) == 2
    assert "needs --serve" in capsys.readouterr().err
