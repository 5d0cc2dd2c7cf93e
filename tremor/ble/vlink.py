"""A virtual BLE radio: Bumble controllers on one in-process ``LocalLink``.

Every :class:`~bumble.device.Device` made by :meth:`VirtualLink.add_device` gets
its own emulated :class:`~bumble.controller.Controller` and :class:`~bumble.host.Host`;
advertising, connections and ATT traffic between them go through the link,
byte for byte as over the air (no radio timing). Both the emulated bands
(:mod:`tremor.ble.emulator`) and the bleak backend (:mod:`tremor.ble.bumble_backend`)
sit on one of these.
"""

from __future__ import annotations

import itertools

from bumble.controller import Controller
from bumble.device import Device
from bumble.hci import Address
from bumble.host import Host
from bumble.link import LocalLink
from bumble.transport.common import AsyncPipeSink

__all__ = ["VirtualLink"]


class VirtualLink:
    """One shared virtual radio. Create it inside a running event loop."""

    def __init__(self) -> None:
        self.link = LocalLink()
        self._counter = itertools.count(1)

    def next_address(self, prefix: str) -> str:
        """A fresh random-static-looking address ``<prefix>:00:00:00:00:NN``."""
        n = next(self._counter)
        return f"{prefix}:00:00:00:{n >> 8:02X}:{n & 0xFF:02X}"

    def add_device(self, name: str, address: str) -> Device:
        """A powered-off Bumble device with its own controller on this link."""
        controller = Controller(f"ctl-{name}", link=self.link)
        host = Host(controller, AsyncPipeSink(controller))
        return Device(name=name, address=Address(address), host=host)

    async def open_device(self, name: str, address: str) -> Device:
        """:meth:`add_device` under the radio interface :class:`~tremor.ble.bumble_backend.BumbleCentral`
        uses (an :class:`~tremor.ble.hci_transport.HciClientRadio` offers the same)."""
        return self.add_device(name, address)

    def is_lost(self, device: Device) -> bool:
        """An in-process radio is never lost."""
        return False

    async def release_device(self, device: Device) -> None:
        """Nothing to release: the device's controller stays on the link (it is powered off)."""

    def remove_device(self, device: Device) -> None:
        """Take a device's controller off the link (the band "walks away")."""
        controller = device.host.hci_sink
        ctl = getattr(controller, "controller", None) or controller
        if ctl in self.link.controllers:
            self.link.remove_controller(ctl)
