"""A crawled HTTP response's body as the page the browser showed: the transfer and content
codings the crawler kept, undone.

A WARC holds a response as it came over the wire: warcprox, pywb and Brozzler record a
browser's traffic, so a page is often gzip or Brotli (`Content-Encoding`) and sometimes
`Transfer-Encoding: chunked`. FastWARC gives those bytes as stored (warcio's content_stream
would decode them; FastWARC leaves it to the reader), and parsed as they are a gzip page is
refused as undecodable and a chunked one gets its chunk sizes spliced into the text.

Each step is lenient, since crawlers disagree: Browsertrix removes the chunking but keeps the
header, Common Crawl decodes and renames the header, so a body that is not in the coding its
header names is kept as it is. A decoded body is held to MAX_SEED_BYTES (a page served as a
compression bomb to crawlers is refused, named, not unpacked into memory).
"""
from __future__ import annotations

import re
import zlib
from collections.abc import Callable

from site_builder.seeds import MAX_SEED_BYTES, SeedError

_CHUNK_SIZE = re.compile(rb"([0-9A-Fa-f]{1,16})[ \t]*(?:;[^\r\n]*)?\r?\n")


def decoded_body(body: bytes, transfer_encoding: str | None, content_encoding: str | None,
                 where: str) -> bytes:
    """`body` with its chunking (when it is chunked) and its content codings (gzip, x-gzip,
    deflate, br; in the reverse of the order they were applied) undone."""
    if transfer_encoding and "chunked" in transfer_encoding.lower():
        body = _dechunked(body)
    codings = [c.strip().lower() for c in (content_encoding or "").split(",") if c.strip()]
    for coding in reversed(codings):
        decode = _DECODERS.get(coding)
        if decode is not None:
            body = decode(body, where)
    return body


def _dechunked(body: bytes) -> bytes:
    """The chunks' data joined; the body as it is when it is not a whole chunked body."""
    parts, at = [], 0
    while True:
        size_line = _CHUNK_SIZE.match(body, at)
        if size_line is None:
            return body
        size, at = int(size_line.group(1), 16), size_line.end()
        if size == 0:
            return b"".join(parts)
        if at + size > len(body):
            return body
        parts.append(body[at:at + size])
        at += size
        at += 2 if body.startswith(b"\r\n", at) else 1 if body.startswith(b"\n", at) else 0


def _zlib(body: bytes, where: str, wbits: int) -> bytes:
    """gzip (wbits 31) or deflate, at most MAX_SEED_BYTES of it; the body as it is when it is
    not in that coding."""
    decompressor = zlib.decompressobj(wbits)
    try:
        data = decompressor.decompress(body, MAX_SEED_BYTES)
    except zlib.error:
        return body
    if decompressor.unconsumed_tail:
        raise SeedError(f"{where}: page too large once decompressed (over "
                        f"{MAX_SEED_BYTES // 2**20} MB)")
    return data


def _gzip(body: bytes, where: str) -> bytes:
    return _zlib(body, where, 31) if body.startswith(b"\x1f\x8b") else body


def _deflate(body: bytes, where: str) -> bytes:
    """zlib-wrapped, as the standard says, or raw deflate, as some servers send it."""
    wrapped = _zlib(body, where, 15)
    return wrapped if wrapped is not body else _zlib(body, where, -15)


def _brotli(body: bytes, where: str) -> bytes:
    import brotli
    decompressor = brotli.Decompressor()
    try:
        try:
            data = decompressor.process(body, output_buffer_limit=MAX_SEED_BYTES + 1)
        except TypeError:                      # Brotli before 1.2: no limit to ask for
            data = decompressor.process(body)
    except brotli.error:
        return body
    if len(data) > MAX_SEED_BYTES:
        raise SeedError(f"{where}: page too large once decompressed (over "
                        f"{MAX_SEED_BYTES // 2**20} MB)")
    return data


_DECODERS: dict[str, Callable[[bytes, str], bytes]] = {
    "gzip": _gzip, "x-gzip": _gzip, "deflate": _deflate, "br": _brotli}
