from __future__ import annotations

from typing import TYPE_CHECKING, Any, List, Union

from ... import _operations as ops
from ._base import Namespace

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ..._core import RequestOptions
    from ...models.notification_types import (
        Notification,
        NotificationCreateRequest,
        NotificationPatchRequest,
    )


class Types(Namespace):
    """Notification types: ``client.types``."""

    __slots__ = ()

    async def types_create_notification_type(
        self,
        notification_create_request: Union[NotificationCreateRequest, dict[str, Any]],
        **options: Unpack[RequestOptions],
    ) -> Notification:
        """Create a new notification."""
        return await self._client._request(
            ops.types_create_notification_type, body=notification_create_request, **options
        )

    async def types_delete_notification_type(
        self, notification_id: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Delete a notification."""
        await self._client._request(ops.types_delete_notification_type, notification_id, **options)

    async def types_get_notification_type(
        self, notification_id: str, **options: Unpack[RequestOptions]
    ) -> List[Notification]:
        """Get a specific notification by ID."""
        return await self._client._request(
            ops.types_get_notification_type, notification_id, **options
        )

    async def types_list_notification_types(
        self, **options: Unpack[RequestOptions]
    ) -> List[Notification]:
        """Get all notifications for an account with their templates."""
        return await self._client._request(ops.types_list_notification_types, **options)

    async def types_update_notification_type(
        self,
        notification_id: str,
        notification_patch_request: Union[NotificationPatchRequest, dict[str, Any]],
        **options: Unpack[RequestOptions],
    ) -> Notification:
        """Update a notification's settings."""
        return await self._client._request(
            ops.types_update_notification_type,
            notification_id,
            body=notification_patch_request,
            **options,
        )
