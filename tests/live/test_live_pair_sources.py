"""Two wrists from two kinds of source, and one side lost mid-session.

* A band (the emulator over the Bumble virtual radio) on the left and a phone (Sensor Logger HTTP
  push replayed over loopback, as tests/live/test_phone.py does) on the right, through PairSession:
  the first set is compared; the phone then stops pushing, the band goes on, and what could not be
  compared is said.
* `tremor live --emulated --pair` whose left band vanishes for good after the first set: the right
  side carries on to the end, the display says the left was lost, the summary says which sets could
  not be compared, and the exit code is 2 (docs/live.md).
"""

from __future__ import annotations

import asyncio
import io
import time

from live_helpers import FAST, run, wait_until

from tremor.ble import BandStream, ReconnectPolicy
from tremor.ble.commands import open_emulator
from tremor.cli import live as live_cli
from tremor.cli.main import build_parser
from tremor.live.pair import PairSession, pair_log_paths
from tremor.live.pair_display import PairDisplay
from tremor.live.phone import SensorLoggerSource, SourceState
from tremor.live.phone_replay import push_messages, recording_unix_ns, sensorlogger_messages
from tremor.live.session_view import SessionState
from tremor.live.sources import simulated_pair_sources
from tremor.sim.pair import simulate_pair

# seed 5 with these labels: sets at about 49-93 s and 148-189 s, 220 s in all
SEED, LABELS, SCALE, FS, PACE = 5, ["calm", "fatigue_tremor"], 3.0, 52.0, 60.0
PHONE_STOPS_S = 115.0  # the phone pushes the first set and its recovery, then nothing


def test_band_and_phone_compare_the_first_set_then_the_phone_stops(tmp_path):
    left_src, _ = simulated_pair_sources(
        seed=SEED, fs_hz=FS, labels=LABELS, stronger="right", tremor_scale=SCALE
    )
    right_rec = simulate_pair(seed=SEED, fs_hz=FS, labels=LABELS, right_tremor_scale=SCALE).right
    t0 = time.time_ns()
    msgs = sensorlogger_messages(recording_unix_ns(right_rec, t0), right_rec.acc_mps2, batch_s=0.5)
    msgs = msgs[: int(PHONE_STOPS_S / 0.5)]
    logs = pair_log_paths(tmp_path / "mixed.tlog")
    out = io.StringIO()
    display = PairDisplay(plain=True, out=out)

    async def main():
        async with open_emulator(left_src, "pmd", fs=FS, pace=PACE, record=False) as handle:
            phone = SensorLoggerSource("127.0.0.1", 0, silence_s=0.5, max_requests_per_s=2000.0)
            band = BandStream(handle.name, profile="pmd", backend=handle.backends, reconnect=FAST)
            pair = PairSession({"left": band, "right": phone}, logs, on_event=display.handle_pair_event)
            shown = asyncio.create_task(display.run_pair(pair))
            running = asyncio.create_task(pair.run())
            await wait_until(lambda: phone._server is not None and phone.port != 0, timeout=10)
            pushed = await push_messages(phone.url, msgs, period_s=0.5, pace=PACE)
            await wait_until(lambda: left_src.exhausted, timeout=30)  # the band goes on alone
            await wait_until(lambda: pair.sessions["left"].state.value == "closed", timeout=10)
            # the phone went silent: waited for (a phone may come back), shown as reconnecting
            await wait_until(lambda: phone.state is SourceState.RECONNECTING, timeout=5)
            await wait_until(lambda: pair.sessions["right"].state is SessionState.RECONNECTING, timeout=5)
            states = phone.state
            pair.request_stop("test done")
            await running
            await shown
            return pair, pushed, states

    pair, pushed, phone_state = run(main(), timeout=90)
    assert set(pushed.statuses) == {200}
    assert phone_state is SourceState.RECONNECTING
    assert not pair.errors and not pair.lost_at_s  # a silent phone is not a failure: exit code 0
    assert pair.sessions["left"].stop_reason == "the band ended the measurement"
    # the first set, seen by both, was compared live: the right (the phone) shakes more
    assert [(c.comparison.left.index, c.comparison.right.index) for c in pair.pair_cards] == [(1, 1)]
    assert pair.pair_cards[0].comparison.tremor_side == "right"
    final = pair.pair
    assert final is not None and final.alignment.method == "wall_clock"
    assert abs(final.alignment.offset_s) < 2.0
    assert [(c.left.index, c.right.index) for c in final.sets] == [(1, 1)]
    # the band's second set had no phone to compare with, and the comparison says so
    assert final.unmatched_left == (2,) and final.unmatched_right == ()
    assert any("seen by one sensor only" in n and "left 2" in n for n in final.notes)
    text = out.getvalue()
    assert "RIGHT link lost: reconnecting..." in text and "left/right: 1 set(s) compared" in text


def test_cli_pair_left_band_vanishes_right_goes_on_exit_2(tmp_path, monkeypatch):
    """The left band powers off for good at 120 s of its session (after set 1): exit 2, both summaries."""
    import tremor.ble
    from tremor.ble import commands
    from tremor.live import sources as live_sources

    full_pair, full_open = live_sources.simulated_pair_sources, commands.open_emulator_pair
    vanish: dict[str, object] = {}

    class Vanishing(live_sources.EmulatorSource):
        def __iter__(self):
            for t_ns, chunk in self.chunks:
                if (t_ns - self.chunks[0][0]) / 1e9 >= 120.0 and "band" in vanish:
                    asyncio.get_running_loop().create_task(vanish.pop("band").stop())  # gone for good
                yield t_ns, chunk

    def sources(**kw):
        left, right = full_pair(**{**kw, "labels": LABELS})
        return Vanishing(left.fs_hz, left.duration_s, left.description, left.chunks), right

    def open_pair(*a, **kw):
        cm = full_open(*a, **kw)

        class Wrapped:
            async def __aenter__(self):
                handle = await cm.__aenter__()
                vanish["band"] = handle.left
                return handle

            async def __aexit__(self, *exc):
                return await cm.__aexit__(*exc)

        return Wrapped()

    monkeypatch.setattr(live_sources, "simulated_pair_sources", sources)
    monkeypatch.setattr(commands, "open_emulator_pair", open_pair)
    # the lost band is given up after two quick attempts (the default policy tries for about a minute)
    # of at most 1 s each (a connection to a band that is gone waits 15 s by default)
    quick = ReconnectPolicy(initial_s=0.05, factor=1.0, max_delay_s=0.05, max_attempts=2)
    monkeypatch.setattr(
        tremor.ble,
        "BandStream",
        lambda *a, **kw: BandStream(*a, **{**kw, "reconnect": quick, "connect_timeout": 1.0}),
    )
    log = tmp_path / "lost.tlog"
    argv = ["live", "--emulated", "--pair", "--seed", str(SEED), "--stronger", "right", "--pace", str(PACE)]
    args = build_parser().parse_args([*argv, "--plain", "--scan-timeout", "0.3", "--log", str(log)])
    out = io.StringIO()
    assert run(live_cli.live_async(args, out=out), timeout=90) == 2
    text = out.getvalue()
    # the display said which side was lost, and the right side went on to its end
    assert "LEFT side lost at 1" in text and "the right side goes on alone" in text
    assert "right: session ended: the band ended the measurement" in text  # not stopped by the left
    assert "left: failed: " in text
    # set 1 was compared; the right's set 2 could not be
    assert "== LEFT set 1" in text and "== RIGHT set 2" in text
    assert "LEFT vs RIGHT" in text and "right set(s) 2 could not be compared with the left" in text
    logs = pair_log_paths(log)
    assert all(p.exists() for p in logs.values())
    assert f"tremor analyze {logs['left']} {logs['right']} --pair" in text
