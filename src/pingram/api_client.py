"""``ApiClient``: 1.x's low-level client, as an async :class:`~pingram.Pingram`.

1.x code that skipped the ``Pingram`` wrapper built its API classes on an ``ApiClient``::

    async with ApiClient(Configuration(access_token=KEY)) as api_client:
        response = await DefaultApi(api_client).send(sender_post_body=body)

Here an ``ApiClient`` is a ``Pingram`` client made from a :class:`Configuration`, so the
``*Api`` classes, retries, timeouts, errors and everything else behave as on ``Pingram``.
"""

from __future__ import annotations

from typing import Dict, Optional

from ._async import Pingram
from .configuration import Configuration

__all__ = ["ApiClient"]


class ApiClient(Pingram):
    """An async ``Pingram`` client built the 1.x way, from a :class:`Configuration`.

    ``header_name``/``header_value`` add a header to every request and ``cookie`` a
    ``Cookie`` header, as in 1.x (``Authorization`` stays the configuration's token).
    """

    def __init__(
        self,
        configuration: Optional[Configuration] = None,
        header_name: Optional[str] = None,
        header_value: Optional[str] = None,
        cookie: Optional[str] = None,
    ) -> None:
        configuration = configuration or Configuration.get_default()
        headers: Dict[str, str] = {}
        if header_name is not None and header_value is not None:
            headers[header_name] = header_value
        if cookie:
            headers["Cookie"] = cookie
        super().__init__(
            api_key=configuration.access_token,
            base_url=configuration.host,
            max_retries=configuration.retries,
            default_headers=headers or None,
        )
        #: The configuration this client was made from.
        self.configuration = configuration
