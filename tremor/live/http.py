"""The small HTTP/1.1 both phone paths speak: a request head reader and response writer for the
Sensor Logger receiver, and a one-shot client for phyphox (and the replay tools).
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass

__all__ = ["http_request", "read_request_head", "http_response", "Request", "MAX_LINE"]

_MAX_HEADER_LINES = 64
#: Longest request or header line read (bytes); a server's stream limit is set from it.
MAX_LINE = 8192


@dataclass
class Request:
    """An HTTP request's head: method (upper case), target and headers (names lower case)."""

    method: str
    target: str
    headers: dict[str, str]


async def read_request_head(reader: asyncio.StreamReader) -> Request:
    """Read an HTTP/1.1 request line and its headers (the body is left in ``reader``).

    Parameters
    ----------
    reader : asyncio.StreamReader
        The connection.

    Returns
    -------
    Request
        The request's head.

    Raises
    ------
    ValueError
        A malformed or over-long request line or header line, or 64 header lines or more.
    """
    line = await reader.readline()
    if not line or len(line) > MAX_LINE or not line.endswith(b"\n"):
        raise ValueError("bad request line")
    parts = line.decode("latin-1").strip().split(" ")
    if len(parts) != 3 or not parts[2].startswith("HTTP/"):
        raise ValueError("bad request line")
    headers: dict[str, str] = {}
    for _ in range(_MAX_HEADER_LINES):
        h = await reader.readline()
        if len(h) > MAX_LINE or not h.endswith(b"\n"):
            raise ValueError("bad header line")
        text = h.decode("latin-1").strip()
        if not text:
            return Request(parts[0].upper(), parts[1], headers)
        name, sep, value = text.partition(":")
        if not sep:
            raise ValueError("bad header line")
        headers[name.strip().lower()] = value.strip()
    raise ValueError("too many header lines")


def http_response(status: int, reason: str, body: str = "", content_type: str = "application/json") -> bytes:
    """A complete HTTP/1.1 response with ``Connection: close``.

    Parameters
    ----------
    status : int
        Status code.
    reason : str
        Reason phrase.
    body : str
        Body, sent as UTF-8.
    content_type : str
        ``Content-Type`` header.

    Returns
    -------
    bytes
        Head and body, ready to write.
    """
    data = body.encode("utf-8")
    head = (
        f"HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\n"
        f"Content-Length: {len(data)}\r\nConnection: close\r\n\r\n"
    )
    return head.encode("latin-1") + data


async def http_request(
    host: str,
    port: int,
    method: str,
    path: str,
    body: bytes = b"",
    *,
    timeout: float = 5.0,
    headers: dict[str, str] | None = None,
) -> tuple[int, bytes]:
    """One HTTP/1.1 request with ``Connection: close`` (stdlib asyncio streams); returns status and body.

    phyphox's server does not cope with keep-alive, so every request has its own connection.
    Raises :class:`OSError` / :class:`TimeoutError` when the other side cannot be reached.
    """
    async with asyncio.timeout(timeout):
        reader, writer = await asyncio.open_connection(host, port)
        try:
            extra = "".join(f"{k}: {v}\r\n" for k, v in (headers or {}).items())
            head = (
                f"{method} {path} HTTP/1.1\r\nHost: {host}:{port}\r\nConnection: close\r\n"
                f"Content-Length: {len(body)}\r\n{extra}\r\n"
            )
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
    status_line = data[: data.find(b"\r\n")].decode("latin-1").split(" ")
    try:
        status = int(status_line[1])
    except (IndexError, ValueError):
        raise OSError(f"bad HTTP status line from {host}:{port}: {status_line!r}") from None
    return status, data[head_end + 4 :]
