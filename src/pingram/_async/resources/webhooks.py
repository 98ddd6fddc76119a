from __future__ import annotations

from typing import TYPE_CHECKING, Any, Union

from ... import _operations as ops
from ._base import Namespace

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ..._core import RequestOptions
    from ...models.webhooks import (
        WebhookEndpoint,
        WebhookEndpointsResponse,
        WebhookEndpointUpsertRequest,
    )


class Webhooks(Namespace):
    """Webhook endpoints that receive signed event deliveries: ``client.webhooks``."""

    __slots__ = ()

    async def webhooks_create_webhook(
        self,
        webhook_endpoint_upsert_request: Union[WebhookEndpointUpsertRequest, dict[str, Any]],
        **options: Unpack[RequestOptions],
    ) -> WebhookEndpoint:
        """Register an endpoint; the response carries the secret that signs its deliveries."""
        return await self._client._request(
            ops.webhooks_create_webhook, body=webhook_endpoint_upsert_request, **options
        )

    async def webhooks_delete_webhook(
        self, endpoint_id: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Delete an endpoint: it receives no more events."""
        await self._client._request(ops.webhooks_delete_webhook, endpoint_id, **options)

    async def webhooks_list_webhooks(
        self, **options: Unpack[RequestOptions]
    ) -> WebhookEndpointsResponse:
        """List the account's endpoints, with their secrets."""
        return await self._client._request(ops.webhooks_list_webhooks, **options)

    async def webhooks_update_webhook(
        self,
        endpoint_id: str,
        webhook_endpoint_upsert_request: Union[WebhookEndpointUpsertRequest, dict[str, Any]],
        **options: Unpack[RequestOptions],
    ) -> WebhookEndpoint:
        """Replace an endpoint's URL and event list; its secret stays the same."""
        return await self._client._request(
            ops.webhooks_update_webhook,
            endpoint_id,
            body=webhook_endpoint_upsert_request,
            **options,
        )
