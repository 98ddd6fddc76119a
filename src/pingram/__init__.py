"""pingram: the Python SDK for the Pingram notification API.

    from pingram import Pingram, PingramSync, SenderPostBody

Names are imported on first use, so ``import pingram`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import models as models  # the package alone: it reads its table of names on first use
from ._exceptions import *  # noqa: F403  (errors are cheap and needed in every except clause)
from ._exceptions import ApiException as ApiException  # 1.x names
from ._exceptions import ApiValueError as ApiValueError
from ._exceptions import OpenApiException as OpenApiException
from ._exceptions import __all__ as _ERRORS
from ._version import __version__ as __version__

if TYPE_CHECKING:
    from ._aiohttp import DefaultAioHttpClient as DefaultAioHttpClient
    from ._async import Pingram as Pingram
    from ._async.resources import AccountApi as AccountApi
    from ._async.resources import AccountsApi as AccountsApi
    from ._async.resources import AddressesApi as AddressesApi
    from ._async.resources import BroadcastsApi as BroadcastsApi
    from ._async.resources import ComponentsApi as ComponentsApi
    from ._async.resources import DefaultApi as DefaultApi
    from ._async.resources import DomainsApi as DomainsApi
    from ._async.resources import EditorApi as EditorApi
    from ._async.resources import EmailApi as EmailApi
    from ._async.resources import EnvironmentsApi as EnvironmentsApi
    from ._async.resources import HealthApi as HealthApi
    from ._async.resources import InsightsApi as InsightsApi
    from ._async.resources import KeysApi as KeysApi
    from ._async.resources import LibraryApi as LibraryApi
    from ._async.resources import LogsApi as LogsApi
    from ._async.resources import MembersApi as MembersApi
    from ._async.resources import NumbersApi as NumbersApi
    from ._async.resources import ProfileApi as ProfileApi
    from ._async.resources import RegistrationsApi as RegistrationsApi
    from ._async.resources import SenderApi as SenderApi
    from ._async.resources import SmsApi as SmsApi
    from ._async.resources import SubNotificationsApi as SubNotificationsApi
    from ._async.resources import TemplatesApi as TemplatesApi
    from ._async.resources import TypesApi as TypesApi
    from ._async.resources import UserApi as UserApi
    from ._async.resources import UsersApi as UsersApi
    from ._async.resources import VoiceApi as VoiceApi
    from ._async.resources import WebhooksApi as WebhooksApi
    from ._config import PingramConfig as PingramConfig
    from ._config import RequestOptions as RequestOptions
    from ._constants import PingramRegion as PingramRegion
    from ._response import RawResponse as RawResponse
    from ._sync import PingramSync as PingramSync
    from .api_client import ApiClient as ApiClient
    from .api_response import ApiResponse as ApiResponse
    from .configuration import Configuration as Configuration
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
    "ApiClient": ".api_client",
    "Configuration": ".configuration",
    "ApiTypeError": ".exceptions",
    "ApiKeyError": ".exceptions",
    "ApiAttributeError": ".exceptions",
}
#: 1.x's API classes: the async client's namespace classes (``client.users`` is a
#: ``UsersApi``, and ``UsersApi(client)`` makes one).
_API_CLASSES = (
    "AccountApi",
    "AccountsApi",
    "AddressesApi",
    "BroadcastsApi",
    "ComponentsApi",
    "DefaultApi",
    "DomainsApi",
    "EditorApi",
    "EmailApi",
    "EnvironmentsApi",
    "HealthApi",
    "InsightsApi",
    "KeysApi",
    "LibraryApi",
    "LogsApi",
    "MembersApi",
    "NumbersApi",
    "ProfileApi",
    "RegistrationsApi",
    "SenderApi",
    "SmsApi",
    "SubNotificationsApi",
    "TemplatesApi",
    "TypesApi",
    "UserApi",
    "UsersApi",
    "VoiceApi",
    "WebhooksApi",
)
_LAZY.update(dict.fromkeys(_API_CLASSES, "._async.resources"))


def _model_names() -> dict[str, str]:
    """The submodule of ``pingram.models`` that defines each model name (read on first use)."""
    from .models._exports import EXPORTS

    return EXPORTS


def __getattr__(name: str) -> Any:
    if name == "__all__":  # read once, for ``from pingram import *``
        value: Any = [
            "__version__",
            *_LAZY,
            *_ERRORS,
            "OpenApiException",
            "ApiValueError",
            "ApiException",
            *_model_names(),
        ]
    else:
        module = _LAZY.get(name)
        if module is None:
            submodule = _model_names().get(name)
            if submodule is None:
                raise AttributeError(f"module 'pingram' has no attribute {name!r}")
            module = f".models.{submodule}"
        value = getattr(importlib.import_module(module, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_LAZY) | set(_model_names()))
