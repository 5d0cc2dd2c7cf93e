"""Phones and watches as live sources: Sensor Logger HTTP push and phyphox remote access.

Both classes here are *sample sources* with the interface :class:`~tremor.live.session.LiveSession`
consumes (:class:`SampleSource`; a :class:`~tremor.ble.BandStream` is one too): an async context
manager and async iterator yielding :class:`~tremor.ble.SampleChunk` and :class:`~tremor.ble.LinkGap`,
with ``device``, ``profile``, ``info``, ``stats`` and ``state``, and ``aclose()``.

* :class:`SensorLoggerSource` runs a small HTTP server (stdlib asyncio streams) that receives the
  JSON batches Sensor Logger pushes: ``{"messageId", "sessionId", "deviceId", "payload": [{"name",
  "time" (UTC epoch ns), "values": {...}}, ...]}``. Batches are put in ``messageId`` order (held up
  to ``hold_s`` for a late one); duplicates and batches whose turn has passed are counted and not
  used, missing ones are counted as lost and logged as gaps. It listens on loopback unless told
  otherwise; on any other interface the URL path must carry a token. Request size and rate are
  limited.
* :class:`PhyphoxSource` polls a phone's phyphox remote-access server (``/config``, ``/meta``,
  ``/time``, ``/control?cmd=start``, incremental ``/get``) for the "Acceleration (with g)"
  buffers ``accX``, ``accY``, ``accZ``, ``acc_time``; experiment time is mapped to wall-clock
  time with the ``/time`` events (host clock if the app is too old to serve ``/time``).

Samples keep the phone's own time stamps (Unix ns); nothing is resampled. The stream of
acceleration *with* gravity is used (the live analysis needs the wrist's orientation).
"""

from __future__ import annotations

import asyncio
import contextlib
import enum
import hmac
import ipaddress
import json
import math
import secrets
import time
import urllib.parse
from collections import deque
from dataclasses import dataclass, field
from typing import Any, Protocol, Self, runtime_checkable

import numpy as np

from tremor.ble import LinkGap, SampleChunk, StreamStats
from tremor.core.recording import STANDARD_GRAVITY
from tremor.errors import DeviceError, FormatError, ParameterError

__all__ = [
    "PHYPHOX_BUFFERS",
    "SENSORLOGGER_STREAMS",
    "PhoneCounters",
    "PhyphoxSource",
    "SampleSource",
    "SensorLoggerSource",
    "SourceState",
    "http_request",
    "is_loopback",
    "parse_sensorlogger_message",
]

#: Sensor Logger streams that carry acceleration *with* gravity, best first. ``accelerometer``
#: (gravity removed) is used only together with ``gravity`` (summed where the time stamps match).
SENSORLOGGER_STREAMS = ("totalacceleration", "accelerometeruncalibrated", "watchaccelerometeruncalibrated",
                        "wristmotion", "accelerometer+gravity")
#: phyphox "Acceleration (with g)" buffers: x, y, z, time.
PHYPHOX_BUFFERS = ("accX", "accY", "accZ", "acc_time")
#: Largest request body accepted (bytes). A one-second batch of every phone sensor at 100 Hz is
#: about 150 kB.
MAX_BODY_BYTES = 2_000_000
#: Requests per second accepted from one address (Sensor Logger's shortest batch period is
#: well above 0.02 s).
MAX_REQUESTS_PER_S = 50.0
_MAX_HEADER_LINES = 64
_MAX_LINE = 8192
_FIRST_CHUNK_MIN = 8  # samples held back until the rate can be told from the first chunk


@runtime_checkable
class SampleSource(Protocol):
    """What :class:`~tremor.live.session.LiveSession` consumes (a band stream, a phone source)."""

    stats: Any
    info: Any

    @property
    def device(self) -> Any: ...

    @property
    def profile(self) -> str | None: ...

    @property
    def state(self) -> Any: ...

    async def __aenter__(self) -> Any: ...

    async def __aexit__(self, *exc_info: object) -> None: ...

    def __aiter__(self) -> Any: ...

    async def __anext__(self) -> Any: ...

    async def aclose(self) -> None: ...


class SourceState(enum.Enum):
    """Lifecycle of a phone source (values shared with :class:`~tremor.ble.StreamState`)."""

    UNOPENED = "unopened"
    CONNECTING = "connecting"
    STREAMING = "streaming"
    RECONNECTING = "reconnecting"  # the phone went silent / unreachable; waiting for it
    CLOSED = "closed"


@dataclass
class PhoneCounters:
    """What happened on the wire (beyond :class:`~tremor.ble.StreamStats`)."""

    requests: int = 0
    messages: int = 0
    duplicates: int = 0
    late: int = 0  # arrived after their turn had passed (not used)
    reordered: int = 0  # arrived out of order but in time (used)
    lost: int = 0  # message ids never received
    malformed: int = 0
    oversized: int = 0
    rate_limited: int = 0
    unauthorised: int = 0
    silences: int = 0  # the phone went silent (or unreachable) and came back
    sessions: int = 0
    samples_duplicate_time: int = 0
    samples_late: int = 0
    poll_errors: int = 0
    test_pushes: int = 0
    notes: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        out = {k: v for k, v in self.__dict__.items() if k != "notes"}
        out["notes"] = list(self.notes[-20:])
        return out


@dataclass(frozen=True)
class _Device:
    name: str | None
    address: str | None


@dataclass(frozen=True)
class _Info:
    fs: float
    range_g: float | None = None
    factor: float | None = None


def is_loopback(host: str) -> bool:
    """True for ``localhost`` and loopback IP addresses."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _QueueSource:
    """Shared plumbing: a queue of items, the iterator, state, stats, the first chunk held back."""

    profile_name = "?"

    def __init__(self) -> None:
        self._state = SourceState.UNOPENED
        self._queue: asyncio.Queue[Any] = asyncio.Queue()
        self.stats = StreamStats()
        self.phone = PhoneCounters()
        self.info: _Info | None = None
        self._device = _Device(None, None)
        self._last_ns: int | None = None
        self._held: list[tuple[np.ndarray, np.ndarray, int]] = []
        self._gap_reason: str | None = None
        self._error: BaseException | None = None
        self._source_meta: dict[str, Any] = {}

    @property
    def state(self) -> SourceState:
        return self._state

    @property
    def profile(self) -> str:
        return self.profile_name

    @property
    def device(self) -> _Device:
        return self._device

    def __aiter__(self) -> _QueueSource:
        return self

    async def __anext__(self) -> Any:
        if self._state is SourceState.UNOPENED:
            raise RuntimeError("iterate a phone source inside `async with ...`")
        while True:
            if self._state is SourceState.CLOSED and self._queue.empty():
                raise StopAsyncIteration
            item = await self._queue.get()
            if item is None:
                raise StopAsyncIteration
            if isinstance(item, BaseException):
                raise item
            return item

    async def __aexit__(self, *exc_info: object) -> None:
        await self.aclose()

    async def aclose(self) -> None:
        if self._state is SourceState.CLOSED:
            return
        self._state = SourceState.CLOSED
        await self._shutdown()
        self._queue.put_nowait(None)

    async def _shutdown(self) -> None:  # pragma: no cover - overridden
        pass

    def _fail(self, exc: BaseException) -> None:
        self._queue.put_nowait(exc)

    def log_header(self) -> dict[str, Any]:
        """Fields for the log's ``H`` record: device, profile, settings, and what the source was."""
        assert self.info is not None
        return {
            "device": {"name": self._device.name, "address": self._device.address, "model": None},
            "profile": self.profile_name,
            "settings": {"sample_rate_hz": self.info.fs, "range_g": None, "resolution_bits": None,
                         "factor": None},
            "source": dict(self._source_meta),
        }

    def summary(self) -> dict[str, Any]:
        """Counters for the log's ``E`` record."""
        return {"phone": self.phone.as_dict()}

    # ----------------------------------------------------------------- emitting samples
    def _emit(self, t_ns: np.ndarray, acc: np.ndarray, arrival_ns: int, gap_reason: str | None = None) -> None:
        """Queue samples (sorted, device-time duplicates and samples older than the last dropped, counted)."""
        if gap_reason is not None:
            self._gap_reason = gap_reason
        if t_ns.size == 0:
            return
        order = np.argsort(t_ns, kind="stable")
        t_ns, acc = t_ns[order], acc[order]
        dup = np.concatenate([[False], np.diff(t_ns) == 0])
        if dup.any():
            self.phone.samples_duplicate_time += int(dup.sum())
            t_ns, acc = t_ns[~dup], acc[~dup]
        if self._last_ns is not None:
            keep = t_ns > self._last_ns
            if not keep.all():
                self.phone.samples_late += int((~keep).sum())
                t_ns, acc = t_ns[keep], acc[keep]
        if t_ns.size == 0:
            return
        if self.info is None:  # hold back until the rate can be measured
            self._held.append((t_ns, acc, arrival_ns))
            n = sum(h[0].size for h in self._held)
            allt = np.concatenate([h[0] for h in self._held])
            self._last_ns = int(allt[-1])
            if n < _FIRST_CHUNK_MIN:
                return
            step = float(np.median(np.diff(allt)))
            self.info = _Info(fs=round(1e9 / step, 3))
            t_ns = allt
            acc = np.concatenate([h[1] for h in self._held])
            self._held = []
        if self._gap_reason is not None and self._last_ns is not None and self.stats.samples:
            self._queue.put_nowait(LinkGap(self._last_ns, int(t_ns[0]), self._gap_reason))
            self.stats._new_segment()
        self._gap_reason = None
        self.stats.frames += 1
        self.stats.samples += int(t_ns.size)
        self.stats._add(t_ns)
        self._last_ns = int(t_ns[-1])
        self._queue.put_nowait(SampleChunk(t_ns.astype(np.int64), acc.astype(np.float64), b"", arrival_ns))


# ------------------------------------------------------------------------------------------ HTTP
@dataclass
class _Request:
    method: str
    target: str
    headers: dict[str, str]


async def _read_head(reader: asyncio.StreamReader) -> _Request:
    line = await reader.readline()
    if not line or len(line) > _MAX_LINE or not line.endswith(b"\n"):
        raise ValueError("bad request line")
    parts = line.decode("latin-1").strip().split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        raise ValueError("bad request line")
    headers: dict[str, str] = {}
    for _ in range(_MAX_HEADER_LINES):
        h = await reader.readline()
        if len(h) > _MAX_LINE or not h.endswith(b"\n"):
            raise ValueError("bad header line")
        text = h.decode("latin-1").strip()
        if not text:
            return _Request(parts[0].upper(), parts[1], headers)
        name, sep, value = text.partition(":")
        if not sep:
            raise ValueError("bad header line")
        headers[name.strip().lower()] = value.strip()
    raise ValueError("too many header lines")


def _response(status: int, reason: str, body: str = "", content_type: str = "application/json") -> bytes:
    data = body.encode("utf-8")
    head = (f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n")
    return head.encode("latin-1") + data


async def http_request(host: str, port: int, method: str, path: str, body: bytes = b"", *,
                       timeout: float = 5.0, headers: dict[str, str] | None = None) -> tuple[int, bytes]:
    """One HTTP/1.1 request with ``Connection: close`` (stdlib asyncio streams); returns status and body.

    phyphox's server does not cope with keep-alive, so every request has its own connection.
    Raises :class:`OSError` / :class:`TimeoutError` when the other side cannot be reached.
    """
    async with asyncio.timeout(timeout):
        reader, writer = await asyncio.open_connection(host, port)
        try:
            extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
            head = (f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n"
                    f"Content-Length: {len(body)}\r\n{extra}\r\n")
            writer.write(head.encode("latin-1") + body)
            await writer.drain()
            data = await reader.read()
        finally:
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()
    head_end = data.find(b"\r\n\r\n")
    if head_end < 0:
        raise OSError(f"no HTTP response from {host}:{port}{path}")
    status_line = data[:data.find(b"\r\n")].decode("latin-1").split(" ")
    try:
        status = int(status_line[1])
    except (IndexError, ValueError):
        raise OSError(f"bad HTTP status line from {host}:{port}: {status_line!r}") from None
    return status, data[head_end + 4:]


# ------------------------------------------------------------------------------------------ Sensor Logger
@dataclass(frozen=True)
class _Message:
    message_id: int
    session_id: str
    device_id: str
    streams: dict[str, tuple[np.ndarray, np.ndarray]]  # name -> (t_ns, values (n, 3) or (n, 6) for wristmotion)


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
        raise FormatError(f"expected a JSON object with messageId, sessionId, deviceId, payload; found "
                          f"{type(obj).__name__}")
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
            raise FormatError(f"{where} ({name}): values lack {', '.join(missing)} (expected {', '.join(fields)})")
        ts, vs = rows.setdefault(name, ([], []))
        ts.append(_time_ns(entry["time"], where))
        vs.append([_num(values[f], f"{where} ({name}).{f}") for f in fields])
    streams = {k: (np.asarray(t, dtype=np.int64), np.asarray(v, dtype=np.float64)) for k, (t, v) in rows.items()}
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
    raise FormatError(f"{stream}: cannot tell the units: the median magnitude of the acceleration with "
                      f"gravity is {norm:.3g} (expected about 1 for g or 9.8 for m/s^2)")


class SensorLoggerSource(_QueueSource):
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

    def __init__(self, host: str = "127.0.0.1", port: int = 8000, *, token: str | None = None,
                 hold_s: float = 1.0, silence_s: float = 3.0, max_body_bytes: int = MAX_BODY_BYTES,
                 max_requests_per_s: float = MAX_REQUESTS_PER_S) -> None:
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
            self._server = await asyncio.start_server(self._serve, self.host, self.port, limit=_MAX_LINE * 2)
        except OSError as exc:
            self._state = SourceState.CLOSED
            raise DeviceError(f"cannot listen on {self.host}:{self.port}: {exc.strerror or exc}") from None
        self.port = int(self._server.sockets[0].getsockname()[1])
        self._device = _Device("Sensor Logger", None)
        self._source_meta = {"kind": "sensorlogger_http", "listen": f"{self.host}:{self.port}",
                             "token_required": self.token is not None}
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
            req = await _read_head(reader)
        except (ValueError, asyncio.LimitOverrunError):
            self.phone.malformed += 1
            return _response(400, "Bad Request", '{"error":"malformed HTTP request"}')
        if not self._path_ok(req.target):
            self.phone.unauthorised += 1
            return _response(404, "Not Found", '{"error":"unknown path"}')
        if not self._rate_ok(peer):
            self.phone.rate_limited += 1
            self.stats.frames_overflow += 1
            return _response(429, "Too Many Requests", '{"error":"too many requests"}')
        if req.method == "GET":
            return _response(200, "OK", '{"receiver":"tremor live","expects":"POST Sensor Logger batches"}')
        if req.method != "POST":
            return _response(405, "Method Not Allowed", '{"error":"POST only"}')
        if "chunked" in req.headers.get("transfer-encoding", "").lower() or "content-length" not in req.headers:
            self.phone.malformed += 1
            return _response(411, "Length Required", '{"error":"Content-Length required"}')
        try:
            n = int(req.headers["content-length"])
        except ValueError:
            self.phone.malformed += 1
            return _response(400, "Bad Request", '{"error":"bad Content-Length"}')
        if n < 0 or n > self.max_body_bytes:
            self.phone.oversized += 1
            self.stats.frames_overflow += 1
            return _response(413, "Payload Too Large", json.dumps({"error": f"body over {self.max_body_bytes} bytes"}))
        body = await reader.readexactly(n)
        if _is_test_push(body):  # "Tap to Test Pushing": the app wants a 200
            self.phone.test_pushes += 1
            return _response(200, "OK", '{"status":"ok","note":"test push received; no samples in it"}')
        try:
            msg = parse_sensorlogger_message(body)
        except FormatError as exc:
            self.phone.malformed += 1
            self.stats.frames_corrupt += 1
            note = f"malformed batch from {peer}: {exc}"
            self.phone.notes.append(note)
            return _response(400, "Bad Request", json.dumps({"error": str(exc)}))
        try:
            self._accept(msg)
        except FormatError as exc:
            self._fail(DeviceError(f"Sensor Logger: {exc}"))
            return _response(422, "Unprocessable Entity", json.dumps({"error": str(exc)}))
        return _response(200, "OK", '{"status":"ok"}')

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
            self.phone.notes.append(f"batch {mid} came after its turn had passed (held {self.hold_s:g} s); not used")
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
                    raise FormatError("only 'accelerometer' (gravity removed) is pushed; turn on "
                                      "'Total Acceleration' (or 'Gravity') in Sensor Logger's sensors")
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
            if (self._last_msg_wall is not None and self._state is SourceState.STREAMING
                    and time.monotonic() - self._last_msg_wall > self.silence_s):
                self._state = SourceState.RECONNECTING


# ------------------------------------------------------------------------------------------ phyphox
class PhyphoxSource(_QueueSource):
    """Poll a phone's phyphox remote-access server for "Acceleration (with g)" (see the module docstring).

    Parameters
    ----------
    url : str
        ``http://PHONE:PORT`` as the app shows it.
    poll_s : float
        Seconds between incremental reads.
    start : bool
        Send ``/control?cmd=start`` once connected (phyphox ignores it while already measuring).
    give_up_s : float
        The phone unreachable this long: the source ends with a :class:`DeviceError`.
    timeout_s : float
        Per request.
    """

    profile_name = "phyphox_remote"

    def __init__(self, url: str, *, poll_s: float = 0.1, start: bool = True, give_up_s: float = 60.0,
                 timeout_s: float = 3.0, buffers: tuple[str, str, str, str] = PHYPHOX_BUFFERS) -> None:
        super().__init__()
        u = urllib.parse.urlsplit(url if "//" in url else f"http://{url}")
        if u.scheme != "http" or not u.hostname:
            raise ParameterError(f"--url: expected http://PHONE:PORT as phyphox shows it, got {url!r}")
        self.url = f"http://{u.hostname}:{u.port or 80}"
        self._host, self._port = u.hostname, u.port or 80
        self.poll_s = float(poll_s)
        self.start = bool(start)
        self.give_up_s = float(give_up_s)
        self.timeout_s = float(timeout_s)
        self.buffers = buffers
        self._task: asyncio.Task[Any] | None = None
        self._last_t: float | None = None
        self._events: list[tuple[str, float, float]] = []
        self._session: str | None = None
        self._measuring: bool | None = None
        self._host_offset: int | None = None
        self._time_refresh_needed = False

    async def _json(self, path: str) -> Any:
        self.phone.requests += 1
        status, body = await http_request(self._host, self._port, "GET", path, timeout=self.timeout_s)
        if status != 200:
            raise OSError(f"{self.url}{path}: HTTP {status}")
        try:
            return json.loads(body)
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise FormatError(f"{self.url}{path}: the answer is not JSON: {body[:60]!r}") from None

    async def __aenter__(self) -> Self:
        if self._state is not SourceState.UNOPENED:
            raise RuntimeError("a PhyphoxSource is opened once")
        self._state = SourceState.CONNECTING
        try:
            config = await self._json("/config")
        except (OSError, TimeoutError) as exc:
            self._state = SourceState.CLOSED
            raise DeviceError(f"phyphox at {self.url} does not answer ({exc}); is 'Allow remote access' "
                              "on and the phone on the same network?") from None
        except FormatError as exc:
            self._state = SourceState.CLOSED
            raise DeviceError(str(exc)) from None
        names = [b.get("name") for b in config.get("buffers", []) if isinstance(b, dict)] if isinstance(config, dict) else []
        missing = [b for b in self.buffers if b not in names]
        if missing:
            self._state = SourceState.CLOSED
            title = config.get("title", "?") if isinstance(config, dict) else "?"
            raise DeviceError(f"phyphox experiment {title!r} has no buffer(s) {', '.join(missing)} "
                              f"(it has {', '.join(map(str, names)) or 'none'}); open 'Acceleration (with g)'")
        title = str(config.get("title", "phyphox"))
        meta: dict[str, Any] = {}
        with contextlib.suppress(OSError, TimeoutError, FormatError):
            got = await self._json("/meta")
            meta = got if isinstance(got, dict) else {}
        model = " ".join(str(meta[k]) for k in ("deviceBrand", "deviceModel") if meta.get(k)) or None
        self._device = _Device(model or "phyphox", self.url)
        self._source_meta = {"kind": "phyphox_remote", "url": self.url, "experiment": title,
                             "buffers": list(self.buffers), "app_version": meta.get("version")}
        if self.start:
            with contextlib.suppress(OSError, TimeoutError, FormatError):
                await self._json("/control?cmd=start")
        await self._refresh_time()
        self._state = SourceState.STREAMING
        self._task = asyncio.get_running_loop().create_task(self._poll_loop())
        return self

    async def _shutdown(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(BaseException):
                await self._task

    async def _refresh_time(self) -> None:
        try:
            got = await self._json("/time")
        except (OSError, TimeoutError, FormatError):
            got = None
        events = []
        if isinstance(got, list):
            for e in got:
                if isinstance(e, dict) and {"event", "experimentTime", "systemTime"} <= set(e):
                    with contextlib.suppress(TypeError, ValueError):
                        sys_t = float(e["systemTime"])
                        events.append((str(e["event"]).upper(), float(e["experimentTime"]),
                                       sys_t / 1000.0 if sys_t > 1e11 else sys_t))
        if events:
            self._events = events
            self._source_meta["time_mapping"] = "phyphox /time events"
        else:
            self._source_meta["time_mapping"] = "host clock at the first read (the app serves no /time)"

    def _to_unix_ns(self, t: np.ndarray) -> np.ndarray:
        """Experiment seconds -> Unix ns (integer offsets, so float64 does not round to ~0.3 us)."""
        starts = [(et, st) for ev, et, st in self._events if ev == "START"]
        if starts:
            ets = np.array([e for e, _ in starts])
            sts_ns = np.array([round(s * 1e9) for _, s in starts], dtype=np.int64)
            idx = np.clip(np.searchsorted(ets, t, side="right") - 1, 0, len(starts) - 1)
            return sts_ns[idx] + np.rint((t - ets[idx]) * 1e9).astype(np.int64)
        if self._host_offset is None:
            self._host_offset = time.time_ns() - round(float(t[-1]) * 1e9)
        return int(self._host_offset) + np.rint(t * 1e9).astype(np.int64)

    async def _poll_loop(self) -> None:
        lost_since: float | None = None
        bx, by, bz, bt = self.buffers
        while self._state is not SourceState.CLOSED:
            if self._last_t is None:
                q = f"{bx}=full&{by}=full&{bz}=full&{bt}=full"
            else:
                th = repr(self._last_t)
                q = f"{bx}={th}|{bt}&{by}={th}|{bt}&{bz}={th}|{bt}&{bt}={th}"
            try:
                got = await self._json(f"/get?{q}")
            except (OSError, TimeoutError, FormatError) as exc:
                self.phone.poll_errors += 1
                now = time.monotonic()
                if lost_since is None:
                    lost_since = now
                    self._state = SourceState.RECONNECTING
                    self.phone.notes.append(f"phyphox unreachable: {exc}")
                elif now - lost_since > self.give_up_s:
                    self._fail(DeviceError(f"phyphox at {self.url} unreachable for {self.give_up_s:g} s ({exc})"))
                    return
                await asyncio.sleep(min(1.0, self.poll_s * 4))
                continue
            if lost_since is not None:
                self.phone.silences += 1
                self.phone.notes.append(f"phyphox reachable again after {time.monotonic() - lost_since:.1f} s")
                lost_since = None
                if self._state is SourceState.RECONNECTING:
                    self._state = SourceState.STREAMING
            try:
                await self._take(got)
            except FormatError as exc:
                self.phone.malformed += 1
                self.phone.notes.append(str(exc))
            await asyncio.sleep(self.poll_s)

    async def _take(self, got: Any) -> None:
        bx, by, bz, bt = self.buffers
        if not isinstance(got, dict) or not isinstance(got.get("buffer"), dict):
            raise FormatError("phyphox /get: expected {'buffer': {...}, 'status': {...}}")
        status: dict[str, Any] = got["status"] if isinstance(got.get("status"), dict) else {}
        session = status.get("session")
        gap = None
        if session is not None and self._session is not None and session != self._session:
            self.phone.sessions += 1
            self.phone.notes.append("the phyphox experiment was cleared or restarted")
            self._last_t = None
            gap = "phyphox experiment restarted"
        self._session = session if session is not None else self._session
        measuring = status.get("measuring")
        if measuring is not None and measuring != self._measuring:
            self._measuring = bool(measuring)
            if self._measuring:  # (re)started: new START event for the time mapping
                self._time_refresh_needed = True
        arrays = []
        for name in (bx, by, bz, bt):
            b = got["buffer"].get(name)
            if not isinstance(b, dict) or not isinstance(b.get("buffer"), list):
                raise FormatError(f"phyphox /get: buffer {name!r} missing")
            try:
                arrays.append(np.asarray([np.nan if v is None else float(v) for v in b["buffer"]], dtype=np.float64))
            except (TypeError, ValueError):
                raise FormatError(f"phyphox /get: buffer {name!r} holds non-numbers") from None
        n = min(a.size for a in arrays)
        if any(a.size != n for a in arrays):
            self.phone.notes.append(f"buffers of unequal length {[a.size for a in arrays]}; the first {n} used")
        x, y, z, t = (a[:n] for a in arrays)
        ok = np.isfinite(x) & np.isfinite(y) & np.isfinite(z) & np.isfinite(t)
        if self._last_t is not None:
            ok &= t > self._last_t
        if not ok.any():
            return
        x, y, z, t = x[ok], y[ok], z[ok], t[ok]
        self._last_t = float(t.max())
        self.phone.messages += 1
        if self._time_refresh_needed:  # a new START event maps the new samples
            self._time_refresh_needed = False
            await self._refresh_time()
        self._emit(self._to_unix_ns(t), np.column_stack([x, y, z]), time.time_ns(), gap)
