"""Flask and FastAPI for the webhook examples of the README, real or stood in.

The examples define a Flask app and a FastAPI app that verify Pingram's webhooks. The test
environment (``nox -s tests``) installs neither framework: the SDK does not depend on them,
and the test dependencies stay small. So :func:`frameworks` hands the examples the real
module when it is importable, and otherwise a stand-in with exactly the surface the
examples use:

- ``flask``: ``Flask(__name__)``, ``@app.post(rule)``, ``request.get_data()`` and
  ``request.headers``, a ``(body, status)`` return value, and ``app.test_client()``. It is
  built on Werkzeug (installed with pytest-httpserver), the library Flask's own request,
  headers and test client are: ``request`` *is* a Werkzeug ``Request``, so the example reads
  the raw body and the headers exactly as it would under Flask.
- ``fastapi``: ``FastAPI()``, ``@app.post(path)`` on an ``async def (request: Request)``,
  ``await request.body()``, ``request.headers`` (case-insensitive, as Starlette's) and
  ``Response(content, status_code=...)``, served as an ASGI app, which the tests call
  through ``httpx.ASGITransport`` as they would call FastAPI itself.

Either way the tests drive the example's app over its framework's interface (WSGI or
ASGI) with a signed delivery and a tampered one.
"""

from __future__ import annotations

import importlib
import threading
from types import ModuleType
from typing import Any, Awaitable, Callable, Dict, List, Optional, Tuple, Union

import httpx


def frameworks() -> Dict[str, ModuleType]:
    """``flask`` and ``fastapi``: the installed module, else its stand-in."""
    found = {}
    for name, standin in (("flask", _flask), ("fastapi", _fastapi)):
        try:
            found[name] = importlib.import_module(name)
        except ImportError:
            found[name] = standin()
    return found


def is_standin(module: ModuleType) -> bool:
    return getattr(module, "STANDIN", False) is True


# -- flask ------------------------------------------------------------------------------------


def _flask() -> ModuleType:
    from werkzeug.test import Client
    from werkzeug.wrappers import Request, Response

    current = threading.local()

    class RequestProxy:
        """``flask.request``: the request being handled."""

        def __getattr__(self, name: str) -> Any:
            return getattr(current.request, name)

    class Flask:
        def __init__(self, import_name: str) -> None:
            self.import_name = import_name
            self.routes: Dict[Tuple[str, str], Callable[[], Any]] = {}

        def post(self, rule: str) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
            def register(view: Callable[[], Any]) -> Callable[[], Any]:
                self.routes["POST", rule] = view
                return view

            return register

        def __call__(self, environ: Dict[str, Any], start_response: Any) -> Any:
            request = Request(environ)
            view = self.routes.get((request.method, request.path))
            if view is None:
                return Response("not found", status=404)(environ, start_response)
            current.request = request
            try:
                result = view()
            finally:
                del current.request
            body, status = result if isinstance(result, tuple) else (result, 200)
            return Response(body, status=status)(environ, start_response)

        def test_client(self) -> Client:
            return Client(self)

    module = ModuleType("flask")
    module.Flask = Flask  # type: ignore[attr-defined]
    module.request = RequestProxy()  # type: ignore[attr-defined]
    module.STANDIN = True  # type: ignore[attr-defined]
    return module


# -- fastapi ----------------------------------------------------------------------------------

Scope = Dict[str, Any]
Receive = Callable[[], Awaitable[Dict[str, Any]]]
Send = Callable[[Dict[str, Any]], Awaitable[None]]


def _fastapi() -> ModuleType:
    class Request:
        def __init__(self, scope: Scope, receive: Receive) -> None:
            self.headers = httpx.Headers(
                [
                    (name.decode("latin-1"), value.decode("latin-1"))
                    for name, value in scope["headers"]
                ]
            )
            self._receive = receive

        async def body(self) -> bytes:
            chunks: List[bytes] = []
            while True:
                message = await self._receive()
                chunks.append(message.get("body", b""))
                if not message.get("more_body"):
                    return b"".join(chunks)

    class Response:
        def __init__(self, content: Union[str, bytes, None] = None, status_code: int = 200) -> None:
            self.body = content.encode() if isinstance(content, str) else (content or b"")
            self.status_code = status_code

    Endpoint = Callable[[Request], Awaitable[Response]]

    class FastAPI:
        def __init__(self) -> None:
            self.routes: Dict[Tuple[str, str], Endpoint] = {}

        def post(self, path: str) -> Callable[[Endpoint], Endpoint]:
            def register(endpoint: Endpoint) -> Endpoint:
                self.routes["POST", path] = endpoint
                return endpoint

            return register

        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            assert scope["type"] == "http"
            endpoint: Optional[Endpoint] = self.routes.get((scope["method"], scope["path"]))
            if endpoint is None:
                response = Response("not found", status_code=404)
            else:
                response = await endpoint(Request(scope, receive))
            await send(
                {
                    "type": "http.response.start",
                    "status": response.status_code,
                    "headers": [(b"content-length", str(len(response.body)).encode())],
                }
            )
            await send({"type": "http.response.body", "body": response.body})

    module = ModuleType("fastapi")
    module.FastAPI = FastAPI  # type: ignore[attr-defined]
    module.Request = Request  # type: ignore[attr-defined]
    module.Response = Response  # type: ignore[attr-defined]
    module.STANDIN = True  # type: ignore[attr-defined]
    return module
