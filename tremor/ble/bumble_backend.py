"""A bleak backend that runs over Bumble's host on a virtual controller.

bleak chooses its OS backend unless ``backend=`` is given to
:class:`bleak.BleakScanner` / :class:`bleak.BleakClient`; that argument takes a
*class* (a :class:`~bleak.backends.scanner.BaseBleakScanner` or
:class:`~bleak.backends.client.BaseBleakClient` subclass), which bleak
instantiates with its own fixed arguments. So a backend cannot be handed an
object such as "the Bumble device to use". :class:`BumbleCentral` solves that
with its own subclasses bound to it (:attr:`BumbleCentral.client_backend`,
:attr:`BumbleCentral.scanner_backend`), created per central; everything else is
the public bleak backend interface. No bleak internals are patched.

::

    radio = VirtualLink()
    central = BumbleCentral(radio)
    async with EmulatedBand(radio, source, fs=52):
        dev = await BleakScanner.find_device_by_name(
            "Polar Sense EMU", backend=central.scanner_backend)
        async with BleakClient(dev, backend=central.client_backend) as client:
            ...

The radio is an in-process :class:`~tremor.ble.vlink.VirtualLink` or, to reach an emulated
band served by another process (``tremor emulate --serve``), a loopback HCI transport:
``BumbleCentral.from_transport("tcp:127.0.0.1:9000")`` (see :mod:`tremor.ble.hci_transport`).

What is implemented: scanning (active/passive, service-UUID filter, local name,
manufacturer/service data, TX power, RSSI), connect (with a 517-byte ATT MTU
exchange, as the OS stacks do), disconnect with the disconnected callback (on
both requested and remote disconnects, like BlueZ), service discovery into
bleak's service collection, read/write characteristic and descriptor,
start/stop notify (notifications preferred, indications otherwise),
``mtu_size``, ``name``. Pairing is not supported (raises ``NotImplementedError``).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import struct
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from bleak.args import SizedBuffer
from bleak.assigned_numbers import gatt_char_props_to_strs
from bleak.backends.characteristic import BleakGATTCharacteristic
from bleak.backends.client import BaseBleakClient, NotifyCallback
from bleak.backends.descriptor import BleakGATTDescriptor
from bleak.backends.device import BLEDevice
from bleak.backends.scanner import (
    AdvertisementData,
    AdvertisementDataCallback,
    BaseBleakScanner,
)
from bleak.backends.service import BleakGATTService, BleakGATTServiceCollection
from bleak.exc import (
    BleakBluetoothNotAvailableError,
    BleakBluetoothNotAvailableReason,
    BleakDeviceNotFoundError,
    BleakError,
    BleakGATTProtocolError,
)
from bumble import att
from bumble.core import UUID, AdvertisingData
from bumble.device import Advertisement, Connection, Device, Peer
from bumble.hci import Address

from ..errors import DeviceError
from .backends import BleakBackends
from .vlink import VirtualLink

if TYPE_CHECKING:
    from tremor.ble.hci_transport import HciClientRadio, TransportSpec

__all__ = ["BumbleCentral", "BumbleBleakClient", "BumbleBleakScanner"]

logger = logging.getLogger(__name__)

_PREFERRED_MTU = 517
_HCI_REMOTE_USER_TERMINATED = 0x13


class BumbleCentral:
    """The host side of the virtual radio: one Bumble device used as "the adapter".

    Parameters
    ----------
    link : VirtualLink or HciClientRadio
        The radio shared with the emulated bands: in this process (:class:`VirtualLink`), or
        served by another one over loopback HCI (:class:`~tremor.ble.hci_transport.HciClientRadio`,
        see :meth:`from_transport`).
    address : str, optional
        Our own random static address.
    powered : bool
        ``False`` emulates an adapter that is switched off: scanning and
        connecting raise :class:`bleak.exc.BleakBluetoothNotAvailableError`.
    """

    def __init__(
        self, link: VirtualLink | HciClientRadio, *, address: str | None = None, powered: bool = True
    ) -> None:
        self.link = link
        self.address = address or link.next_address("C0")
        self.powered = powered
        self._device: Device | None = None
        self._power_lock = asyncio.Lock()
        #: one LE connection is set up at a time (Bumble refuses a second pending one; OS stacks queue them)
        self.connect_lock = asyncio.Lock()
        self._scan_users = 0
        self.client_backend: type[BumbleBleakClient] = type(
            "BumbleBleakClient", (BumbleBleakClient,), {"central": self}
        )
        self.scanner_backend: type[BumbleBleakScanner] = type(
            "BumbleBleakScanner", (BumbleBleakScanner,), {"central": self}
        )

    @classmethod
    def from_transport(cls, spec: str | TransportSpec, **kwargs: Any) -> BumbleCentral:
        """A central whose controller is served at ``spec`` (``tcp:127.0.0.1:PORT``, loopback only)
        by ``tremor emulate --serve``; the transport is opened on first use."""
        from tremor.ble.hci_transport import HciClientRadio

        return cls(HciClientRadio(spec), **kwargs)

    @property
    def backends(self) -> BleakBackends:
        """Both backend classes, for :class:`tremor.ble.BandStream` and :func:`tremor.ble.scan`."""
        return BleakBackends(client=self.client_backend, scanner=self.scanner_backend)

    async def device(self) -> Device:
        """The powered-on Bumble device (created on first use)."""
        if not self.powered:
            raise BleakBluetoothNotAvailableError(
                "Bluetooth is turned off (virtual adapter powered down)",
                BleakBluetoothNotAvailableReason.POWERED_OFF,
            )
        async with self._power_lock:
            if self._device is not None and self.link.is_lost(self._device):
                await self._drop_device()  # the serving process went away: try again from scratch
            if self._device is None:
                dev = await self.link.open_device("tremor-central", self.address)
                try:
                    async with asyncio.timeout(10.0):
                        await dev.power_on()
                except Exception as exc:
                    await self.link.release_device(dev)
                    if isinstance(exc, DeviceError):
                        raise
                    raise DeviceError(f"the Bumble controller did not start: {exc!r}") from exc
                self._device = dev
                self._scan_users = 0
        return self._device

    async def _drop_device(self) -> None:
        dev, self._device = self._device, None
        if dev is not None:
            with contextlib.suppress(Exception):
                await dev.power_off()
            await self.link.release_device(dev)

    async def _scan_acquire(self, active: bool) -> Device:
        dev = await self.device()
        self._scan_users += 1
        if self._scan_users == 1:
            await dev.start_scanning(active=active, filter_duplicates=False)
        return dev

    async def _scan_release(self) -> None:
        self._scan_users = max(0, self._scan_users - 1)
        if self._scan_users == 0 and self._device is not None and self._device.is_scanning:
            await self._device.stop_scanning()

    async def close(self) -> None:
        """Power the central off (and close its transport, if it has one)."""
        await self._drop_device()


# ---------------------------------------------------------------------- scanner
def _advertisement_data(adv: Advertisement, merged: dict[int, list[bytes]]) -> AdvertisementData:
    local_name: str | None = None
    manufacturer: dict[int, bytes] = {}
    service_data: dict[str, bytes] = {}
    uuids: list[str] = []
    tx_power: int | None = None
    for ad_type, payloads in merged.items():
        for value in payloads:
            if ad_type in (AdvertisingData.COMPLETE_LOCAL_NAME, AdvertisingData.SHORTENED_LOCAL_NAME):
                if local_name is None or ad_type == AdvertisingData.COMPLETE_LOCAL_NAME:
                    local_name = value.decode("utf-8", errors="replace")
            elif ad_type == AdvertisingData.MANUFACTURER_SPECIFIC_DATA and len(value) >= 2:
                manufacturer[struct.unpack_from("<H", value)[0]] = value[2:]
            elif ad_type == AdvertisingData.TX_POWER_LEVEL and value:
                tx_power = struct.unpack("b", value[:1])[0]
            elif ad_type in _UUID_LISTS:
                size = _UUID_LISTS[ad_type]
                for i in range(0, len(value) - size + 1, size):
                    uuids.append(_bleak_uuid(value[i : i + size]))
            elif ad_type in _SERVICE_DATA:
                size = _SERVICE_DATA[ad_type]
                service_data[_bleak_uuid(value[:size])] = value[size:]
    return AdvertisementData(
        local_name=local_name,
        manufacturer_data=manufacturer,
        service_data=service_data,
        service_uuids=uuids,
        tx_power=tx_power,
        rssi=adv.rssi,
        platform_data=(adv,),
    )


_UUID_LISTS: dict[int, int] = {
    AdvertisingData.COMPLETE_LIST_OF_16_BIT_SERVICE_CLASS_UUIDS: 2,
    AdvertisingData.INCOMPLETE_LIST_OF_16_BIT_SERVICE_CLASS_UUIDS: 2,
    AdvertisingData.COMPLETE_LIST_OF_32_BIT_SERVICE_CLASS_UUIDS: 4,
    AdvertisingData.INCOMPLETE_LIST_OF_32_BIT_SERVICE_CLASS_UUIDS: 4,
    AdvertisingData.COMPLETE_LIST_OF_128_BIT_SERVICE_CLASS_UUIDS: 16,
    AdvertisingData.INCOMPLETE_LIST_OF_128_BIT_SERVICE_CLASS_UUIDS: 16,
}
_SERVICE_DATA: dict[int, int] = {
    AdvertisingData.SERVICE_DATA_16_BIT_UUID: 2,
    AdvertisingData.SERVICE_DATA_32_BIT_UUID: 4,
    AdvertisingData.SERVICE_DATA_128_BIT_UUID: 16,
}


def _bleak_uuid(little_endian: bytes) -> str:
    """bleak's normalised 128-bit UUID text for a little-endian UUID of 2, 4 or 16 bytes."""
    return _uuid_str(UUID.from_bytes(bytes(little_endian)))


def _uuid_str(uuid: UUID) -> str:
    full = bytes(uuid.to_bytes(force_128=True))[::-1].hex()
    return f"{full[:8]}-{full[8:12]}-{full[12:16]}-{full[16:20]}-{full[20:]}"


class BumbleBleakScanner(BaseBleakScanner):
    """bleak scanner backend over a :class:`BumbleCentral` (use ``central.scanner_backend``)."""

    central: ClassVar[BumbleCentral]

    def __init__(
        self,
        detection_callback: AdvertisementDataCallback | None,
        service_uuids: list[str] | None,
        scanning_mode: str = "active",
        **kwargs: Any,
    ) -> None:
        super().__init__(detection_callback, service_uuids)
        self._active = scanning_mode != "passive"
        self._device: Device | None = None
        self._merged: dict[str, dict[int, list[bytes]]] = {}

    async def start(self) -> None:
        self.seen_devices = {}
        self._merged = {}
        dev = await self.central._scan_acquire(self._active)
        dev.on("advertisement", self._on_advertisement)
        self._device = dev

    async def stop(self) -> None:
        if self._device is not None:
            self._device.remove_listener("advertisement", self._on_advertisement)
            self._device = None
            await self.central._scan_release()

    def _on_advertisement(self, adv: Advertisement) -> None:
        key = str(adv.address)
        merged = self._merged.setdefault(key, {})
        for ad_type, value in adv.data.ad_structures:
            merged[int(ad_type)] = [bytes(value)]
        data = _advertisement_data(adv, merged)
        if not self.is_allowed_uuid(data.service_uuids):
            return
        device = self.create_or_update_device(key, key, data.local_name, adv.address, data)
        self.call_detection_callbacks(device, data)


# ---------------------------------------------------------------------- client
class BumbleBleakClient(BaseBleakClient):
    """bleak client backend over a :class:`BumbleCentral` (use ``central.client_backend``)."""

    central: ClassVar[BumbleCentral]

    def __init__(
        self,
        address_or_ble_device: BLEDevice | str,
        *,
        disconnected_callback: Callable[[], None] | None = None,
        timeout: float = 10.0,
        services: set[str] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(address_or_ble_device, disconnected_callback=disconnected_callback, timeout=timeout)
        self._target = address_or_ble_device
        self._name = address_or_ble_device.name if isinstance(address_or_ble_device, BLEDevice) else None
        self._services_filter = services
        self._connection: Connection | None = None
        self._peer: Peer | None = None
        self._subscribers: dict[int, Callable[[bytes], None]] = {}

    # -- properties
    @property
    def name(self) -> str:
        return self._name or str(self.address).replace(":", "-")

    @property
    def mtu_size(self) -> int:
        return self._connection.att_mtu if self._connection is not None else 23

    @property
    def is_connected(self) -> bool:
        return self._connection is not None

    # -- connectivity
    def _peer_address(self) -> Address:
        target = self._target
        if isinstance(target, BLEDevice) and isinstance(target.details, Address):
            return target.details
        text = target.address if isinstance(target, BLEDevice) else str(target)
        try:
            return Address(text)
        except Exception:
            raise BleakDeviceNotFoundError(text, f"not a Bluetooth address: {text!r}") from None

    async def connect(self, pair: bool, **kwargs: Any) -> None:
        if pair:
            raise NotImplementedError("pairing is not supported by the Bumble backend")
        dev = await self.central.device()
        address = self._peer_address()
        try:
            async with self.central.connect_lock:  # two bands at once: their connections one after the other
                connection = await dev.connect(address, timeout=self._timeout)
        except Exception as exc:
            raise BleakDeviceNotFoundError(str(address), f"could not connect to {address}: {exc!r}") from exc
        self._connection = connection
        connection.on("disconnection", self._on_disconnection)
        peer = Peer(connection)
        self._peer = peer
        try:
            await peer.request_mtu(_PREFERRED_MTU)
            self.services = await self._discover(peer)
        except Exception:
            await self.disconnect()
            raise

    def _on_disconnection(self, reason: int) -> None:
        logger.debug("bumble backend: disconnected from %s (reason 0x%02X)", self.address, reason)
        self._connection = None
        self._peer = None
        self._subscribers.clear()
        self.services = None
        if self._disconnected_callback is not None:
            self._disconnected_callback()

    async def disconnect(self) -> None:
        connection = self._connection
        if connection is None:
            return
        with contextlib.suppress(Exception):
            await connection.disconnect(_HCI_REMOTE_USER_TERMINATED)

    async def pair(self, *args: Any, **kwargs: Any) -> None:
        raise NotImplementedError("pairing is not supported by the Bumble backend")

    async def unpair(self) -> None:
        raise NotImplementedError("pairing is not supported by the Bumble backend")

    async def _discover(self, peer: Peer) -> BleakGATTServiceCollection:
        await peer.discover_services()
        collection = BleakGATTServiceCollection()
        for service in peer.services:
            s_uuid = _uuid_str(service.uuid)
            if self._services_filter and s_uuid not in self._services_filter:
                continue
            b_service = BleakGATTService(service, service.handle, s_uuid)
            collection.add_service(b_service)
            await peer.discover_characteristics(service=service)
            for char in service.characteristics:
                b_char = BleakGATTCharacteristic(
                    char,
                    char.handle,
                    _uuid_str(char.uuid),
                    sorted(gatt_char_props_to_strs(int(char.properties))),
                    lambda: self.mtu_size - 3,
                    b_service,
                )
                collection.add_characteristic(b_char)
                await peer.discover_descriptors(characteristic=char)
                for desc in char.descriptors:
                    collection.add_descriptor(
                        BleakGATTDescriptor(desc, desc.handle, _uuid_str(desc.type), b_char)
                    )
        return collection

    def _require_peer(self) -> Peer:
        if self._peer is None:
            raise BleakError("Not connected")
        return self._peer

    # -- I/O
    async def read_gatt_char(
        self, characteristic: BleakGATTCharacteristic, *, use_cached: bool = False, **kwargs: Any
    ) -> bytearray:
        try:
            return bytearray(await self._require_peer().read_value(characteristic.obj))
        except att.ATT_Error as exc:
            raise BleakGATTProtocolError(exc.error_code) from exc

    async def read_gatt_descriptor(
        self, descriptor: BleakGATTDescriptor, *, use_cached: bool = False, **kwargs: Any
    ) -> bytearray:
        try:
            return bytearray(await self._require_peer().read_value(descriptor.handle))
        except att.ATT_Error as exc:
            raise BleakGATTProtocolError(exc.error_code) from exc

    async def write_gatt_char(
        self, characteristic: BleakGATTCharacteristic, data: SizedBuffer, response: bool
    ) -> None:
        try:
            await self._require_peer().write_value(characteristic.obj, bytes(data), with_response=response)
        except att.ATT_Error as exc:
            raise BleakGATTProtocolError(exc.error_code) from exc

    async def write_gatt_descriptor(self, descriptor: BleakGATTDescriptor, data: SizedBuffer) -> None:
        try:
            await self._require_peer().write_value(descriptor.handle, bytes(data), with_response=True)
        except att.ATT_Error as exc:
            raise BleakGATTProtocolError(exc.error_code) from exc

    async def start_notify(
        self, characteristic: BleakGATTCharacteristic, callback: NotifyCallback, **kwargs: Any
    ) -> None:
        peer = self._require_peer()

        def subscriber(value: bytes) -> None:
            callback(bytearray(value))

        self._subscribers[characteristic.handle] = subscriber
        try:
            await peer.subscribe(characteristic.obj, subscriber, prefer_notify=True)
        except att.ATT_Error as exc:
            raise BleakGATTProtocolError(exc.error_code) from exc

    async def stop_notify(self, characteristic: BleakGATTCharacteristic) -> None:
        peer = self._require_peer()
        subscriber = self._subscribers.pop(characteristic.handle, None)
        await peer.unsubscribe(characteristic.obj, subscriber)
