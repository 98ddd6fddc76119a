"""pingram: the Python SDK for the Pingram notification API.

    from pingram import Pingram, PingramSync, SenderPostBody

Names are imported on first use, so ``import pingram`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from ._exceptions import *  # noqa: F403  (errors are cheap and needed in every except clause)
from ._exceptions import ApiException, ApiValueError, OpenApiException  # 1.x names
from ._exceptions import __all__ as _ERRORS
from ._version import __version__
from .models import _EXPORTS as _MODEL_EXPORTS

if TYPE_CHECKING:
    from ._aiohttp import DefaultAioHttpClient as DefaultAioHttpClient
    from ._async import Pingram as Pingram
    from ._config import PingramConfig as PingramConfig
    from ._config import RequestOptions as RequestOptions
    from ._constants import PingramRegion as PingramRegion
    from ._response import RawResponse as RawResponse
    from ._sync import PingramSync as PingramSync
    from .api_response import ApiResponse as ApiResponse
    from .exceptions import ApiAttributeError as ApiAttributeError
    from .exceptions import ApiKeyError as ApiKeyError
    from .exceptions import ApiTypeError as ApiTypeError
    from .models import *  # noqa: F403

_LAZY = {
    "Pingram": "._async",
    "PingramSync": "._sync",
    "PingramRegion": "._constants",
    "RawResponse": "._response",
    "RequestOptions": "._config",
    "PingramConfig": "._config",
    "DefaultAioHttpClient": "._aiohttp",
    "ApiResponse": ".api_response",
    "ApiTypeError": ".exceptions",
    "ApiKeyError": ".exceptions",
    "ApiAttributeError": ".exceptions",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        submodule = _MODEL_EXPORTS.get(name)
        if submodule is None:
            raise AttributeError(f"module 'pingram' has no attribute {name!r}")
        module = f".models.{submodule}"
    value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | set(_MODEL_EXPORTS))


__all__ = [
    "__version__",
    *_LAZY,
    *_ERRORS,
    "OpenApiException",
    "ApiValueError",
    "ApiException",
    *_MODEL_EXPORTS,
]
