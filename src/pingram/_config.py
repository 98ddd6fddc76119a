"""What a client is configured with: the key, the base URL, timeouts, limits, headers.

Everything here is checked once, when a client (or a ``with_options`` copy) is made, or
when a call passes its own options; a bad value raises naming the argument.
"""

from __future__ import annotations

import math
import os
import platform
import re
from typing import (
    TYPE_CHECKING,
    Any,
    Callable,
    Dict,
    Iterable,
    List,
    Literal,
    Mapping,
    Optional,
    Tuple,
    TypedDict,
    Union,
)

import httpx

from . import _http
from ._constants import (
    API_KEY_ENV,
    BASE_URL_ENV,
    BASE_URLS,
    DEFAULT_MAX_RESPONSE_SIZE,
    DEFAULT_MAX_RETRIES,
    DEFAULT_TIMEOUT,
    PingramRegion,
)
from ._deadline import attempt_seconds
from ._exceptions import APIConnectionError, PingramError, PingramValidationError
from ._operation import Operation
from ._version import __version__

if TYPE_CHECKING:
    import httpx2

TimeoutTypes = Union[float, httpx.Timeout, "httpx2.Timeout"]


class RequestOptions(TypedDict, total=False):
    """Keyword arguments every operation takes to override the client's defaults for one call."""

    #: Seconds (or an ``httpx.Timeout`` / ``httpx2.Timeout``) instead of the client's timeout.
    timeout: TimeoutTypes
    #: Retries for this call instead of the client's ``max_retries``.
    max_retries: int
    #: Largest decoded response body (bytes) this call accepts, instead of the client's.
    max_response_size: int
    #: Headers added to this request (printable ASCII; not ``Authorization``).
    extra_headers: Mapping[str, str]
    #: Query parameters added to this request, for API features the SDK does not model yet.
    extra_query: Mapping[str, Any]
    #: Fields merged into this request's JSON body, for API features the SDK does not model yet.
    extra_body: Mapping[str, Any]
    # The per-call options of 1.x, so that its calls run unchanged (``other_options``).
    #: 1.x's ``timeout``: seconds, or a ``(connect, read)`` pair of seconds.
    _request_timeout: Union[float, Tuple[float, float], None]
    #: 1.x's ``extra_headers``, under the same rules (not ``Authorization``).
    _headers: Optional[Mapping[str, str]]
    #: 1.x's per-call credentials: only ``None`` (the client sends its ``api_key``).
    _request_auth: None
    #: 1.x's forced Content-Type: only ``None`` or ``"application/json"`` (the API's).
    _content_type: Optional[str]
    #: 1.x's choice among its hosts: only ``0`` (choose the host with ``region``/``base_url``).
    _host_index: Literal[0]


class PingramConfig(TypedDict, total=False):
    """1.x's settings dict, which the clients take in place of ``api_key``:
    ``Pingram({"api_key": "pingram_sk_...", "region": "eu"})``."""

    api_key: str
    region: PingramRegion
    #: Overrides ``region`` (a proxy, the local emulator).
    base_url: Optional[str]


_CONFIG_KEYS = ("api_key", "region", "base_url")


def _unpack_config(
    config: Mapping[str, Any], region: str, base_url: Optional[str]
) -> Tuple[Any, Any, Any]:
    """The ``api_key``, ``region`` and ``base_url`` of a ``PingramConfig``; the client's
    ``region`` and ``base_url`` arguments stand for the keys it lacks."""
    for key in config:
        if key not in _CONFIG_KEYS:
            close = _did_you_mean(key, _CONFIG_KEYS, " (", ")")
            raise PingramValidationError(
                f"PingramConfig has no key {key!r}{close}: its keys are 'api_key', 'region' "
                "and 'base_url'; pass the other settings (timeout=..., max_retries=..., ...) as "
                "keyword arguments of the client",
                path=str(key),
            )
    return config.get("api_key"), config.get("region", region), config.get("base_url") or base_url


def _did_you_mean(name: object, candidates: Iterable[str], before: str, after: str = "") -> str:
    """``did you mean 'x'?`` (between ``before`` and ``after``) for the candidate closest to
    ``name``, or ``""`` if none is close."""
    if not isinstance(name, str):
        return ""
    import difflib  # only on the error paths that suggest a name

    found = difflib.get_close_matches(name, list(candidates), n=1)
    return f"{before}did you mean {found[0]!r}?{after}" if found else ""


# -- options of one call beyond the SDK's own --------------------------------------------


def other_options(
    op: Operation[Any],
    given: Mapping[str, Any],
    timeout: Optional[TimeoutTypes],
    extra_headers: Optional[Mapping[str, str]],
    client: Any,
) -> Tuple[Optional[TimeoutTypes], Optional[Mapping[str, str]]]:
    """The ``timeout`` and ``extra_headers`` of a call of ``op`` (on ``client``) that was
    given keyword arguments beyond the SDK's own options (``given``).

    They are 1.x's per-call options: ``_request_timeout`` and ``_headers`` become
    ``timeout`` and ``extra_headers``; ``_request_auth``, ``_content_type`` and
    ``_host_index`` are taken at the values that change nothing, and refused at any
    other. Any other name is a misspelt keyword: a ``TypeError`` names the operation and
    the closest of its parameters and options.
    """
    for name, value in given.items():
        if name == "_request_timeout":
            if value is not None:
                _not_both(op, "timeout", timeout, name)
                timeout = _legacy_timeout(op, value)
        elif name == "_headers":
            if value is not None:
                _not_both(op, "extra_headers", extra_headers, name)
                extra_headers = checked_headers(value, name)
        elif name == "_request_auth":
            if value is not None:
                raise PingramValidationError(
                    f"{op.name}(): _request_auth must be None: every request carries the "
                    "client's api_key. To call with other credentials, use a client made with "
                    "them (Pingram(api_key=...))",
                    path=name,
                )
        elif name == "_content_type":
            if value is not None and not (
                isinstance(value, str) and value.partition(";")[0].strip().lower() == _JSON
            ):
                raise PingramValidationError(
                    f"{op.name}(): _content_type must be None or {_JSON!r}: the API takes JSON "
                    f"bodies only, got {value!r}",
                    path=name,
                )
        elif name == "_host_index":
            if type(value) is not int or value != 0:
                raise PingramValidationError(
                    f"{op.name}(): _host_index must be 0, got {value!r}: choose the host with "
                    "the client's region=... or base_url=...",
                    path=name,
                )
        else:
            owner = client if op.namespace is None else getattr(client, op.namespace, None)
            method = getattr(owner, op.name, None)
            raise TypeError(unexpected_keyword(op.name, name, _parameters(method)))
    return timeout, extra_headers


def check_option_names(method: Callable[..., Any], options: Mapping[str, Any]) -> None:
    """Refuse a keyword argument of ``method`` (``send_many``, which passes its ``options`` on
    to each call) that is no per-call option, as a call would, naming ``method``."""
    for name in options:
        if name not in RequestOptions.__annotations__:
            raise TypeError(unexpected_keyword(method.__name__, name, _parameters(method)))


_JSON = "application/json"


def _not_both(op: Operation[Any], ours: str, value: Any, theirs: str) -> None:
    if value is not None:
        raise TypeError(f"{op.name}() got both {ours} and {theirs} (its 1.x name): pass one")


def _legacy_timeout(op: Operation[Any], value: Any) -> TimeoutTypes:
    """1.x's ``_request_timeout``: seconds, or a ``(connect, read)`` pair of seconds."""
    if isinstance(value, (tuple, list)) and len(value) == 2 and all(map(_positive_seconds, value)):
        connect, read = value
        return httpx.Timeout(float(read), connect=float(connect))
    if _positive_seconds(value):
        return float(value)
    raise PingramValidationError(
        f"{op.name}(): _request_timeout must be a positive, finite number of seconds or a "
        f"(connect, read) pair of them, got {value!r}",
        path="_request_timeout",
    )


def unexpected_keyword(function: str, name: str, parameters: List[str]) -> str:
    """What to say of a keyword argument ``name`` that neither the ``parameters`` of
    ``function`` nor a per-call option is: the closest of them, or the list of them."""
    options = list(RequestOptions.__annotations__)
    message = f"{function}() got an unexpected keyword argument {name!r}"
    suggestion = _did_you_mean(name, parameters + options, "; ")
    if suggestion:
        return message + suggestion
    ours = ", ".join(option for option in options if not option.startswith("_"))
    takes = f"{', '.join(parameters)}, " if parameters else ""
    return f"{message}; it takes {takes}and the per-call options {ours}"


def _parameters(method: Optional[Callable[..., Any]]) -> List[str]:
    """The names of the parameters of ``method``, in order, but ``*args`` and ``**kwargs``."""
    if method is None:
        return []
    import inspect  # only on the error paths that name a misspelt keyword

    kinds = (inspect.Parameter.VAR_POSITIONAL, inspect.Parameter.VAR_KEYWORD)
    return [
        parameter.name
        for parameter in inspect.signature(method).parameters.values()
        if parameter.kind not in kinds
    ]


USER_AGENT = f"pingram-python/{__version__} python/{platform.python_version()}"


def _positive_seconds(value: object) -> bool:
    return (
        isinstance(value, (int, float))
        and not isinstance(value, bool)
        and math.isfinite(value)
        and value > 0
    )


def to_timeout(value: Optional[TimeoutTypes], default: httpx.Timeout) -> httpx.Timeout:
    if value is None:
        return default
    if _http.is_timeout(value):  # httpx's or httpx2's
        parts = (value.connect, value.read, value.write, value.pool)  # type: ignore[union-attr]
        if all(part is None or _positive_seconds(part) for part in parts):
            return value  # type: ignore[return-value]
    elif _positive_seconds(value):
        return httpx.Timeout(float(value))  # type: ignore[arg-type]
    raise PingramValidationError(
        "timeout must be a positive, finite number of seconds or an httpx.Timeout (or "
        f"httpx2.Timeout) of such numbers, got {value!r}",
        path="timeout",
    )


def _attempt_timeouts(timeout: httpx.Timeout) -> Tuple[Optional[float], Dict[str, Any]]:
    return attempt_seconds(timeout), timeout.as_dict()


def to_max_response_size(value: Optional[int], default: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise PingramValidationError(
            f"max_response_size must be a number of bytes >= 1, got {value!r}",
            path="max_response_size",
        )
    return value


def to_max_retries(value: Optional[int], default: int) -> int:
    if value is None:
        return default
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise PingramValidationError(
            f"max_retries must be an int >= 0, got {value!r}", path="max_retries"
        )
    return value


def to_concurrency(value: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise PingramValidationError(
            f"concurrency must be an int >= 1, got {value!r}", path="concurrency"
        )
    return value


class ClientConfig:
    """What a client was configured with. Immutable; ``replace`` makes a variant."""

    __slots__ = (
        "_api_key",
        "_defaults",
        "_merged",
        "_urls",
        "base_url",
        "base_url_source",
        "headers",
        "max_response_size",
        "max_retries",
        "region",
        "timeout",
    )

    def __init__(
        self,
        *,
        api_key: str,
        region: str,
        base_url: str,
        base_url_source: str,
        timeout: httpx.Timeout,
        max_retries: int,
        max_response_size: int,
        headers: dict[str, str],
    ) -> None:
        self._api_key = api_key
        self.region = region
        self.base_url = base_url
        #: Where ``base_url`` came from: ``"base_url"``, ``"PINGRAM_BASE_URL"``, or ``""``
        #: for the region's.
        self.base_url_source = base_url_source
        self.timeout = timeout
        self.max_retries = max_retries
        self.max_response_size = max_response_size
        self._defaults = (*_attempt_timeouts(timeout), max_retries, max_response_size)
        #: Headers sent with every request, Authorization included.
        self.headers = headers
        self._merged: dict[bool, tuple[list[tuple[bytes, bytes]], httpx.Headers]] = {}
        self._urls: dict[tuple[str, str], httpx.URL] = {}

    @classmethod
    def create(
        cls,
        api_key: Union[str, Mapping[str, Any], None],
        region: str,
        base_url: Optional[str],
        timeout: Optional[TimeoutTypes],
        max_retries: Optional[int],
        default_headers: Optional[Mapping[str, str]],
        max_response_size: Optional[int] = None,
    ) -> ClientConfig:
        if isinstance(api_key, Mapping):  # 1.x's PingramConfig
            api_key, region, base_url = _unpack_config(api_key, region, base_url)
        key = api_key if api_key is not None else os.environ.get(API_KEY_ENV)
        if key is not None and not isinstance(key, str):
            raise PingramValidationError(
                f"api_key must be a str, got {type(key).__name__}", path="api_key"
            )
        key = (key or "").strip()
        if not key:
            raise PingramError(
                "No API key: pass api_key=... to the client or set the "
                f"{API_KEY_ENV} environment variable."
            )
        if not key.isascii() or not key.isprintable() or any(char.isspace() for char in key):
            # Never echo the key: it would end up in logs and bug trackers.
            raise PingramValidationError(
                "api_key contains spaces or control characters, or characters outside ASCII; "
                "check its value",
                path="api_key",
            )
        if not isinstance(region, str) or region not in BASE_URLS:
            raise PingramValidationError(
                f"Unknown region {region!r}: use one of {', '.join(map(repr, BASE_URLS))}, "
                "or base_url=... for another host.",
                path="region",
            )
        if base_url is not None and not isinstance(base_url, str):
            raise PingramValidationError(
                f"base_url must be a str, got {type(base_url).__name__}", path="base_url"
            )
        if base_url:
            url, source = base_url, "base_url"
        elif os.environ.get(BASE_URL_ENV):
            url, source = os.environ[BASE_URL_ENV], BASE_URL_ENV
        else:
            url, source = BASE_URLS[region], ""
        _check_base_url(url, source or "base_url")
        headers = {
            "Accept": "application/json",
            # What the SDK decompresses itself, bounded (pingram._response).
            "Accept-Encoding": "gzip, deflate",
            "User-Agent": USER_AGENT,
        }
        headers.update(checked_headers(default_headers))
        headers["Authorization"] = f"Bearer {key}"
        return cls(
            api_key=key,
            region=region,
            base_url=url.rstrip("/"),
            base_url_source=source,
            timeout=to_timeout(timeout, DEFAULT_TIMEOUT),
            max_retries=to_max_retries(max_retries, DEFAULT_MAX_RETRIES),
            max_response_size=to_max_response_size(max_response_size, DEFAULT_MAX_RESPONSE_SIZE),
            headers=headers,
        )

    def replace(
        self,
        *,
        timeout: Optional[TimeoutTypes] = None,
        max_retries: Optional[int] = None,
        default_headers: Optional[Mapping[str, str]] = None,
        max_response_size: Optional[int] = None,
    ) -> ClientConfig:
        headers = dict(self.headers)
        headers.update(checked_headers(default_headers))
        headers["Authorization"] = self.headers["Authorization"]
        return ClientConfig(
            api_key=self._api_key,
            region=self.region,
            base_url=self.base_url,
            base_url_source=self.base_url_source,
            timeout=to_timeout(timeout, self.timeout),
            max_retries=to_max_retries(max_retries, self.max_retries),
            max_response_size=to_max_response_size(max_response_size, self.max_response_size),
            headers=headers,
        )

    def for_call(
        self,
        timeout: Optional[TimeoutTypes],
        max_retries: Optional[int],
        max_response_size: Optional[int],
    ) -> Tuple[Optional[float], Dict[str, Any], int, int]:
        """What one call runs with, its own options over the client's: how long each attempt
        may take (``None``: no bound), the library's per-operation timeouts (the ``timeout``
        request extension), the retry budget and the largest response body."""
        if timeout is None and max_retries is None and max_response_size is None:
            return self._defaults
        seconds, timeouts = (
            self._defaults[:2]
            if timeout is None
            else _attempt_timeouts(to_timeout(timeout, self.timeout))
        )
        return (
            seconds,
            timeouts,
            to_max_retries(max_retries, self.max_retries),
            to_max_response_size(max_response_size, self.max_response_size),
        )

    def url(self, lib: _http.HttpLibrary, op: Operation[Any], path_args: tuple[str, ...]) -> Any:
        """The URL of a call of ``op``: parsed once per operation when its path is fixed
        (``lib.URL``, immutable), a string to parse when it holds arguments."""
        if op.path_params:
            return self.base_url + op.format_path(path_args)
        key = (lib.name, op.path)
        url = self._urls.get(key)
        if url is None:
            url = self._urls[key] = lib.URL(self.base_url + op.path)
        return url

    def request_headers(self, http: Any, lib: _http.HttpLibrary, body: bool) -> httpx.Headers:
        """``http``'s own headers with ours on top, and the JSON Content-Type for a ``body``.

        This is the merge ``http.build_request`` would do for every request; it changes
        only when ``http``'s headers do, so it is done once for each state of them (the
        SDK-overhead rows of ``benchmarks/run.py`` show what it saves).
        """
        client_headers = http.headers.raw
        cached = self._merged.get(body)
        if cached is None or cached[0] != client_headers:
            merged = lib.Headers(http.headers)
            merged.update(self.headers)
            if body:
                merged["Content-Type"] = "application/json"
            cached = self._merged[body] = (client_headers, merged)
        return cached[1]

    def unreachable(self, error: PingramError) -> PingramError:
        """``error``, the failure to connect of a call's last attempt, saying which base URL
        was tried, where it came from, and how to point the client elsewhere."""
        if not isinstance(error, APIConnectionError):
            return error
        url = self.base_url
        if self.base_url_source == "base_url":
            hint = (
                f"could not connect to {url}, the client's base_url: check that the server "
                "runs there, or pass another base_url=..."
            )
        elif self.base_url_source:
            hint = (
                f"could not connect to {url}, the base URL set by {self.base_url_source}: "
                f"check that the server runs there, or change {self.base_url_source} (or "
                "pass base_url=... to the client)"
            )
        else:
            hint = (
                f"could not connect to {url}, the base URL of region {self.region!r}: check "
                f"the network connection, or pass base_url=... (or set {BASE_URL_ENV}) to use "
                "another host"
            )
        return type(error)(f"{error.message}; {hint}", method=error.method, url=error.url)

    def __repr__(self) -> str:
        return f"ClientConfig(region={self.region!r}, base_url={self.base_url!r})"


def _check_base_url(url: str, name: str) -> None:
    """Refuse a base URL the client could not use as one; ``name`` says where it came from
    (``base_url`` or ``PINGRAM_BASE_URL``)."""
    if not url.startswith(("http://", "https://")):
        fixed = url.partition("://")[2] if "://" in url else url.lstrip("/")
        local = fixed.startswith(("localhost", "127.", "[::1]", "0.0.0.0"))
        suggestion = ("http://" if local else "https://") + fixed
        raise PingramValidationError(
            f"{name} must start with http:// or https://, got {url_shown(url)!r}; "
            f"did you mean {url_shown(suggestion)!r}?",
            path=name,
        )
    try:
        parsed = httpx.URL(url)
    except httpx.InvalidURL as exc:
        raise PingramValidationError(
            f"{name} is not a valid URL ({exc}): {url_shown(url)!r}", path=name
        ) from None
    if not parsed.host:
        raise PingramValidationError(f"{name} has no host: {url_shown(url)!r}", path=name)
    if parsed.userinfo:
        # httpx would send them as Basic credentials in place of the api_key.
        raise PingramValidationError(
            f"{name} cannot carry a user name or password ({url_shown(url)!r}): the client "
            "authenticates with its api_key. For a proxy that needs credentials, pass an "
            "http_client configured with that proxy.",
            path=name,
        )
    if "?" in url or "#" in url:
        # Paths are appended to the base URL: "/api?x=1" + "/send" would not reach /send.
        raise PingramValidationError(
            f"{name} cannot have a query string or a fragment, got {url_shown(url)!r}",
            path=name,
        )


_USERINFO = re.compile(r"^((?:[A-Za-z][A-Za-z0-9+.-]*:)?//)?[^/?#@]*@")


def url_shown(url: str) -> str:
    """``url`` as a message may show it: a user name or password, a query string and a
    fragment are replaced by ``...`` (they may hold credentials)."""
    shown = _USERINFO.sub(r"\1...@", url, count=1)
    for mark in "?#":
        head, found, _ = shown.partition(mark)
        if found:
            shown = f"{head}{mark}..."
    return shown


#: An HTTP header name (RFC 9110 token).
_HEADER_NAME = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")


def checked_headers(
    headers: Optional[Mapping[str, str]], what: str = "default_headers"
) -> Mapping[str, str]:
    """``headers``, refused if one could not be sent or would replace ``Authorization``."""
    if not headers:
        return {}
    if not isinstance(headers, Mapping):
        raise PingramValidationError(
            f"{what} must be a dict of header names to values, got {type(headers).__name__}",
            path=what,
        )
    for name, value in headers.items():
        if not isinstance(name, str) or not _HEADER_NAME.fullmatch(name):
            raise PingramValidationError(f"{what}: {name!r} is not a valid header name", path=what)
        if name.lower() == "authorization":
            raise PingramValidationError(
                f"{what} cannot set Authorization: the client sends its api_key",
                path=what,
            )
        # The value is never echoed: it may be a credential of its own.
        if not isinstance(value, str) or not (value.isascii() and value.isprintable()):
            raise PingramValidationError(
                f"{what}[{name!r}] must be a str of printable ASCII characters",
                path=what,
            )
    return headers
