"""``Configuration``: the settings object of 1.x's low-level ``ApiClient``.

Code written for pingram-python 1.x against its generated layer builds one and hands it
to an ``ApiClient``::

    configuration = Configuration(host="https://api.eu.pingram.io", access_token=KEY)
    async with ApiClient(configuration) as api_client:
        users = await UsersApi(api_client).users_list_users(limit=10)

This SDK keeps that working: the settings that mean something to it (the base URL, the
bearer token, the number of retries) are used; the ones that configured 1.x's own HTTP
layer (basic auth, client certificates, server indexes, ...) are refused when set, naming
the ``Pingram`` argument to use instead, rather than silently ignored.
"""

from __future__ import annotations

from typing import Any, ClassVar, Dict, Optional

from ._constants import BASE_URLS, DEFAULT_REGION
from ._exceptions import PingramValidationError

__all__ = ["Configuration"]

#: 1.x's arguments this SDK does not honour, and what to do instead.
_UNSUPPORTED = {
    "api_key": "pass the key as access_token",
    "api_key_prefix": "the key is always sent as a Bearer token",
    "username": "the API authenticates with a Bearer token only",
    "password": "the API authenticates with a Bearer token only",
    "server_index": "set host (or Pingram(region=...))",
    "server_variables": "set host (or Pingram(region=...))",
    "server_operation_index": "set host",
    "server_operation_variables": "set host",
    "ssl_ca_cert": "pass Pingram(http_client=httpx.AsyncClient(verify=...))",
    "ca_cert_data": "pass Pingram(http_client=httpx.AsyncClient(verify=...))",
    "cert_file": "pass Pingram(http_client=httpx.AsyncClient(cert=...))",
    "key_file": "pass Pingram(http_client=httpx.AsyncClient(cert=...))",
}


class Configuration:
    """Where ``ApiClient`` sends requests, with which token, and how often it retries."""

    _default: ClassVar[Optional[Configuration]] = None

    def __init__(
        self,
        host: Optional[str] = None,
        api_key: Optional[Dict[str, str]] = None,
        api_key_prefix: Optional[Dict[str, str]] = None,
        username: Optional[str] = None,
        password: Optional[str] = None,
        access_token: Optional[str] = None,
        server_index: Optional[int] = None,
        server_variables: Optional[Dict[str, str]] = None,
        server_operation_index: Optional[Dict[int, int]] = None,
        server_operation_variables: Optional[Dict[int, Dict[str, str]]] = None,
        ignore_operation_servers: bool = False,
        ssl_ca_cert: Optional[str] = None,
        retries: Optional[int] = None,
        ca_cert_data: Optional[Any] = None,
        cert_file: Optional[str] = None,
        key_file: Optional[str] = None,
        *,
        debug: Optional[bool] = None,
    ) -> None:
        given = {
            "api_key": api_key,
            "api_key_prefix": api_key_prefix,
            "username": username,
            "password": password,
            "server_index": server_index,
            "server_variables": server_variables,
            "server_operation_index": server_operation_index,
            "server_operation_variables": server_operation_variables,
            "ssl_ca_cert": ssl_ca_cert,
            "ca_cert_data": ca_cert_data,
            "cert_file": cert_file,
            "key_file": key_file,
        }
        for name, value in given.items():
            if value:  # 1.x's defaults (None, empty) mean "not set"
                raise PingramValidationError(
                    f"Configuration({name}=...) is not supported: {_UNSUPPORTED[name]}",
                    path=name,
                )
        #: The API's base URL (1.x's default: the ``us`` region).
        self.host = host or BASE_URLS[DEFAULT_REGION]
        #: The ``pingram_sk_...`` key or JWT sent as ``Authorization: Bearer``.
        self.access_token = access_token
        #: Retries after the first attempt (``None``: the SDK's default).
        self.retries = retries
        self.ignore_operation_servers = ignore_operation_servers
        self.debug = bool(debug)

    @classmethod
    def get_default(cls) -> Configuration:
        """The process-wide default (a new one the first time)."""
        if cls._default is None:
            cls._default = cls()
        return cls._default

    @classmethod
    def get_default_copy(cls) -> Configuration:
        """1.x's older name of :meth:`get_default`."""
        return cls.get_default()

    @classmethod
    def set_default(cls, default: Optional[Configuration]) -> None:
        """Make ``default`` what ``ApiClient()`` uses when given no configuration."""
        cls._default = default

    def __repr__(self) -> str:  # never the token
        return f"Configuration(host={self.host!r})"
