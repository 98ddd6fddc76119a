"""``Emulator``: the Pingram API in memory, served over HTTP from a background thread.

A request goes through these steps, in order:

1. an injected fault (``fail_next``), if one is pending, answers it;
2. the path is routed (404 unknown path, 405 known path with another method);
3. the bearer token is checked (401);
4. the body is decoded and validated against the operation's request model (400);
5. the operation's handler in ``_state`` runs under the emulator's lock.
"""

from __future__ import annotations

import base64
import binascii
import re
import threading
from typing import Any, Dict, List, NamedTuple, Optional, Union
from urllib.parse import parse_qsl, urlsplit

import msgspec

from ..models._base import decoder_for
from ._router import MethodNotAllowed, Router
from ._server import HTTPServer, Response
from ._state import ApiError, Call, State

__all__ = ["Emulator", "RecordedRequest"]

_SECRET_KEY_PREFIX = "pingram_sk_"
_JWT = re.compile(r"^[A-Za-z0-9_-]+\.([A-Za-z0-9_-]+)\.[A-Za-z0-9_-]*$")
_encode = msgspec.json.Encoder().encode


class RecordedRequest(NamedTuple):
    """One request the emulator answered: method, path (with query) and status."""

    method: str
    path: str
    status: int


class _Fault:
    __slots__ = ("remaining", "retry_after", "status")

    def __init__(self, status: int, retry_after: Optional[str], times: int) -> None:
        self.status = status
        self.retry_after = retry_after
        self.remaining = times


def _error(status: int, message: str, headers: Optional[Dict[str, str]] = None) -> Response:
    return Response(status, _encode({"message": message}), headers)


def _jwt_claims(token: str) -> Optional[Dict[str, Any]]:
    """The payload of a JWT-shaped token, or ``None`` if it is not one. The signature is not
    checked: the emulator trusts whoever holds a token."""
    match = _JWT.match(token)
    if match is None:
        return None
    payload = match.group(1)
    try:
        claims = msgspec.json.decode(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except (binascii.Error, ValueError, msgspec.DecodeError):
        return None
    return claims if isinstance(claims, dict) else None


class Emulator:
    """A local Pingram API for development and tests, on ``http://127.0.0.1:<port>``.

        with Emulator() as emu:
            client = PingramSync(api_key="pingram_sk_test", base_url=emu.url)
            client.send({"type": "welcome", "to": {"id": "u1", "email": "a@example.com"}})
            assert emu.sent[0]["type"] == "welcome"

    All 40 operations are served from memory, linked as the real API links them
    (a send shows up in the logs and, on the in-app channel, in the user's inbox).

    Authentication: ``Authorization: Bearer <token>`` where the token starts with
    ``pingram_sk_`` (or equals ``api_key`` when one is given) or is a JWT.

    The in-app operations (``/user/inapp...``) act for one end user: the ``userId``
    (or ``sub``) claim of a JWT bearer token; otherwise ``inapp_user_id``; otherwise
    the recipient of the most recent in-app send.
    """

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        api_key: Optional[str] = None,
        inapp_user_id: Optional[str] = None,
    ) -> None:
        self._address = (host, port)
        self._api_key = api_key
        self._lock = threading.Lock()
        self._state = State(inapp_user_id)
        self._router = Router()
        self._faults: List[_Fault] = []
        self._requests: List[RecordedRequest] = []
        self._server: Optional[HTTPServer] = None
        self._thread: Optional[threading.Thread] = None

    # -- lifecycle -------------------------------------------------------------------

    def start(self) -> Emulator:
        """Bind the port and serve from a background thread; returns the emulator."""
        if self._server is not None:
            raise RuntimeError("This Emulator is already running")
        server = HTTPServer(self._address, self._respond)
        thread = threading.Thread(
            target=server.serve_forever,
            kwargs={"poll_interval": 0.05},
            name=f"pingram-emulator:{server.server_address[1]}",
            daemon=True,
        )
        thread.start()
        self._server, self._thread = server, thread
        return self

    def stop(self) -> None:
        """Stop serving, hang up on connected clients and join the thread. Safe to repeat."""
        server, thread = self._server, self._thread
        if server is None or thread is None:
            return
        self._server = self._thread = None
        server.shutdown()
        server.server_close()
        server.close_connections()
        thread.join()

    def __enter__(self) -> Emulator:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    @property
    def running(self) -> bool:
        """Whether the server thread is serving."""
        return self._thread is not None and self._thread.is_alive()

    @property
    def port(self) -> int:
        """The port bound (the ephemeral one chosen when ``port=0``)."""
        if self._server is None:
            raise RuntimeError("The Emulator is not running: call start() or use `with`")
        port: int = self._server.server_address[1]
        return port

    @property
    def url(self) -> str:
        """The base URL to give a client: ``http://<host>:<port>``."""
        return f"http://{self._address[0]}:{self.port}"

    def __repr__(self) -> str:
        where = self.url if self._server is not None else "stopped"
        return f"<Emulator {where}>"

    # -- inspection and fault injection ----------------------------------------------

    @property
    def sent(self) -> List[Dict[str, Any]]:
        """The body of every accepted ``send``, as received (wire names), oldest first."""
        with self._lock:
            return msgspec.json.decode(_encode(self._state.sent))  # type: ignore[no-any-return]

    @property
    def requests(self) -> List[RecordedRequest]:
        """Every request answered since the last ``reset()``, oldest first."""
        with self._lock:
            return list(self._requests)

    @property
    def inapp_user_id(self) -> Optional[str]:
        """The end user the in-app operations act for when the bearer is not a JWT."""
        with self._lock:
            return self._state.inapp_user_id

    @inapp_user_id.setter
    def inapp_user_id(self, user_id: Optional[str]) -> None:
        with self._lock:
            self._state.inapp_user_id = user_id

    def reset(self) -> None:
        """Forget all state, recorded requests and pending faults (``inapp_user_id`` too)."""
        with self._lock:
            self._state.clear()
            self._faults.clear()
            self._requests.clear()

    def fail_next(
        self, status: int, retry_after: Union[float, str, None] = None, times: int = 1
    ) -> None:
        """Answer the next ``times`` requests with ``status`` and a JSON error body.

        ``retry_after`` (seconds, or an HTTP date string) is sent as ``Retry-After``.
        Calls queue up: ``fail_next(503); fail_next(500)`` fails with 503, then 500.
        """
        if isinstance(status, bool) or not isinstance(status, int) or not 400 <= status <= 599:
            raise ValueError(f"status must be an HTTP error status (400-599), got {status!r}")
        if isinstance(times, bool) or not isinstance(times, int) or times < 1:
            raise ValueError(f"times must be an int >= 1, got {times!r}")
        header: Optional[str] = None
        if isinstance(retry_after, (int, float)) and not isinstance(retry_after, bool):
            header = str(int(retry_after)) if float(retry_after).is_integer() else str(retry_after)
        elif isinstance(retry_after, str):
            header = retry_after
        elif retry_after is not None:
            raise ValueError(f"retry_after must be seconds or an HTTP date, got {retry_after!r}")
        with self._lock:
            self._faults.append(_Fault(status, header, times))

    def suppress_email(
        self, user_id: str, reason: str = "Bounce", details: Optional[Dict[str, Any]] = None
    ) -> None:
        """Mark a user's email as suppressed, as a bounce or complaint would.

        ``users_remove_user_from_suppression(user_id, "EMAIL")`` lifts it again.
        """
        with self._lock:
            self._state.suppress_email(user_id, reason, details or {})

    # -- the request pipeline --------------------------------------------------------

    def _respond(self, method: str, target: str, headers: Dict[str, str], body: bytes) -> Response:
        with self._lock:
            response = self._fault() or self._dispatch(method, target, headers, body)
            self._requests.append(RecordedRequest(method, target, response.status))
        return response

    def _fault(self) -> Optional[Response]:
        if not self._faults:
            return None
        fault = self._faults[0]
        fault.remaining -= 1
        if not fault.remaining:
            self._faults.pop(0)
        headers = {"Retry-After": fault.retry_after} if fault.retry_after is not None else None
        return _error(fault.status, f"Injected failure ({fault.status})", headers)

    def _dispatch(self, method: str, target: str, headers: Dict[str, str], body: bytes) -> Response:
        url = urlsplit(target)
        resolved = self._router.resolve(method, url.path)
        if resolved is None:
            return _error(404, f"Not found: {method} {url.path}")
        if isinstance(resolved, MethodNotAllowed):
            allow = ", ".join(resolved.allow)
            return _error(
                405, f"{method} is not allowed on {url.path}; use {allow}", {"Allow": allow}
            )
        op, params = resolved
        token_user, problem = self._authenticate(headers.get("authorization"))
        if problem is not None:
            return _error(401, problem)
        call = Call(params, dict(parse_qsl(url.query)), token_user=token_user)
        if op.body is not None:
            try:
                call.raw = msgspec.json.decode(body)
            except msgspec.DecodeError as exc:
                return _error(400, f"Invalid JSON body: {exc}")
            decoder_for(op.body)  # msgspec's first look at a type must not race another
            try:
                call.body = msgspec.convert(call.raw, op.body)
            except msgspec.ValidationError as exc:
                return _error(400, f"Invalid {op.body.__name__}: {exc}")
        try:
            self._state.deliver_due()
            payload = getattr(self._state, op.name)(call)
        except ApiError as exc:
            return _error(exc.status, exc.message)
        if op.response is None:
            return Response(204)
        return Response(200, _encode(payload))

    def _authenticate(self, header: Optional[str]) -> tuple[Optional[str], Optional[str]]:
        """``(JWT user, None)`` if the bearer is accepted, else ``(None, why not)``."""
        if not header:
            return None, "Missing Authorization header: send `Authorization: Bearer <api key>`"
        scheme, _, token = header.partition(" ")
        token = token.strip()
        if scheme.lower() != "bearer" or not token:
            return None, "Malformed Authorization header: expected `Bearer <api key>`"
        claims = _jwt_claims(token)
        if claims is not None:
            user = claims.get("userId") or claims.get("sub")
            return (user if isinstance(user, str) else None), None
        accepted = token == self._api_key if self._api_key else token.startswith(_SECRET_KEY_PREFIX)
        if not accepted:
            return None, "Invalid API key"
        return None, None
