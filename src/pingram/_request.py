"""The HTTP request of one call: its URL, query, headers and JSON body.

Built before anything is sent, so bad input raises ``PingramValidationError``
naming the field, and nothing reaches the network.
"""

from __future__ import annotations

import math
from typing import Any, List, Mapping, Optional

import httpx
import msgspec

from . import _http
from ._config import ClientConfig, checked_headers
from ._exceptions import PingramValidationError
from ._operation import Operation
from .models._base import convert, encoder, to_builtins


def _query_value(op: Operation[Any], name: str, value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int) or (isinstance(value, float) and math.isfinite(value)):
        return str(value)
    if isinstance(value, float):
        raise PingramValidationError(
            f"{op.name}(): {name} must be a finite number, got {value!r}", path=name
        )
    raise PingramValidationError(
        f"{op.name}(): {name} must be a str, int, float or bool, got {type(value).__name__}",
        path=name,
    )


def build_request(
    http: httpx.Client | httpx.AsyncClient,
    lib: _http.HttpLibrary,
    config: ClientConfig,
    op: Operation[Any],
    path_args: tuple[str, ...],
    query: Optional[Mapping[str, Any]],
    body: Any,
    timeouts: Mapping[str, Optional[float]],
    *,
    extra_headers: Optional[Mapping[str, str]] = None,
    extra_query: Optional[Mapping[str, Any]] = None,
    extra_body: Optional[Mapping[str, Any]] = None,
) -> httpx.Request:
    """Build the HTTP request for one call; bad input raises before anything is sent.

    The request carries what ``http.build_request`` would merge in: ``http``'s own
    headers (``config.request_headers``), query parameters and cookies.
    """
    url = config.url(lib, op, path_args)
    params: Any = None
    if query or extra_query:
        merged = {**(query or {}), **(extra_query or {})}
        params = [(k, _query_value(op, k, v)) for k, v in merged.items() if v is not None]
    if http.params:
        params = lib.QueryParams(http.params).merge(params)
    content = None
    model = op.body
    if model is not None:
        content = encode_body(model, body, op.body_param, extra_body)
    elif extra_body:
        content = encode_body(dict, extra_body, "extra_body")
    headers = config.request_headers(http, lib, content is not None)
    if extra_headers:
        headers = lib.Headers(headers)
        headers.update(checked_headers(extra_headers, "extra_headers"))
    try:
        return lib.Request(  # type: ignore[no-any-return]
            op.method,
            url,
            params=params,
            content=content,
            headers=headers,
            cookies=http.cookies or None,
            extensions={"timeout": dict(timeouts)},  # a hook may change it: one per request
        )
    except lib.InvalidURL as exc:  # e.g. a path parameter longer than a URL may be
        raise PingramValidationError(f"{op.name}(): cannot build the request URL: {exc}") from None
    except UnicodeEncodeError as exc:  # a lone surrogate in a query parameter
        raise PingramValidationError(
            f"{op.name}(): a query parameter cannot be encoded ({exc.reason})"
        ) from None


def encode_body(
    model: type, body: Any, name: str, extra: Optional[Mapping[str, Any]] = None
) -> bytes:
    """JSON for a request body given as its model or as a dict in wire format.

    A model is encoded as it is (the type checker has vetted it). A dict is validated
    against the model, naming the field at fault, and then sent as given: keys and enum
    values the SDK does not know yet reach the API, at any depth. A ``None`` is left out,
    as a model leaves out an unset field, except inside a free-form map (``parameters``),
    where the caller's ``null`` is data. ``extra`` is merged in on top.
    """
    try:
        if isinstance(body, model) and model is not dict:
            return encoder.encode({**to_builtins(body), **extra} if extra else body)
        if not isinstance(body, dict):
            if not isinstance(body, Mapping):
                raise PingramValidationError(
                    f"{name} must be a {model.__name__} or a dict, got {type(body).__name__}",
                    path="$",
                )
            body = dict(body)
        known: Any = None if model is dict else convert(body, model, what=name)
        given = {**body, **extra} if extra else body
        data = encoder.encode(given)
        # msgspec writes None, NaN and Infinity as null: where there is none (the common
        # case, one scan of the bytes), the body goes as given.
        if data.rfind(b"null") >= 0:
            found = _non_finite(given)
            if found is not None:
                path, value = found
                raise PingramValidationError(
                    f"invalid {name}: {value!r} at `{path}` is not a finite number (JSON has "
                    "no NaN or Infinity)",
                    path=path,
                )
            if known is not None:
                merged = _with_unknown(to_builtins(known), body)
                data = encoder.encode({**merged, **extra} if extra else merged)
        return data
    except (TypeError, msgspec.EncodeError) as exc:  # e.g. an object() inside ``parameters``
        raise PingramValidationError(f"{name} cannot be encoded as JSON: {exc}") from None
    except UnicodeEncodeError as exc:  # a lone surrogate in a string
        raise PingramValidationError(f"{name} cannot be encoded as JSON: {exc.reason}") from None
    except RecursionError:
        raise _too_deep(name) from None


def _with_unknown(known: Any, given: Any) -> Any:
    """``known`` (a dict body as its model encodes it) plus what only ``given`` holds.

    Keys the model does not know yet are sent as given, at any depth; a ``None`` the
    model would leave out stays out, as for a model body.
    """
    if isinstance(known, dict) and isinstance(given, dict):
        for key, value in given.items():
            if key in known:
                known[key] = _with_unknown(known[key], value)
            elif value is not None:
                known[key] = value
    elif isinstance(known, list) and isinstance(given, (list, tuple)) and len(known) == len(given):
        return [_with_unknown(k, g) for k, g in zip(known, given)]
    return known


def _too_deep(name: str) -> PingramValidationError:
    return PingramValidationError(
        f"{name} cannot be encoded as JSON: it is nested too deeply or contains itself"
    )


def _non_finite(value: Any) -> Optional[tuple[str, float]]:
    """The path and value of the first NaN or Infinity in builtins, if any."""
    stack: List[tuple[str, Any]] = [("$", value)]
    while stack:
        path, item = stack.pop()
        if isinstance(item, float):
            if not math.isfinite(item):
                return path, item
        elif isinstance(item, dict):
            stack.extend((f"{path}.{key}", child) for key, child in item.items())
        elif isinstance(item, (list, tuple)):
            stack.extend((f"{path}[{i}]", child) for i, child in enumerate(item))
    return None
