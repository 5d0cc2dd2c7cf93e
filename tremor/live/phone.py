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

The code lives in modules of one job each: :mod:`tremor.live.phone_common` (the sample-source
interface, states, counters, the queue plumbing), :mod:`tremor.live.http` (the small HTTP both
paths speak), :mod:`tremor.live.sensorlogger` and :mod:`tremor.live.phyphox`. This module gathers
their public names.
"""

from __future__ import annotations

from tremor.live.http import http_request
from tremor.live.phone_common import PhoneCounters, SampleSource, SourceState, is_loopback
from tremor.live.phyphox import PHYPHOX_BUFFERS, PhyphoxSource
from tremor.live.sensorlogger import SENSORLOGGER_STREAMS, SensorLoggerSource, parse_sensorlogger_message

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
