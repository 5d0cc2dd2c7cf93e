"""phyphox remote access as a live source.

:class:`PhyphoxSource` polls a phone's phyphox remote-access server (``/config``, ``/meta``,
``/time``, ``/control?cmd=start``, incremental ``/get``) for the "Acceleration (with g)"
buffers ``accX``, ``accY``, ``accZ``, ``acc_time``; experiment time is mapped to wall-clock
time with the ``/time`` events (host clock if the app is too old to serve ``/time``). Samples keep
their time stamps; nothing is resampled.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import urllib.parse
from typing import Any, Self

import numpy as np

from tremor.errors import DeviceError, FormatError, ParameterError
from tremor.live.http import http_request
from tremor.live.phone_common import PhoneDevice, QueueSource, SourceState

__all__ = ["PHYPHOX_BUFFERS", "PhyphoxSource"]

#: phyphox "Acceleration (with g)" buffers: x, y, z, time.
PHYPHOX_BUFFERS = ("accX", "accY", "accZ", "acc_time")


class PhyphoxSource(QueueSource):
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

    def __init__(
        self,
        url: str,
        *,
        poll_s: float = 0.1,
        start: bool = True,
        give_up_s: float = 60.0,
        timeout_s: float = 3.0,
        buffers: tuple[str, str, str, str] = PHYPHOX_BUFFERS,
    ) -> None:
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
            raise DeviceError(
                f"phyphox at {self.url} does not answer ({exc}); is 'Allow remote access' "
                "on and the phone on the same network?"
            ) from None
        except FormatError as exc:
            self._state = SourceState.CLOSED
            raise DeviceError(str(exc)) from None
        names = (
            [b.get("name") for b in config.get("buffers", []) if isinstance(b, dict)]
            if isinstance(config, dict)
            else []
        )
        missing = [b for b in self.buffers if b not in names]
        if missing:
            self._state = SourceState.CLOSED
            title = config.get("title", "?") if isinstance(config, dict) else "?"
            raise DeviceError(
                f"phyphox experiment {title!r} has no buffer(s) {', '.join(missing)} "
                f"(it has {', '.join(map(str, names)) or 'none'}); open 'Acceleration (with g)'"
            )
        title = str(config.get("title", "phyphox"))
        meta: dict[str, Any] = {}
        with contextlib.suppress(OSError, TimeoutError, FormatError):
            got = await self._json("/meta")
            meta = got if isinstance(got, dict) else {}
        model = " ".join(str(meta[k]) for k in ("deviceBrand", "deviceModel") if meta.get(k)) or None
        self._device = PhoneDevice(model or "phyphox", self.url)
        self._source_meta = {
            "kind": "phyphox_remote",
            "url": self.url,
            "experiment": title,
            "buffers": list(self.buffers),
            "app_version": meta.get("version"),
        }
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
                        events.append(
                            (
                                str(e["event"]).upper(),
                                float(e["experimentTime"]),
                                sys_t / 1000.0 if sys_t > 1e11 else sys_t,
                            )
                        )
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
                    self._fail(
                        DeviceError(f"phyphox at {self.url} unreachable for {self.give_up_s:g} s ({exc})")
                    )
                    return
                await asyncio.sleep(min(1.0, self.poll_s * 4))
                continue
            if lost_since is not None:
                self.phone.silences += 1
                self.phone.notes.append(
                    f"phyphox reachable again after {time.monotonic() - lost_since:.1f} s"
                )
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
                arrays.append(
                    np.asarray([np.nan if v is None else float(v) for v in b["buffer"]], dtype=np.float64)
                )
            except (TypeError, ValueError):
                raise FormatError(f"phyphox /get: buffer {name!r} holds non-numbers") from None
        n = min(a.size for a in arrays)
        if any(a.size != n for a in arrays):
            self.phone.notes.append(
                f"buffers of unequal length {[a.size for a in arrays]}; the first {n} used"
            )
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
