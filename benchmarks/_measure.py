"""What each benchmark row measures: the SDK's CPU time per call, and its baseline's.

Each ``measure_*`` function returns a pair of round functions, ``(sdk, baseline)``: each
call of one runs a round of calls and returns the CPU time (``time.process_time``) per
call. ``run.py`` interleaves the rounds of the pair and takes medians; ``--compare`` runs
the ``sdk`` side of the same functions against another revision of the SDK, in a child
interpreter per side. So these functions use only the SDK's public API, the same in
every revision compared.

A baseline does by hand what the SDK does for the caller, with the same libraries: it
encodes the body with msgspec, posts it with the bare HTTP client (with the SDK's
headers on the client), and decodes the response into the same model.
"""

from __future__ import annotations

import asyncio
import importlib
import os
import time
from contextlib import contextmanager
from typing import Any, Callable, Dict, Iterator, Tuple

import httpx
from benchmarks._payloads import EMAIL_HTML
from tests import payloads

API_KEY = "pingram_sk_bench"
REPLY = b'{"trackingId":"t","messages":[]}'
#: What the SDK sends with every request: the bare clients send the same.
HEADERS = {
    "Accept": "application/json",
    "Accept-Encoding": "gzip, deflate",
    "Content-Type": "application/json",
    "Authorization": f"Bearer {API_KEY}",
    "User-Agent": "pingram-python/0.0.0 python/3.11.0",
}

Round = Callable[[], float]


def bodies() -> Dict[str, Any]:
    """The full send body (every field set, a 7 KB HTML email) as a model and as a dict."""
    payloads.HTML = EMAIL_HTML  # full_send_body() reads it at call time
    wire = dict(payloads.FULL_SEND_WIRE)
    wire["email"] = {**wire["email"], "html": EMAIL_HTML}
    return {"struct": payloads.full_send_body(), "dict": wire}


def cpu_round(call: Callable[[], object], calls: int) -> Round:
    def round_() -> float:
        started = time.process_time()
        for _ in range(calls):
            call()
        return (time.process_time() - started) / calls

    return round_


def async_cpu_round(loop: asyncio.AbstractEventLoop, call: Callable[[], Any], calls: int) -> Round:
    async def run() -> None:
        for _ in range(calls):
            await call()

    def round_() -> float:
        started = time.process_time()
        loop.run_until_complete(run())
        return (time.process_time() - started) / calls

    return round_


def _mock_reply(request: httpx.Request) -> httpx.Response:
    return httpx.Response(200, content=REPLY, headers={"Content-Type": "application/json"})


@contextmanager
def overhead(kind: str, form: str, calls: int) -> Iterator[Tuple[Round, Round]]:
    """``send()`` of the full body through a ``MockTransport`` (no network), vs the bare
    client doing the same: ``kind`` is ``sync`` or ``async``, ``form`` ``struct`` or ``dict``."""
    transport = httpx.MockTransport(_mock_reply)
    with _sdk_and_by_hand(
        kind, httpx, "https://api.pingram.test", bodies()[form], calls, transport
    ) as pair:
        yield pair


@contextmanager
def loopback(kind: str, stack: str, url: str, calls: int) -> Iterator[Tuple[Round, Round]]:
    """``send()`` of the full body to a loopback server, on the SDK's own client of ``stack``
    (``PINGRAM_HTTP_STACK``), vs that library's bare client doing the same."""
    os.environ["PINGRAM_HTTP_STACK"] = stack  # the SDK's own client, on this library
    try:
        lib = importlib.import_module(stack)
        with _sdk_and_by_hand(kind, lib, url, bodies()["struct"], calls) as pair:
            yield pair
    finally:
        os.environ.pop("PINGRAM_HTTP_STACK", None)


@contextmanager
def _sdk_and_by_hand(
    kind: str, lib: Any, url: str, body: Any, calls: int, transport: Any = None
) -> Iterator[Tuple[Round, Round]]:
    """The rounds of ``send(body)`` on the ``kind`` client and of the same by hand on
    ``lib``'s bare client. With a ``transport``, both go through it (the SDK on a caller's
    client); without, the SDK uses the client it builds itself."""
    from pingram import Pingram, PingramSync
    from pingram.models import SenderPostResponse
    from pingram.models._base import decoder_for, encoder

    decoder = decoder_for(SenderPostResponse)
    on: Dict[str, Any] = {} if transport is None else {"transport": transport}
    if kind == "sync":
        sdk = PingramSync(
            api_key=API_KEY, base_url=url, http_client=lib.Client(**on) if on else None
        )
        bare = lib.Client(headers=HEADERS, **on)

        def by_hand() -> Any:
            return decoder.decode(bare.post(url + "/send", content=encoder.encode(body)).content)

        try:
            yield cpu_round(lambda: sdk.send(body), calls), cpu_round(by_hand, calls)
        finally:
            sdk.close()
            bare.close()
        return
    loop = asyncio.new_event_loop()
    async_sdk = Pingram(
        api_key=API_KEY, base_url=url, http_client=lib.AsyncClient(**on) if on else None
    )
    async_bare = lib.AsyncClient(headers=HEADERS, **on)

    async def async_by_hand() -> Any:
        response = await async_bare.post(url + "/send", content=encoder.encode(body))
        return decoder.decode(response.content)

    try:
        yield (
            async_cpu_round(loop, lambda: async_sdk.send(body), calls),
            async_cpu_round(loop, async_by_hand, calls),
        )
    finally:
        loop.run_until_complete(async_sdk.close())
        loop.run_until_complete(async_bare.aclose())
        loop.close()
