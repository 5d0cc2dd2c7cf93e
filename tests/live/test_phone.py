"""Phones as live sources, end to end without a phone: Sensor Logger HTTP push and phyphox remote access.

A real HTTP client speaking each app's wire format (tremor.live.phone_replay) talks to the real
receiver / poller (tremor.live.phone) over loopback TCP on ephemeral ports, at accelerated pace.
"""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import numpy as np
import pytest
from live_helpers import log_records, run, wait_until

from tremor.core.analysis import analyze
from tremor.core.recording import STANDARD_GRAVITY
from tremor.io import read_recording
from tremor.live.phone import (
    PhyphoxSource,
    SensorLoggerSource,
    SourceState,
    parse_sensorlogger_message,
)
from tremor.live.phone_replay import (
    FakePhyphox,
    post_body,
    push_messages,
    sensorlogger_messages,
)
from tremor.live.session import LiveSession

REALDATA = Path(__file__).resolve().parents[3] / "shared" / "realdata"
T0_NS = 1_735_725_600_000_000_000
FAST = 2000.0  # requests per second allowed in accelerated tests


def _synthetic(n: int = 600, fs: float = 100.0, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    t = T0_NS + np.rint(np.arange(n) * 1e9 / fs).astype(np.int64)
    a = np.array([0.3, -0.5, 9.7]) + 0.05 * rng.standard_normal((n, 3))
    return t, a


async def _drain(src) -> list:
    items = []
    while not src._queue.empty():
        items.append(src._queue.get_nowait())
    return items


def _samples(items) -> tuple[np.ndarray, np.ndarray]:
    chunks = [i for i in items if hasattr(i, "acc_mps2")]
    return (np.concatenate([c.device_time_ns for c in chunks]), np.concatenate([c.acc_mps2 for c in chunks]))


# ------------------------------------------------------------------------------------------ Sensor Logger
def test_sensorlogger_session_end_to_end_log_gives_the_same_sets(tmp_path):
    """A simulated training session pushed as Sensor Logger batches: live sets == `tremor analyze` of the log."""
    from tremor.live.phone_replay import recording_unix_ns
    from tremor.sim.session import simulate_session

    rec = simulate_session(seed=3, fs_hz=100.0, labels=["calm", "fasciculations"]).recording
    t_ns = recording_unix_ns(rec, T0_NS)
    msgs = sensorlogger_messages(t_ns, rec.acc_mps2, batch_s=0.5)
    log = tmp_path / "phone.tlog"

    async def main():
        src = SensorLoggerSource("127.0.0.1", 0, max_requests_per_s=FAST)
        session = LiveSession(src, log)
        task = asyncio.get_running_loop().create_task(session.run())
        await wait_until(
            lambda: (
                (src.state is SourceState.CONNECTING and src.port != 0) or src.state is SourceState.STREAMING
            ),
            timeout=5,
        )
        await wait_until(lambda: src.port != 0 and src._server is not None, timeout=5)
        res = await push_messages(src.url, msgs, period_s=0.5, pace=100.0)
        await wait_until(lambda: src.stats.samples == t_ns.size and src._queue.empty(), timeout=5)
        await asyncio.sleep(0.05)
        session.request_stop("test done")
        return src, session, res, await task

    src, _session, res, live = run(main())
    assert res.count(200) == len(msgs)
    assert src.phone.lost == src.phone.duplicates == src.phone.malformed == 0
    batch = analyze(read_recording(log))
    live_sets = [(s.span.start_s, s.span.end_s, s.label) for s in live.sets]
    batch_sets = [(s.span.start_s, s.span.end_s, s.label) for s in batch.sets]
    assert len(live_sets) == 2 and [s[2] for s in live_sets] == [s[2] for s in batch_sets]
    for (a0, a1, _), (b0, b1, _) in zip(live_sets, batch_sets, strict=True):
        assert abs(a0 - b0) <= 1.0 and abs(a1 - b1) <= 1.0
    logged = read_recording(log)
    assert logged.n_samples == t_ns.size
    np.testing.assert_allclose(logged.acc_mps2, rec.acc_mps2, atol=1e-5)  # the log's count step
    header = json.loads(log_records(log)[1][2:])
    assert header["profile"] == "sensorlogger_http"
    assert header["source"]["stream"] == "totalacceleration" and header["source"]["units"] == "m/s^2"
    end = json.loads(log_records(log)[-1][2:])
    assert end["phone"]["messages"] == len(msgs)


def test_sensorlogger_faults_duplicated_reordered_late_lost():
    t, a = _synthetic(1200)
    msgs = sensorlogger_messages(t, a, batch_s=0.2)  # 60 messages of 20 samples
    order = list(msgs)
    order[5], order[6] = order[6], order[5]  # reordered within the hold: put back in order
    order.insert(10, msgs[8])  # duplicated
    del order[order.index(msgs[20])]  # lost ...
    late = msgs[30]
    del order[order.index(late)]  # ... and one that comes after its turn

    async def main():
        async with SensorLoggerSource("127.0.0.1", 0, hold_s=0.3, max_requests_per_s=FAST) as src:
            r1 = await push_messages(src.url, order[:40], period_s=0.2, pace=20.0)
            await asyncio.sleep(0.5)  # the hold for 20 and 30 expires
            r2 = await push_messages(src.url, [late, *order[40:]], period_s=0.2, pace=20.0)
            await asyncio.sleep(0.5)
            return src, r1.statuses + r2.statuses, await _drain(src)

    src, statuses, items = run(main())
    assert set(statuses) == {200}  # the app is always answered 200 for a well-formed batch
    p = src.phone
    assert (p.duplicates, p.lost, p.late, p.reordered) == (1, 2, 1, 1), p
    tt, aa = _samples(items)
    keep = np.ones(t.size, bool)
    keep[20 * 20 : 21 * 20] = keep[30 * 20 : 31 * 20] = False
    np.testing.assert_array_equal(tt, t[keep])
    np.testing.assert_array_equal(aa, a[keep])
    gaps = [i for i in items if type(i).__name__ == "LinkGap"]
    assert [(g.start_ns, g.end_ns) for g in gaps] == [(t[399], t[420]), (t[599], t[620])]
    assert all("lost" in g.reason for g in gaps)


def test_sensorlogger_malformed_oversized_unauthorised_and_rate_limited():
    t, a = _synthetic(100)
    good = sensorlogger_messages(t, a, batch_s=0.5)

    async def main():
        async with SensorLoggerSource(
            "127.0.0.1", 0, token="s3cret", max_body_bytes=20_000, max_requests_per_s=5.0
        ) as src:
            base = f"http://127.0.0.1:{src.port}"
            out = {
                "ok": await post_body(f"{base}/s3cret", json.dumps(good[0]).encode()),
                "no token": await post_body(f"{base}/", json.dumps(good[1]).encode()),
                "wrong token": await post_body(f"{base}/s3creT", json.dumps(good[1]).encode()),
                "not json": await post_body(f"{base}/s3cret", b"{not json"),
                "bad field": await post_body(
                    f"{base}/s3cret",
                    json.dumps(
                        {
                            "messageId": 1,
                            "payload": [
                                {"name": "totalacceleration", "time": 1, "values": {"x": "a", "y": 0, "z": 0}}
                            ],
                        }
                    ).encode(),
                ),
                "oversized": await post_body(f"{base}/s3cret", b" " * 20_001),
            }
            out["burst"] = [await post_body(f"{base}/s3cret", json.dumps(good[1]).encode()) for _ in range(8)]
            return src, out

    src, out = run(main())
    assert out["ok"] == 200
    assert out["no token"] == out["wrong token"] == 404
    assert out["not json"] == out["bad field"] == 400
    assert out["oversized"] == 413
    assert 429 in out["burst"] and out["burst"][0] == 200
    p = src.phone
    assert (p.unauthorised, p.malformed, p.oversized) == (2, 2, 1) and p.rate_limited >= 1
    assert any("values" not in n and "x" in n for n in p.notes)  # the bad field is named


def test_sensorlogger_error_messages_name_the_place():
    with pytest.raises(Exception, match=r"payload\[0\] \(totalacceleration\)\.x: expected a number"):
        parse_sensorlogger_message(
            b'{"messageId":0,"payload":[{"name":"totalacceleration","time":1,'
            b'"values":{"x":"?","y":0,"z":0}}]}'
        )
    with pytest.raises(Exception, match="missing 'payload'"):
        parse_sensorlogger_message(b'{"messageId":0}')


def test_sensorlogger_beyond_loopback_makes_up_a_token():
    src = SensorLoggerSource("0.0.0.0", 0)  # not started: nothing listens
    assert src.token and len(src.token) >= 16 and src.path == f"/{src.token}"


def test_sensorlogger_test_push_is_answered_200_and_not_used():
    async def main():
        async with SensorLoggerSource("127.0.0.1", 0) as src:
            a = await post_body(src.url, b'{"test": true}')
            b = await post_body(
                src.url, b'{"messageId": 0, "sessionId": "s", "deviceId": "d", "payload": []}'
            )
            return src, a, b

    src, a, b = run(main())
    assert a == b == 200 and src.phone.test_pushes == 2 and src.stats.samples == 0


def test_sensorlogger_phone_vanishes_mid_set_and_comes_back(tmp_path):
    """The phone goes silent for a while (its batches are lost), then pushes again: a logged gap, state shown."""
    t, a = _synthetic(3000)
    msgs = sensorlogger_messages(t, a, batch_s=0.2)  # 150 messages
    log = tmp_path / "vanish.tlog"
    seen_states = []

    async def main():
        src = SensorLoggerSource("127.0.0.1", 0, silence_s=0.3, max_requests_per_s=FAST)
        session = LiveSession(src, log, auto_sets=False)
        task = asyncio.get_running_loop().create_task(session.run())
        await wait_until(lambda: src._server is not None, timeout=5)
        await push_messages(src.url, msgs[:60], period_s=0.2, pace=20.0)
        await asyncio.sleep(0.6)  # silent; batches 60-89 are never delivered
        seen_states.append(src.state)
        await push_messages(src.url, msgs[90:], period_s=0.2, pace=20.0)
        seen_states.append(src.state)
        await wait_until(lambda: src._queue.empty() and src.stats.samples == 120 * 20, timeout=5)
        session.request_stop("test done")
        await task
        return src

    src = run(main())
    assert seen_states == [SourceState.RECONNECTING, SourceState.STREAMING]
    assert src.phone.silences == 1 and src.phone.lost == 30
    rec = read_recording(log)
    assert len(rec.logged_gaps) == 1
    g = rec.logged_gaps[0]
    assert g.start_s == pytest.approx((t[60 * 20 - 1] - t[0]) / 1e9) and g.end_s == pytest.approx(
        (t[90 * 20] - t[0]) / 1e9
    )
    assert "silent" in g.reason


@pytest.mark.skipif(
    not (REALDATA / "sensorlogger-applewatch-swimming").is_dir(),
    reason="/work/shared/realdata (Sensor Logger Apple Watch recordings) is not present",
)
def test_sensorlogger_replays_a_real_apple_watch_recording():
    """The watch's raw accelerometer (g, gravity included) pushed as the app does: every sample arrives exactly."""
    import pandas as pd

    path = REALDATA / "sensorlogger-applewatch-swimming" / "Back0626WatchAccelerometerUncalibrated.csv"
    df = pd.read_csv(path, dtype={"time": "int64"})
    t = df["time"].to_numpy(np.int64)
    g = df[["x", "y", "z"]].to_numpy(np.float64)
    msgs = sensorlogger_messages(
        t, g * STANDARD_GRAVITY, units="g", name="watchaccelerometeruncalibrated", batch_s=0.5
    )

    async def main():
        async with SensorLoggerSource("127.0.0.1", 0, max_requests_per_s=FAST) as src:
            res = await push_messages(src.url, msgs, period_s=0.5, pace=100.0)
            await asyncio.sleep(0.2)
            return src, res, await _drain(src)

    src, res, items = run(main())
    assert res.count(200) == len(msgs)
    tt, aa = _samples(items)
    assert src._source_meta["units"] == "g"
    np.testing.assert_array_equal(tt, t)
    np.testing.assert_allclose(aa, g * STANDARD_GRAVITY, rtol=1e-12)


# ------------------------------------------------------------------------------------------ phyphox
def _phyphox_run(t_s, acc, *, pace, vanish_at=None, vanish_s=0.5, serve_time=True):
    async def main():
        async with FakePhyphox(t_s, acc, pace=pace, serve_time=serve_time) as phone:
            src = PhyphoxSource(phone.url, poll_s=0.05, timeout_s=1.0)
            items = []
            states = []
            async with src:

                async def consume():
                    async for it in src:
                        items.append(it)

                c = asyncio.get_running_loop().create_task(consume())
                if vanish_at is not None:
                    await asyncio.sleep(vanish_at)
                    await phone.vanish(vanish_s)
                    states.append(src.state)
                await wait_until(lambda: phone.finished, timeout=20)
                await asyncio.sleep(0.3)
                await src.aclose()
                await c
            return phone, src, items, states

    return run(main())


def test_phyphox_synthetic_exact_samples_and_time_mapping_and_vanishing():
    fs = 100.0
    n = 800
    t_s = np.arange(n) / fs + 0.004
    rng = np.random.default_rng(1)
    acc = np.array([0.1, 9.7, 0.4]) + 0.05 * rng.standard_normal((n, 3))
    phone, src, items, states = _phyphox_run(t_s, acc, pace=4.0, vanish_at=0.6, vanish_s=0.5)
    tt, aa = _samples(items)
    np.testing.assert_array_equal(aa, acc)  # nothing lost: phyphox keeps its buffers while we are away
    expected_ns = 1_735_725_600 * 10**9 + np.rint(t_s * 1e9).astype(np.int64)
    assert np.max(np.abs(tt - expected_ns)) <= 1  # /time START event maps experiment to wall time
    assert states and states[0] is SourceState.RECONNECTING
    assert src.phone.silences == 1 and src.phone.poll_errors >= 1
    assert any(r.startswith("/control?cmd=start") for r in phone.requests)
    assert any("|acc_time" in r for r in phone.requests)  # incremental reads
    assert src.log_header()["source"]["time_mapping"] == "phyphox /time events"


@pytest.mark.skipif(
    not (REALDATA / "phyphox-walk-newheader").is_dir(),
    reason="/work/shared/realdata (phyphox export) is not present",
)
def test_phyphox_replays_a_real_recording():
    """A real phyphox recording served by the fake phone. It holds linear acceleration, so 1 g is added
    on z to give the shape of "Acceleration (with g)"; every sample must arrive unchanged."""
    import pandas as pd

    df = pd.read_csv(REALDATA / "phyphox-walk-newheader" / "Linear Accelerometer.csv").iloc[:1500]
    t_s = df.iloc[:, 0].to_numpy(float)
    acc = df.iloc[:, 1:4].to_numpy(float) + np.array([0.0, 0.0, STANDARD_GRAVITY])
    _phone, src, items, _ = _phyphox_run(t_s, acc, pace=10.0, serve_time=False)
    tt, aa = _samples(items)
    np.testing.assert_array_equal(aa, acc)
    np.testing.assert_allclose(np.diff(tt) / 1e9, np.diff(t_s), atol=2e-9)
    assert "host clock" in src.log_header()["source"]["time_mapping"]


def test_cli_phone_sources_refuse_bad_arguments(capsys):
    from tremor.cli.main import main

    assert main(["live", "--source", "phyphox"]) == 2
    assert "--url" in capsys.readouterr().err
    assert main(["live", "--source", "sensorlogger", "--listen", "nonsense"]) == 2
    assert "HOST:PORT" in capsys.readouterr().err
    assert (
        main(
            ["live", "--source", "phyphox", "--url", "http://127.0.0.1:1", "--log", "/nonexistent-dir/x.tlog"]
        )
        == 2
    )
