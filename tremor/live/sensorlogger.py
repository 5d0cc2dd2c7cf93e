"""Sensor Logger HTTP push as a live source (iOS and Android phones; watches stream through the phone).

:class:`SensorLoggerSource` runs a small HTTP server (stdlib asyncio streams) that receives the
JSON batches Sensor Logger pushes: ``{"messageId", "sessionId", "deviceId", "payload": [{"name",
"time" (UTC epoch ns), "values": {...}}, ...]}``. Batches are put in ``messageId`` order (held up
to ``hold_s`` for a late one); duplicates and batches whose turn has passed are counted and not
used, missing ones are counted as lost and logged as gaps. It listens on loopback unless told
otherwise; on any other interface the URL path must carry a token. Request size and rate are
limited. Samples keep the phone's own time stamps (Unix ns); nothing is resampled. The stream of
acceleration *with* gravity is used (the live analysis needs the wrist's orientation).

Size (issue 8): just over 500 lines as one job, this one source: checking a pushed batch
(:func:`parse_sensorlogger_message`) and the server that orders, holds and releases the batches
share the message type and its limits; the HTTP reading is in :mod:`tremor.live.http` and what
every phone source shares in :mod:`tremor.live.phone_common`.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
import math
import secrets
import time
import urllib.parse
from collections import deque
from dataclasses import dataclass
from typing import Any, Self

import numpy as np

from tremor.core.recording import STANDARD_GRAVITY
from tremor.errors import DeviceError, FormatError, ParameterError
from tremor.live.http import MAX_LINE, http_response, read_request_head
from tremor.live.phone_common import PhoneDevice, QueueSource, SourceState, is_loopback

__all__ = [
    "MAX_BODY_BYTES",
    "MAX_REQUESTS_PER_S",
    "SENSORLOGGER_STREAMS",
    "SensorLoggerSource",
    "parse_sensorlogger_message",
]

#: Sensor Logger streams that carry acceleration *with* gravity, best first. ``accelerometer``
#: (gravity removed) is used only together with ``gravity`` (summed where the time stamps match).
SENSORLOGGER_STREAMS = (
    "totalacceleration",
    "accelerometeruncalibrated",
    "watchaccelerometeruncalibrated",
    "wristmotion",
    "accelerometer+gravity",
)
#: Largest request body accepted (bytes). A one-second batch of every phone sensor at 100 Hz is
#: about 150 kB.
MAX_BODY_BYTES = 2_000_000
#: Requests per second accepted from one address (Sensor Logger's shortest batch period is
#: well above 0.02 s).
MAX_REQUESTS_PER_S = 50.0


@dataclass(frozen=True)
class _Message:
    message_id: int
    session_id: str
    device_id: str
    streams: dict[
        str, tuple[np.ndarray, np.ndarray]
    ]  # name -> (t_ns, values (n, 3) or (n, 6) for wristmotion)


def _num(v: Any, where: str) -> float:
    if isinstance(v, bool) or not isinstance(v, (int, float, str)):
        raise FormatError(f"{where}: expected a number, found {type(v).__name__}")
    try:
        x = float(v)
    except ValueError:
        raise FormatError(f"{where}: expected a number, found {v!r}") from None
    if not math.isfinite(x):
        raise FormatError(f"{where}: expected a finite number, found {v!r}")
    return x


def _time_ns(v: Any, where: str) -> int:
    if isinstance(v, bool):
        raise FormatError(f"{where}.time: expected integer epoch nanoseconds, found {v!r}")
    if isinstance(v, int):
        return v
    if isinstance(v, str) and v.strip().lstrip("-").isdigit():
        return int(v)
    if isinstance(v, float) and math.isfinite(v):
        return round(v)
    raise FormatError(f"{where}.time: expected integer epoch nanoseconds, found {v!r}")


_FIELDS = {
    "totalacceleration": ("x", "y", "z"),
    "accelerometeruncalibrated": ("x", "y", "z"),
    "watchaccelerometeruncalibrated": ("x", "y", "z"),
    "accelerometer": ("x", "y", "z"),
    "gravity": ("x", "y", "z"),
    "wristmotion": ("gravityX", "gravityY", "gravityZ", "accelerationX", "accelerationY", "accelerationZ"),
}


def parse_sensorlogger_message(body: bytes) -> _Message:
    """Parse one Sensor Logger push message; :class:`FormatError` says what is wrong and where.

    Entries of sensors this tool does not use are skipped. Each used entry's values are read from
    its ``values`` object (the app's format) or, failing that, from fields beside ``name`` and ``time``.
    """
    try:
        obj = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise FormatError(f"not JSON ({exc})") from None
    if not isinstance(obj, dict):
        raise FormatError(
            f"expected a JSON object with messageId, sessionId, deviceId, payload; found {type(obj).__name__}"
        )
    for key in ("messageId", "payload"):
        if key not in obj:
            raise FormatError(f"missing {key!r} (expected messageId, sessionId, deviceId, payload)")
    mid = obj["messageId"]
    if isinstance(mid, bool) or not isinstance(mid, int):
        raise FormatError(f"messageId: expected an integer, found {mid!r}")
    payload = obj["payload"]
    if not isinstance(payload, list):
        raise FormatError(f"payload: expected a list, found {type(payload).__name__}")
    rows: dict[str, tuple[list[int], list[list[float]]]] = {}
    for i, entry in enumerate(payload):
        where = f"payload[{i}]"
        if not isinstance(entry, dict) or "name" not in entry:
            raise FormatError(f"{where}: expected an object with 'name' and 'time'")
        name = str(entry["name"]).lower()
        fields = _FIELDS.get(name)
        if fields is None:
            continue
        if "time" not in entry:
            raise FormatError(f"{where} ({name}): missing 'time'")
        values = entry.get("values", entry)
        if not isinstance(values, dict):
            raise FormatError(f"{where} ({name}).values: expected an object, found {type(values).__name__}")
        missing = [f for f in fields if f not in values]
        if missing:
            raise FormatError(
                f"{where} ({name}): values lack {', '.join(missing)} (expected {', '.join(fields)})"
            )
        ts, vs = rows.setdefault(name, ([], []))
        ts.append(_time_ns(entry["time"], where))
        vs.append([_num(values[f], f"{where} ({name}).{f}") for f in fields])
    streams = {
        k: (np.asarray(t, dtype=np.int64), np.asarray(v, dtype=np.float64)) for k, (t, v) in rows.items()
    }
    return _Message(mid, str(obj.get("sessionId", "")), str(obj.get("deviceId", "")), streams)


def _is_test_push(body: bytes) -> bool:
    """A JSON object without ``messageId`` or with an empty payload: what a connection test sends.

    The app's "Tap to Test Pushing" body is not documented; anything of that shape is answered 200
    and counted (``test_pushes``), never used as samples.
    """
    try:
        obj = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        return False
    return isinstance(obj, dict) and ("messageId" not in obj or obj.get("payload") == [])


def _with_gravity(msg: _Message, stream: str) -> tuple[np.ndarray, np.ndarray] | None:
    """The acceleration-with-gravity samples of ``stream`` in ``msg`` (app units), or None."""
    if stream == "accelerometer+gravity":
        if "accelerometer" not in msg.streams or "gravity" not in msg.streams:
            return None
        ta, va = msg.streams["accelerometer"]
        tg, vg = msg.streams["gravity"]
        common, ia, ig = np.intersect1d(ta, tg, return_indices=True)
        return common, va[ia] + vg[ig]
    if stream not in msg.streams:
        return None
    t, v = msg.streams[stream]
    if stream == "wristmotion":
        return t, v[:, :3] + v[:, 3:]
    return t, v


def _units_scale(v: np.ndarray, stream: str) -> tuple[float, str]:
    """m/s^2 per app unit, told from the magnitude of the gravity-including samples."""
    norm = float(np.median(np.linalg.norm(v, axis=1)))
    if 0.6 <= norm <= 1.6:
        return STANDARD_GRAVITY, "g"
    if 6.0 <= norm <= 16.0:
        return 1.0, "m/s^2"
    raise FormatError(
        f"{stream}: cannot tell the units: the median magnitude of the acceleration with "
        f"gravity is {norm:.3g} (expected about 1 for g or 9.8 for m/s^2)"
    )


class SensorLoggerSource(QueueSource):
    """Receive Sensor Logger's HTTP push batches (see the module docstring).

    Parameters
    ----------
    host : str
        Interface to listen on; loopback by default. Any other requires a token in the URL path.
    port : int
        Port; 0 picks a free one (:attr:`port` then says which).
    token : str or None
        Required path ``/<token>``; generated when ``host`` is not loopback and none is given.
    hold_s : float
        How long a batch is held for a missing earlier one before that one counts as lost.
    silence_s : float
        No batch for this long: the phone counts as gone (state ``reconnecting``) until one comes.
    max_body_bytes, max_requests_per_s : int, float
        Limits per request and per client address.
    """

    profile_name = "sensorlogger_http"

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 8000,
        *,
        token: str | None = None,
        hold_s: float = 1.0,
        silence_s: float = 3.0,
        max_body_bytes: int = MAX_BODY_BYTES,
        max_requests_per_s: float = MAX_REQUESTS_PER_S,
    ) -> None:
        super().__init__()
        if not is_loopback(host) and not token:
            token = secrets.token_urlsafe(12)
        if token is not None and (not token or not all(c.isalnum() or c in "-_" for c in token)):
            raise ParameterError(f"token must be letters, digits, '-' or '_', got {token!r}")
        self.host = host
        self.port = int(port)
        self.token = token
        self.hold_s = float(hold_s)
        self.silence_s = float(silence_s)
        self.max_body_bytes = int(max_body_bytes)
        self.max_requests_per_s = float(max_requests_per_s)
        self._server: asyncio.Server | None = None
        self._tasks: set[asyncio.Task[Any]] = set()
        self._ticker: asyncio.Task[Any] | None = None
        self._buckets: dict[str, tuple[float, float]] = {}
        self._session_id: str | None = None
        self._expected: int | None = None
        self._pending: dict[int, tuple[int, _Message]] = {}
        self._seen: deque[int] = deque(maxlen=4096)
        self._seen_set: set[int] = set()
        self._stream_name: str | None = None
        self._scale: float | None = None
        self._last_msg_wall: float | None = None
        self._pending_gap: str | None = None
        #: called once the server listens (the CLI prints the URL to enter in the app)
        self.on_listening: Any = None

    # ----------------------------------------------------------------- lifecycle
    @property
    def path(self) -> str:
        return f"/{self.token}" if self.token else "/"

    @property
    def url(self) -> str:
        """The URL to type into the app (``host`` as given; see :meth:`addresses_to_enter`)."""
        return f"http://{self.host}:{self.port}{self.path}"

    def addresses_to_enter(self) -> list[str]:
        """URLs to type into Sensor Logger's "Push URL" (this machine's addresses on the network)."""
        if is_loopback(self.host):
            return [self.url]
        hosts: list[str] = []
        if self.host not in ("0.0.0.0", "::", ""):
            hosts.append(self.host)
        else:
            import socket

            with contextlib.suppress(OSError), socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as s:
                s.connect(("192.0.2.1", 9))  # no packet is sent: picks the outgoing interface
                hosts.append(s.getsockname()[0])
            if not hosts:
                hosts.append(socket.gethostname())
        return [f"http://{h}:{self.port}{self.path}" for h in hosts]

    async def __aenter__(self) -> Self:
        if self._state is not SourceState.UNOPENED:
            raise RuntimeError("a SensorLoggerSource is opened once")
        self._state = SourceState.CONNECTING
        try:
            self._server = await asyncio.start_server(self._serve, self.host, self.port, limit=MAX_LINE * 2)
        except OSError as exc:
            self._state = SourceState.CLOSED
            raise DeviceError(f"cannot listen on {self.host}:{self.port}: {exc.strerror or exc}") from None
        self.port = int(self._server.sockets[0].getsockname()[1])
        self._device = PhoneDevice("Sensor Logger", None)
        self._source_meta = {
            "kind": "sensorlogger_http",
            "listen": f"{self.host}:{self.port}",
            "token_required": self.token is not None,
        }
        self._ticker = asyncio.get_running_loop().create_task(self._tick())
        if self.on_listening is not None:
            self.on_listening()
        return self

    async def _shutdown(self) -> None:
        if self._ticker is not None:
            self._ticker.cancel()
        if self._server is not None:
            self._server.close()
            with contextlib.suppress(Exception):
                await self._server.wait_closed()
        for t in list(self._tasks):
            t.cancel()

    # ----------------------------------------------------------------- HTTP server
    def _rate_ok(self, peer: str) -> bool:
        now = time.monotonic()
        tokens, last = self._buckets.get(peer, (self.max_requests_per_s, now))
        tokens = min(self.max_requests_per_s, tokens + (now - last) * self.max_requests_per_s)
        if tokens < 1.0:
            self._buckets[peer] = (tokens, now)
            return False
        self._buckets[peer] = (tokens - 1.0, now)
        return True

    def _path_ok(self, target: str) -> bool:
        path = urllib.parse.urlsplit(target).path or "/"
        if self.token is None:
            return path in ("/", "/data")
        return hmac.compare_digest(path.rstrip("/").encode(), f"/{self.token}".encode())

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        if task is not None:
            self._tasks.add(task)
        peer = str((writer.get_extra_info("peername") or ("?",))[0])
        try:
            async with asyncio.timeout(10.0):
                writer.write(await self._answer(reader, peer))
                await writer.drain()
        except (TimeoutError, ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            if task is not None:
                self._tasks.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _answer(self, reader: asyncio.StreamReader, peer: str) -> bytes:
        self.phone.requests += 1
        try:
            req = await read_request_head(reader)
        except (ValueError, asyncio.LimitOverrunError):
            self.phone.malformed += 1
            return http_response(400, "Bad Request", '{"error":"malformed HTTP request"}')
        if not self._path_ok(req.target):
            self.phone.unauthorised += 1
            return http_response(404, "Not Found", '{"error":"unknown path"}')
        if not self._rate_ok(peer):
            self.phone.rate_limited += 1
            self.stats.frames_overflow += 1
            return http_response(429, "Too Many Requests", '{"error":"too many requests"}')
        if req.method == "GET":
            return http_response(
                200, "OK", '{"receiver":"tremor live","expects":"POST Sensor Logger batches"}'
            )
        if req.method != "POST":
            return http_response(405, "Method Not Allowed", '{"error":"POST only"}')
        if (
            "chunked" in req.headers.get("transfer-encoding", "").lower()
            or "content-length" not in req.headers
        ):
            self.phone.malformed += 1
            return http_response(411, "Length Required", '{"error":"Content-Length required"}')
        try:
            n = int(req.headers["content-length"])
        except ValueError:
            self.phone.malformed += 1
            return http_response(400, "Bad Request", '{"error":"bad Content-Length"}')
        if n < 0 or n > self.max_body_bytes:
            self.phone.oversized += 1
            self.stats.frames_overflow += 1
            return http_response(
                413, "Payload Too Large", json.dumps({"error": f"body over {self.max_body_bytes} bytes"})
            )
        body = await reader.readexactly(n)
        if _is_test_push(body):  # "Tap to Test Pushing": the app wants a 200
            self.phone.test_pushes += 1
            return http_response(200, "OK", '{"status":"ok","note":"test push received; no samples in it"}')
        try:
            msg = parse_sensorlogger_message(body)
        except FormatError as exc:
            self.phone.malformed += 1
            self.stats.frames_corrupt += 1
            note = f"malformed batch from {peer}: {exc}"
            self.phone.notes.append(note)
            return http_response(400, "Bad Request", json.dumps({"error": str(exc)}))
        try:
            self._accept(msg)
        except FormatError as exc:
            self._fail(DeviceError(f"Sensor Logger: {exc}"))
            return http_response(422, "Unprocessable Entity", json.dumps({"error": str(exc)}))
        return http_response(200, "OK", '{"status":"ok"}')

    # ----------------------------------------------------------------- ordering
    def _accept(self, msg: _Message) -> None:
        now = time.monotonic()
        self.phone.messages += 1
        if self._last_msg_wall is not None and now - self._last_msg_wall > self.silence_s:
            self._came_back(now - self._last_msg_wall)
        self._last_msg_wall = now
        if self._state is SourceState.RECONNECTING:
            self._state = SourceState.STREAMING
        if msg.session_id != self._session_id:
            if self._session_id is not None:
                self._release(flush=True)
                self.phone.notes.append(f"new recording on the phone (session {msg.session_id[:12]})")
                self._pending_gap = "new recording on the phone"
            self._session_id = msg.session_id
            self.phone.sessions += 1
            self._expected = msg.message_id
            self._seen.clear()
            self._seen_set.clear()
            self._source_meta.setdefault("device_id", msg.device_id)
            self._source_meta.setdefault("session_ids", []).append(msg.session_id)
        if self._state is SourceState.CONNECTING:
            self._state = SourceState.STREAMING
        mid = msg.message_id
        if mid in self._seen_set or mid in self._pending:
            self.phone.duplicates += 1
            return
        self._remember(mid)
        assert self._expected is not None
        if mid < self._expected:
            self.phone.late += 1
            self.phone.notes.append(
                f"batch {mid} came after its turn had passed (held {self.hold_s:g} s); not used"
            )
            return
        if mid > self._expected or self._pending:
            self.phone.reordered += int(mid < max(self._pending, default=-1))
        self._pending[mid] = (time.time_ns(), msg)
        self._release()

    def _remember(self, mid: int) -> None:
        if len(self._seen) == self._seen.maxlen:
            self._seen_set.discard(self._seen[0])
        self._seen.append(mid)
        self._seen_set.add(mid)

    def _came_back(self, silent_s: float) -> None:
        self.phone.silences += 1
        self.phone.notes.append(f"the phone was silent for {silent_s:.1f} s")
        self._pending_gap = self._pending_gap or f"phone silent {silent_s:.1f} s"

    def _release(self, *, flush: bool = False) -> None:
        """Pass on batches in messageId order; give up on a missing one after ``hold_s``."""
        while self._pending:
            assert self._expected is not None
            if self._expected in self._pending:
                arrival, msg = self._pending.pop(self._expected)
                self._expected += 1
                self._use(msg, arrival)
                continue
            first = min(self._pending)
            oldest = min(a for a, _ in self._pending.values())
            if not flush and (time.time_ns() - oldest) / 1e9 < self.hold_s:
                return
            lost = first - self._expected
            self.phone.lost += lost
            self.stats.frames_lost += lost
            self.phone.notes.append(f"batch(es) {self._expected}-{first - 1} never arrived")
            self._pending_gap = self._pending_gap or f"{lost} batch(es) lost"
            self._expected = first

    def _use(self, msg: _Message, arrival_ns: int) -> None:
        if self._stream_name is None:
            for name in SENSORLOGGER_STREAMS:
                got = _with_gravity(msg, name)
                if got is not None and got[0].size:
                    self._stream_name = name
                    self._scale, units = _units_scale(got[1], name)
                    self._source_meta.update(stream=name, units=units)
                    break
            else:
                if "accelerometer" in msg.streams:
                    raise FormatError(
                        "only 'accelerometer' (gravity removed) is pushed; turn on "
                        "'Total Acceleration' (or 'Gravity') in Sensor Logger's sensors"
                    )
                return
        got = _with_gravity(msg, self._stream_name)
        if got is None:
            return
        assert self._scale is not None
        gap, self._pending_gap = self._pending_gap, None
        self._emit(got[0], got[1] * self._scale, arrival_ns, gap)

    async def _tick(self) -> None:
        while True:
            await asyncio.sleep(0.1)
            if self._pending:
                self._release()
            if (
                self._last_msg_wall is not None
                and self._state is SourceState.STREAMING
                and time.monotonic() - self._last_msg_wall > self.silence_s
            ):
                self._state = SourceState.RECONNECTING
