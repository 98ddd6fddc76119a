"""A minimal keep-alive HTTP/1.1 server for the throughput benchmarks.

It parses just enough (the header block and Content-Length) to answer every
request with the same small ``/send`` response, so it is never the bottleneck.
Run as a script it binds a free loopback port, prints it, and serves until
its stdin closes (the benchmark runs it in a separate process, so the client
under test does not share an event loop or a GIL with it).
"""

from __future__ import annotations

import asyncio
import sys

BODY = b'{"trackingId":"t","messages":[]}'
RESPONSE = (
    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
    b"Content-Length: %d\r\nConnection: keep-alive\r\n\r\n%s" % (len(BODY), BODY)
)


class _Http(asyncio.Protocol):
    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport: asyncio.Transport = transport  # type: ignore[assignment]
        self.buffer = bytearray()

    def data_received(self, data: bytes) -> None:
        buffer = self.buffer
        buffer += data
        replies = 0
        while True:
            end = buffer.find(b"\r\n\r\n")
            if end < 0:
                break
            length = 0
            for line in bytes(buffer[:end]).split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            if len(buffer) < end + 4 + length:
                break
            del buffer[: end + 4 + length]
            replies += 1
        if replies:
            self.transport.write(RESPONSE * replies)


async def _serve() -> None:
    loop = asyncio.get_running_loop()
    server = await loop.create_server(_Http, "127.0.0.1", 0, backlog=1024)
    print(server.sockets[0].getsockname()[1], flush=True)
    # Serve until the parent closes our stdin (or dies).
    await loop.run_in_executor(None, sys.stdin.read)
    server.close()


if __name__ == "__main__":
    asyncio.run(_serve())
