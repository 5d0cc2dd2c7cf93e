"""Which bleak backend classes to use: the platform's (default) or injected ones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from bleak.backends.client import BaseBleakClient
from bleak.backends.scanner import BaseBleakScanner

__all__ = ["BleakBackends", "resolve_backends"]


@dataclass(frozen=True)
class BleakBackends:
    """A pair of bleak backend classes; ``None`` means bleak's platform default."""

    client: type[BaseBleakClient] | None = None
    scanner: type[BaseBleakScanner] | None = None


def resolve_backends(backend: Any) -> BleakBackends:
    """Accept ``None``, a :class:`BleakBackends`, or anything with a ``backends``
    attribute holding one (e.g. :class:`~tremor.ble.bumble_backend.BumbleCentral`)."""
    if backend is None:
        return BleakBackends()
    if isinstance(backend, BleakBackends):
        return backend
    inner = getattr(backend, "backends", None)
    if isinstance(inner, BleakBackends):
        return inner
    raise TypeError(
        "backend must be None (platform default), a BleakBackends(client=..., scanner=...) "
        f"or an object with a .backends attribute such as BumbleCentral; got {type(backend).__name__}"
    )
