"""Async entry points for the CLI (``tremor scan``, ``tremor emulate [--serve]``); kept thin.

The CLI owns argument parsing and printing style; these functions own the BLE
work and return plain results. Bumble is imported lazily, only by the emulator's commands.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import Any

from ..errors import DeviceError
from .backends import BleakBackends
from .client import DeviceInfo, scan

__all__ = [
    "run_scan",
    "format_devices",
    "EmulatorHandle",
    "PairEmulatorHandle",
    "open_emulator",
    "open_emulator_pair",
    "pair_band_names",
    "run_emulate",
    "require_bumble",
]


def format_devices(devices: list[DeviceInfo]) -> list[str]:
    """One aligned text line per device: name, address, profile, RSSI."""
    rows = [(d.name or "?", d.address, d.profile, f"{d.rssi} dBm") for d in devices]
    header = ("name", "address", "profile", "rssi")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    return ["  ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)).rstrip() for r in [header, *rows]]


async def run_scan(
    timeout: float = 5.0,
    *,
    backend: Any = None,
    profile: str | None = None,
    write: Callable[[str], None] | None = print,
) -> list[DeviceInfo]:
    """Scan, write a table through ``write`` (``None``: silent) and return the devices.

    Raises :class:`~tremor.errors.DeviceError` (no adapter, Bluetooth off, nothing found).
    """
    devices = await scan(timeout, backend=backend, profile=profile)
    if write is not None:
        for line in format_devices(devices):
            write(line)
    return devices


@dataclass
class EmulatorHandle:
    """A running emulated band and the bleak backends that reach it (same process)."""

    band: Any  # tremor.ble.emulator.EmulatedBand
    central: Any  # tremor.ble.bumble_backend.BumbleCentral
    link: Any  # tremor.ble.vlink.VirtualLink
    server: Any = None  # tremor.ble.hci_transport.HciServer, when served to other processes

    @property
    def served_at(self) -> str | None:
        """``tcp:127.0.0.1:PORT`` when the band is served to other processes."""
        return str(self.server.spec) if self.server is not None else None

    @property
    def backends(self) -> BleakBackends:
        return self.central.backends

    @property
    def name(self) -> str:
        return str(self.band.name)


def require_bumble() -> None:
    """Check that Bumble, which the band emulator and the virtual radio need, can be imported.

    Raises
    ------
    DeviceError
        Bumble is missing, with how to install it.
    """
    try:
        import bumble  # noqa: F401
    except ImportError:
        raise DeviceError(
            "the band emulator needs Bumble, which tremor installs; it is missing here: "
            "pip install bumble (or reinstall: pip install tremor-analyser)"
        ) from None


@contextlib.asynccontextmanager
async def open_emulator(
    source: Any,
    profile: str = "pmd",
    *,
    fs: float | None = None,
    name: str | None = None,
    pace: float = 1.0,
    serve: Any = None,
    **band_kwargs: Any,
) -> AsyncIterator[EmulatorHandle]:
    """Start an emulated band on a fresh virtual radio; yield a handle whose
    ``backends`` a :class:`~tremor.ble.BandStream` in this process can use.

    With ``serve="tcp:127.0.0.1:PORT"`` (loopback only; port 0 picks a free one) the radio is
    also served over TCP HCI (:class:`~tremor.ble.hci_transport.HciServer`), so a process using
    ``BumbleCentral.from_transport(handle.served_at)`` reaches the band too.
    """
    require_bumble()
    from .bumble_backend import BumbleCentral
    from .emulator import EmulatedBand
    from .vlink import VirtualLink

    server = None
    if serve is not None:
        from tremor.ble.hci_transport import parse_transport_spec

        spec = parse_transport_spec(str(serve), allow_any_port=True)  # refuse a bad address before starting
    link = VirtualLink()
    band = EmulatedBand(link, source, profile=profile, fs=fs, name=name, pace=pace, **band_kwargs)
    central = BumbleCentral(link)
    await band.start()
    try:
        if serve is not None:
            from tremor.ble.hci_transport import HciServer

            server = HciServer(link, spec)
            await server.start()
        yield EmulatorHandle(band, central, link, server)
    finally:
        if server is not None:
            await server.close()  # clients are told their links ended before their sockets close
        await band.stop()
        await central.close()


def pair_band_names(profile: str) -> tuple[str, str]:
    """The advertised names of an emulated pair: the profile's default name with `` L`` and `` R``.

    Parameters
    ----------
    profile : str
        The bands' profile (``pmd``, ``microbit`` or ``diy``).

    Returns
    -------
    tuple of str
        The left and the right band's names.
    """
    from .emulator import DEFAULT_NAMES

    return f"{DEFAULT_NAMES[profile]} L", f"{DEFAULT_NAMES[profile]} R"


@dataclass
class PairEmulatorHandle:
    """Two running emulated bands (left and right) on one radio, and the bleak backends that reach both."""

    left: Any  # tremor.ble.emulator.EmulatedBand
    right: Any
    central: Any  # tremor.ble.bumble_backend.BumbleCentral
    link: Any  # tremor.ble.vlink.VirtualLink
    server: Any = None  # tremor.ble.hci_transport.HciServer, when served to other processes

    @property
    def served_at(self) -> str | None:
        """``tcp:127.0.0.1:PORT`` when the bands are served to other processes."""
        return str(self.server.spec) if self.server is not None else None

    @property
    def backends(self) -> BleakBackends:
        return self.central.backends

    @property
    def names(self) -> tuple[str, str]:
        return str(self.left.name), str(self.right.name)


@contextlib.asynccontextmanager
async def open_emulator_pair(
    left_source: Any,
    right_source: Any,
    profile: str = "pmd",
    *,
    fs: float | None = None,
    pace: float = 1.0,
    serve: Any = None,
    **band_kwargs: Any,
) -> AsyncIterator[PairEmulatorHandle]:
    """Start two emulated bands, left and right, on one fresh virtual radio (see :func:`open_emulator`).

    The bands advertise :func:`pair_band_names` and have their own addresses; each streams its own
    source from the moment its client starts the measurement, as a real band does. One central
    (one adapter) reaches both. With ``serve`` both are served over loopback TCP HCI.
    """
    require_bumble()
    from .bumble_backend import BumbleCentral
    from .emulator import EmulatedBand
    from .vlink import VirtualLink

    server = None
    if serve is not None:
        from tremor.ble.hci_transport import parse_transport_spec

        spec = parse_transport_spec(str(serve), allow_any_port=True)
    link = VirtualLink()
    name_l, name_r = pair_band_names(profile)
    left = EmulatedBand(link, left_source, profile=profile, fs=fs, name=name_l, pace=pace, **band_kwargs)
    right = EmulatedBand(link, right_source, profile=profile, fs=fs, name=name_r, pace=pace, **band_kwargs)
    central = BumbleCentral(link)
    await left.start()
    try:
        await right.start()
        if serve is not None:
            from tremor.ble.hci_transport import HciServer

            server = HciServer(link, spec)
            await server.start()
        yield PairEmulatorHandle(left, right, central, link, server)
    finally:
        if server is not None:
            await server.close()
        await right.stop()
        await left.stop()
        await central.close()


async def run_emulate(
    source_iter: Any,
    profile: str = "pmd",
    *,
    fs: float | None = None,
    name: str | None = None,
    pace: float = 1.0,
    duration_s: float | None = None,
    consume: Callable[[EmulatorHandle], Awaitable[Any]] | None = None,
    write: Callable[[str], None] | None = print,
) -> Any:
    """Run an emulated band fed by ``source_iter`` (``(t_ns, acc)`` chunks at ``fs``).

    The band lives on an in-process virtual radio, so something in this process
    must connect to it: pass ``consume(handle)`` (e.g. the live pipeline using
    ``BandStream(handle.name, backend=handle.backends)``); its result is returned
    and the band stops when it finishes. Without ``consume`` the band just
    advertises and streams for ``duration_s`` (forever if ``None``) — useful with
    a client started from another task.
    """
    async with open_emulator(source_iter, profile, fs=fs, name=name, pace=pace) as handle:
        if write is not None:
            write(f"emulating {handle.name!r} ({profile}) at {handle.band.address}, pace x{pace:g}")
        if consume is not None:
            if duration_s is None:
                return await consume(handle)
            async with asyncio.timeout(duration_s):
                return await consume(handle)
        if duration_s is None:
            await asyncio.Event().wait()
        else:
            await asyncio.sleep(duration_s)
        return None
