"""Stand-ins for the phone apps, speaking their wire formats: test and try the phone sources without a phone.

* :func:`sensorlogger_messages` cuts a recording into Sensor Logger push messages (the app's JSON:
  ``messageId``, ``sessionId``, ``deviceId``, ``payload`` entries with ``name``, ``time`` in UTC
  epoch ns and a ``values`` object), and :func:`push_messages` POSTs them to a receiver like the
  app does, one batch period apart (``pace`` > 1 runs faster than real time).
* :class:`FakePhyphox` serves a recording the way phyphox's remote access does for the
  "Acceleration (with g)" experiment (``/config``, ``/meta``, ``/time``, ``/control``,
  incremental ``/get``), revealing samples as (paced) time passes after ``start``; it can vanish
  and come back (:meth:`FakePhyphox.vanish`).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import time
import urllib.parse
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Self

import numpy as np

from tremor.core.recording import STANDARD_GRAVITY, Recording
from tremor.live.http import http_request, http_response, read_request_head
from tremor.live.phyphox import PHYPHOX_BUFFERS

__all__ = ["FakePhyphox", "PushResult", "post_body", "push_messages", "sensorlogger_messages"]


def sensorlogger_messages(
    t_unix_ns: np.ndarray,
    acc_mps2: np.ndarray,
    *,
    batch_s: float = 0.2,
    name: str = "totalacceleration",
    units: str = "m/s^2",
    session_id: str = "replay",
    device_id: str = "replay-device",
    first_id: int = 0,
    extra_sensors: bool = True,
) -> list[dict[str, Any]]:
    """Sensor Logger push messages holding these samples, one per ``batch_s`` of sample time.

    ``units="g"`` divides by standard gravity, as the iOS app reports. With ``extra_sensors`` each
    message also carries an entry of a sensor the receiver does not use (``orientation``).
    """
    t = np.asarray(t_unix_ns, dtype=np.int64)
    a = np.asarray(acc_mps2, dtype=np.float64) / (STANDARD_GRAVITY if units == "g" else 1.0)
    edges = np.arange(t[0], t[-1] + 1, int(batch_s * 1e9))
    idx = np.searchsorted(t, edges)
    idx = np.append(idx, t.size)
    messages = []
    mid = first_id
    for i0, i1 in itertools.pairwise(idx):
        if i1 <= i0:
            continue
        payload: list[dict[str, Any]] = [
            {"name": name, "time": int(ti), "values": {"x": float(x), "y": float(y), "z": float(z)}}
            for ti, (x, y, z) in zip(t[i0:i1].tolist(), a[i0:i1].tolist())
        ]
        if extra_sensors:
            payload.append(
                {
                    "name": "orientation",
                    "time": int(t[i0]),
                    "values": {"qx": 0.0, "qy": 0.0, "qz": 0.0, "qw": 1.0},
                }
            )
        messages.append(
            {"messageId": mid, "sessionId": session_id, "deviceId": device_id, "payload": payload}
        )
        mid += 1
    return messages


def recording_unix_ns(recording: Recording, t0_unix_ns: int | None = None) -> np.ndarray:
    """Sample times of ``recording`` as Unix ns (its own start when known, else ``t0_unix_ns`` or now)."""
    if recording.start_unix_s is not None and t0_unix_ns is None:
        t0 = round(recording.start_unix_s * 1e9)
    else:
        t0 = t0_unix_ns if t0_unix_ns is not None else time.time_ns()
    return t0 + np.rint(recording.time_s * 1e9).astype(np.int64)


@dataclass
class PushResult:
    """What the receiver answered: one HTTP status per message sent (None: no connection)."""

    statuses: list[int | None]

    def count(self, status: int | None) -> int:
        return sum(1 for s in self.statuses if s == status)


async def post_body(url: str, body: bytes, *, timeout: float = 5.0) -> int | None:
    """POST ``body`` to ``url`` as JSON (one connection, ``Connection: close``); the status, or None."""
    u = urllib.parse.urlsplit(url)
    try:
        status, _ = await http_request(
            u.hostname or "127.0.0.1",
            u.port or 80,
            "POST",
            u.path or "/",
            body,
            timeout=timeout,
            headers={"Content-Type": "application/json"},
        )
    except (OSError, TimeoutError):
        return None
    return status


async def push_messages(
    url: str, messages: Iterable[dict[str, Any] | bytes], *, period_s: float = 0.2, pace: float = 1.0
) -> PushResult:
    """POST each message (a dict, or raw bytes for malformed ones) ``period_s / pace`` apart, as the app does."""
    statuses: list[int | None] = []
    loop = asyncio.get_running_loop()
    t_next = loop.time()
    for m in messages:
        body = m if isinstance(m, bytes) else json.dumps(m).encode()
        statuses.append(await post_body(url, body))
        t_next += period_s / pace
        await asyncio.sleep(max(0.0, t_next - loop.time()))
    return PushResult(statuses)


class FakePhyphox:
    """A phyphox remote-access server on loopback serving one recording as "Acceleration (with g)".

    Parameters
    ----------
    t_s : array
        Experiment times of the samples (s from the experiment's start).
    acc_mps2 : array (n, 3)
        Acceleration with gravity.
    pace : float
        Experiment seconds per wall second once started.
    start_unix_s : float
        Wall-clock time of the experiment's start (served by ``/time``).
    serve_time : bool
        Serve ``/time`` (phyphox >= 1.1.8); False imitates an older app.
    """

    def __init__(
        self,
        t_s: np.ndarray,
        acc_mps2: np.ndarray,
        *,
        pace: float = 1.0,
        start_unix_s: float = 1_735_725_600.0,
        serve_time: bool = True,
        autostart: bool = False,
    ) -> None:
        self.t = np.asarray(t_s, dtype=np.float64)
        self.a = np.asarray(acc_mps2, dtype=np.float64)
        self.pace = float(pace)
        self.start_unix_s = float(start_unix_s)
        self.serve_time = serve_time
        self.port = 0
        self.requests: list[str] = []
        self._server: asyncio.Server | None = None
        self._started_wall: float | None = None
        self._session = "0a1b2c"
        if autostart:
            self._started_wall = time.monotonic()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def finished(self) -> bool:
        return self._started_wall is not None and self._now() >= float(self.t[-1])

    def _now(self) -> float:
        if self._started_wall is None:
            return -1.0
        return (time.monotonic() - self._started_wall) * self.pace

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._serve, "127.0.0.1", self.port)
        self.port = int(self._server.sockets[0].getsockname()[1])

    async def close(self) -> None:
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()
            self._server = None

    async def vanish(self, seconds: float) -> None:
        """Stop answering (connections refused) for ``seconds`` of wall time; the experiment runs on."""
        await self.close()
        await asyncio.sleep(seconds)
        await self.start()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            req = await read_request_head(reader)
            self.requests.append(req.target)
            status, body = self._route(req.target)
            writer.write(http_response(status, "OK" if status == 200 else "Error", body))
            await writer.drain()
        except (ValueError, ConnectionError):
            pass
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    def _route(self, target: str) -> tuple[int, str]:
        u = urllib.parse.urlsplit(target)
        if u.path == "/config":
            bufs = [{"name": n, "size": 0} for n in PHYPHOX_BUFFERS]
            return 200, json.dumps(
                {
                    "crc32": "00000000",
                    "title": "Acceleration (with g)",
                    "category": "Raw Sensors",
                    "buffers": bufs,
                }
            )
        if u.path == "/meta":
            return 200, json.dumps({"version": "1.1.16", "deviceModel": "Replay", "deviceBrand": "tremor"})
        if u.path == "/time" and self.serve_time:
            if self._started_wall is None:
                return 200, "[]"
            return 200, json.dumps(
                [{"event": "START", "experimentTime": 0.0, "systemTime": self.start_unix_s}]
            )
        if u.path == "/control":
            cmd = urllib.parse.parse_qs(u.query).get("cmd", [""])[0]
            if cmd == "start" and self._started_wall is None:
                self._started_wall = time.monotonic()
            return 200, json.dumps({"result": True})
        if u.path == "/get":
            return 200, self._get(u.query)
        return 404, "{}"

    def _get(self, query: str) -> str:
        visible = self.t <= self._now()
        out: dict[str, Any] = {}
        cols = {"accX": self.a[:, 0], "accY": self.a[:, 1], "accZ": self.a[:, 2], "acc_time": self.t}
        for part in query.split("&"):
            name, _, spec = part.partition("=")
            if name not in cols:
                continue
            sel = visible.copy()
            spec = urllib.parse.unquote(spec)
            if spec and spec != "full":
                threshold, _, ref = spec.partition("|")
                ref_values = cols.get(ref or name, self.t)
                sel &= ref_values > float(threshold)
            out[name] = {
                "size": 0,
                "updateMode": "partial" if spec != "full" else "full",
                "buffer": cols[name][sel].tolist(),
            }
        status = {
            "session": self._session,
            "measuring": self._started_wall is not None and not self.finished,
            "timedRun": False,
            "countDown": 0,
        }
        return json.dumps({"buffer": out, "status": status})
