"""Reach an emulated band from another process: the virtual radio served over loopback TCP HCI.

(It lives beside the live mode, not in :mod:`tremor.ble`, whose public namespace is curated; it
needs Bumble.)

Bumble's in-process radio (:class:`bumble.link.LocalLink`, wrapped by
:class:`~tremor.ble.vlink.VirtualLink`) cannot be joined from another process, and Bumble no
longer ships a link relay (``RemoteLink`` / ``link-relay:`` were removed upstream, google/bumble
#729; the maintainers' advice is "a local link plus controllers exposed over an HCI transport",
as ``bumble/apps/controllers.py`` does). So:

* the emulator process runs the band on a :class:`VirtualLink` and an :class:`HciServer`
  listening on ``127.0.0.1:<port>``. Every TCP client gets **its own** Bumble
  :class:`~bumble.controller.Controller` on that link, spoken to in H4 HCI over the socket (the
  same framing as Bumble's ``tcp-server:`` transport). When the client goes away, its
  connections to the band are terminated (the band sees a disconnect and advertises again) and
  its controller leaves the link, so a new client always starts from a clean controller.
* the client process opens Bumble's ``tcp-client:`` transport to that port and runs a Bumble
  host on it (:class:`HciClientRadio`); :class:`~tremor.ble.bumble_backend.BumbleCentral` uses it
  exactly like an in-process :class:`VirtualLink`, so bleak, :class:`~tremor.ble.BandStream` and
  the live session do not know the difference.

Only loopback addresses are accepted (``127.0.0.1`` or ``localhost``): the emulated band is never
exposed beyond this machine. A spec is ``tcp:HOST:PORT`` (``HOST:PORT`` is accepted too); port 0
lets the server pick a free port (:attr:`HciServer.spec` tells which).
"""

from __future__ import annotations

import asyncio
import contextlib
import ipaddress
import logging
import os
import socket
from dataclasses import dataclass
from typing import Any, Self

from bumble import hci
from bumble.controller import Controller
from bumble.device import Device
from bumble.hci import Address
from bumble.transport.common import StreamPacketSink, StreamPacketSource

from tremor.ble.vlink import VirtualLink
from tremor.errors import DeviceError, ParameterError

__all__ = ["LOOPBACK_HOSTS", "HciClientRadio", "HciServer", "TransportSpec", "parse_transport_spec"]

logger = logging.getLogger(__name__)

#: Host names accepted in a spec, and the address each one means (never anything but loopback).
LOOPBACK_HOSTS = {"127.0.0.1": "127.0.0.1", "localhost": "127.0.0.1"}
_HCI_REMOTE_USER_TERMINATED = 0x13
_HCI_CONNECTION_TIMEOUT = 0x08


@dataclass(frozen=True)
class TransportSpec:
    """A loopback TCP endpoint: ``tcp:127.0.0.1:<port>``."""

    host: str
    port: int

    def __str__(self) -> str:
        return f"tcp:{self.host}:{self.port}"

    @property
    def bumble_client(self) -> str:
        """The same endpoint as a Bumble transport name (``tcp-client:HOST:PORT``)."""
        return f"tcp-client:{self.host}:{self.port}"


def parse_transport_spec(text: str, *, allow_any_port: bool = False) -> TransportSpec:
    """``tcp:127.0.0.1:9000`` (or ``localhost``, or without ``tcp:``) -> :class:`TransportSpec`.

    Raises :class:`~tremor.errors.ParameterError` for anything else, in particular any host that is
    not loopback. Port 0 (pick a free one) only with ``allow_any_port`` (the server side).
    """
    raw = str(text).strip()
    body = raw[4:] if raw.lower().startswith("tcp:") else raw
    host, sep, port_text = body.rpartition(":")
    if not sep or not host:
        raise ParameterError(f"{raw!r}: expected tcp:127.0.0.1:PORT (e.g. tcp:127.0.0.1:9000)")
    if host.lower() not in LOOPBACK_HOSTS:
        raise ParameterError(
            f"{raw!r}: only loopback addresses (127.0.0.1 or localhost) are allowed; the emulated band "
            "is never served beyond this machine"
        )
    try:
        port = int(port_text)
    except ValueError:
        raise ParameterError(f"{raw!r}: the port must be a number, got {port_text!r}") from None
    if not (0 if allow_any_port else 1) <= port <= 65535:
        raise ParameterError(f"{raw!r}: port {port} is out of range")
    return TransportSpec(LOOPBACK_HOSTS[host.lower()], port)


# ---------------------------------------------------------------------------------------- server
class _ClientController(asyncio.Protocol):
    """One TCP client of an :class:`HciServer`: H4 HCI in and out of its own controller."""

    def __init__(self, server: HciServer) -> None:
        self.server = server
        self.controller: Controller | None = None
        self.source: StreamPacketSource | None = None
        self.transport: asyncio.BaseTransport | None = None
        self.peer: Any = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.peer = transport.get_extra_info("peername")
        host = self.peer[0] if isinstance(self.peer, tuple) and self.peer else None
        try:
            loopback = host is not None and ipaddress.ip_address(host).is_loopback
        except ValueError:
            loopback = False
        if not loopback:  # cannot happen when bound to 127.0.0.1; refuse anyway
            logger.warning("refusing HCI client from %r (not loopback)", self.peer)
            transport.close()
            return
        assert isinstance(transport, asyncio.WriteTransport)
        self.transport = transport
        self.source = StreamPacketSource()
        n = self.server._next_client()
        self.controller = Controller(
            f"tcp-client-{n}",
            host_source=self.source,
            host_sink=StreamPacketSink(transport),
            link=self.server.link.link,
        )
        self.server._clients.add(self)
        self.server.connections_accepted += 1
        logger.debug("HCI client %s connected (controller %d)", self.peer, n)

    def data_received(self, data: bytes) -> None:
        if self.source is not None:
            self.source.data_received(data)

    def connection_lost(self, exc: Exception | None) -> None:
        logger.debug("HCI client %s gone (%s)", self.peer, exc)
        self.detach()

    def disconnect_links(self) -> None:
        """Terminate the controller's LE connections, as if its host had asked (both ends are told)."""
        ctl = self.controller
        if ctl is None:
            return
        for connection in list(ctl.le_connections.values()):
            with contextlib.suppress(Exception):
                ctl.on_hci_packet(
                    hci.HCI_Disconnect_Command(
                        connection_handle=connection.handle, reason=_HCI_REMOTE_USER_TERMINATED
                    )
                )

    def detach(self) -> None:
        """Terminate the controller's links (the band sees a disconnect) and take it off the link."""
        ctl = self.controller
        self.server._clients.discard(self)
        if ctl is None:
            return
        ctl.host = None  # nobody to tell any more
        self.disconnect_links()
        self.controller = None
        if self.transport is not None:
            self.transport.close()
        link = self.server.link.link
        if ctl in link.controllers:
            link.remove_controller(ctl)


class HciServer:
    """Serve a :class:`VirtualLink` on loopback TCP: each client gets a controller on the link.

    ``await server.start()`` binds (``spec.port`` 0 picks a free port; :attr:`spec` then holds
    the real one); ``await server.close()`` disconnects every client and stops listening.
    """

    def __init__(self, link: VirtualLink, spec: TransportSpec | str) -> None:
        self.link = link
        self.spec = (
            spec if isinstance(spec, TransportSpec) else parse_transport_spec(spec, allow_any_port=True)
        )
        if self.spec.host not in LOOPBACK_HOSTS.values():
            raise ParameterError(f"{self.spec}: only loopback addresses are allowed")
        self._server: asyncio.Server | None = None
        self._clients: set[_ClientController] = set()
        self._count = 0
        self.connections_accepted = 0

    def _next_client(self) -> int:
        self._count += 1
        return self._count

    @property
    def clients(self) -> int:
        """Clients connected now."""
        return len(self._clients)

    async def start(self) -> TransportSpec:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            if os.name == "posix":
                sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            sock.bind((self.spec.host, self.spec.port))
            sock.listen(4)
            sock.setblocking(False)
        except OSError as exc:
            sock.close()
            raise DeviceError(
                f"cannot serve the emulated band on {self.spec}: {exc.strerror or exc}"
            ) from exc
        self._server = await asyncio.get_running_loop().create_server(
            lambda: _ClientController(self), sock=sock
        )
        self.spec = TransportSpec(self.spec.host, int(sock.getsockname()[1]))
        return self.spec

    async def close(self) -> None:
        server, self._server = self._server, None
        if server is None:
            return
        server.close()
        clients = list(self._clients)
        for client in clients:  # clients are told (HCI Disconnection Complete) before the socket closes
            client.disconnect_links()
        if clients:
            await asyncio.sleep(0.2)
        for client in clients:
            client.detach()
        with contextlib.suppress(Exception):
            server.close_clients()  # type: ignore[attr-defined]  # Python >= 3.13
        with contextlib.suppress(Exception):
            async with asyncio.timeout(2.0):
                await server.wait_closed()

    async def __aenter__(self) -> Self:
        await self.start()
        return self

    async def __aexit__(self, *exc: object) -> None:
        await self.close()


# ---------------------------------------------------------------------------------------- client
class HciClientRadio:
    """The client side: Bumble hosts on ``tcp-client:`` transports to an :class:`HciServer`.

    Offers what :class:`~tremor.ble.bumble_backend.BumbleCentral` needs from a radio
    (:meth:`next_address`, :meth:`open_device`, :meth:`release_device`), like :class:`VirtualLink`.
    """

    def __init__(self, spec: TransportSpec | str) -> None:
        self.spec = spec if isinstance(spec, TransportSpec) else parse_transport_spec(spec)
        self._transports: dict[int, Any] = {}

    def next_address(self, prefix: str) -> str:
        """A random static address (another process may also be a client: no fixed pattern)."""
        b = bytearray(os.urandom(6))
        b[0] |= 0xC0  # random static: the two top bits set
        return ":".join(f"{x:02X}" for x in b)

    async def open_device(self, name: str, address: str) -> Device:
        """A powered-off Bumble device whose host talks HCI to a fresh controller at the server."""
        from bumble.transport import open_transport

        try:
            async with asyncio.timeout(5.0):
                transport = await open_transport(self.spec.bumble_client)
        except (OSError, TimeoutError) as exc:
            raise DeviceError(
                f"no emulated band is served at {self.spec} ({getattr(exc, 'strerror', None) or exc or 'timed out'}); "
                f"start one with: tremor emulate --simulate --serve {self.spec}"
            ) from exc
        device = Device.with_hci(name, Address(address), transport.source, transport.sink)
        self._transports[id(device)] = transport
        terminated = getattr(transport.source, "terminated", None)
        if terminated is not None:
            terminated.add_done_callback(lambda _f: self._on_lost(device))
        return device

    def _on_lost(self, device: Device) -> None:
        """The server vanished without telling: report its links as timed out, as a controller
        would, so bleak's disconnected callback (and the stream's reconnection) run."""
        if id(device) not in self._transports:
            return  # released on purpose
        logger.debug("HCI transport to %s lost", self.spec)
        for handle in list(getattr(device.host, "connections", {})):
            with contextlib.suppress(Exception):
                device.host.on_hci_packet(
                    hci.HCI_Disconnection_Complete_Event(
                        status=0, connection_handle=handle, reason=_HCI_CONNECTION_TIMEOUT
                    )
                )

    def is_lost(self, device: Device) -> bool:
        """True when the device's transport to the server has gone (the server stopped)."""
        transport = self._transports.get(id(device))
        if transport is None:
            return True
        terminated = getattr(transport.source, "terminated", None)
        return bool(terminated is not None and terminated.done())

    async def release_device(self, device: Device) -> None:
        transport = self._transports.pop(id(device), None)
        if transport is not None:
            with contextlib.suppress(Exception):
                await transport.close()
