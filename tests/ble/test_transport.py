"""The virtual radio served over loopback TCP HCI (tremor.ble.hci_transport), exercised in one process:
server and client share the event loop but talk only through the socket."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest

pytest.importorskip("bumble")

from ble_helpers import expected_sine, run, sine_chunks

from tremor.ble import BandStream, ReconnectPolicy, SampleChunk
from tremor.ble.bumble_backend import BumbleCentral
from tremor.ble.emulator import EmulatedBand
from tremor.ble.hci_transport import HciServer
from tremor.ble.vlink import VirtualLink
from tremor.errors import DeviceError

FAST = ReconnectPolicy(initial_s=0.05, factor=2.0, max_delay_s=0.2, max_attempts=3)


async def _wait(pred, timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not pred():
            await asyncio.sleep(0.02)


def test_exact_samples_over_tcp_hci_and_a_vanished_client_frees_the_band():
    async def main():
        radio = VirtualLink()
        band = EmulatedBand(radio, sine_chunks(52), fs=52, pace=4.0)
        await band.start()
        server = HciServer(radio, "tcp:127.0.0.1:0")
        spec = await server.start()
        assert spec.port > 0
        central = BumbleCentral.from_transport(str(spec))
        chunks = []
        async with BandStream("Polar Sense EMU", profile="pmd", backend=central.backends) as stream:
            async for item in stream:
                if isinstance(item, SampleChunk):
                    chunks.append(item)
                if len(chunks) >= 10:
                    break
            assert server.clients == 1 and band.is_connected
            # the client process "dies": its socket closes without any HCI disconnect
            await central.link.release_device(central._device)
            await _wait(lambda: server.clients == 0 and not band.is_connected)
        await central.close()
        # a new client gets a fresh controller and finds the band advertising again
        again = BumbleCentral.from_transport(str(spec))
        async with BandStream("Polar Sense EMU", profile="pmd", backend=again.backends) as stream:
            first = await anext(aiter(stream))
        await again.close()
        await server.close()
        await band.stop()
        return chunks, first, band

    chunks, first, band = run(main())
    t = np.concatenate([c.device_time_ns for c in chunks])
    acc = np.concatenate([c.acc_mps2 for c in chunks])
    assert np.allclose(acc, expected_sine(t), atol=8 * 9.80665 / 32768 + 1e-9)  # one count of the 8 g range
    assert isinstance(first, SampleChunk) and band.connections_accepted == 2


def test_server_going_away_is_a_lost_link_for_the_client():
    async def main():
        radio = VirtualLink()
        band = EmulatedBand(radio, sine_chunks(52), fs=52, pace=4.0)
        await band.start()
        server = HciServer(radio, "tcp:127.0.0.1:0")
        spec = await server.start()
        central = BumbleCentral.from_transport(spec)
        try:
            async with BandStream(
                "Polar Sense EMU", profile="pmd", backend=central.backends, reconnect=FAST
            ) as stream:
                n = 0
                async for item in stream:
                    n += 1
                    if n == 3:
                        await server.close()  # the emulator process stops serving
                        await band.stop()
        finally:
            await central.close()

    with pytest.raises(DeviceError, match="no emulated band is served at tcp:127.0.0.1"):
        run(main())
