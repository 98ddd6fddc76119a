from __future__ import annotations

from typing import TYPE_CHECKING, Any, Optional, Union

from ... import _operations as ops
from ._base import Namespace

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ..._core import RequestOptions
    from ...models.common import SuccessResponse
    from ...models.users import (
        GetAccountMetadataResponse,
        GetInappNotificationsResponse,
        InAppNotificationPatchRequest,
        InAppNotificationUnreadClearRequest,
        InappUnreadCountResponse,
        PostUserRequest,
        SlackOauthRequest,
    )
    from ...models.users import User as UserModel


class User(Namespace):
    """One end user (identify, fetch, in-app inbox, Slack): ``client.user``."""

    __slots__ = ()

    async def user_generate_slack_oauth_path(
        self,
        user_id: str,
        slack_oauth_request: Union[SlackOauthRequest, dict[str, Any]],
        **options: Unpack[RequestOptions],
    ) -> None:
        """Complete Slack OAuth flow and store access token for user."""
        await self._client._request(
            ops.user_generate_slack_oauth_path, user_id, body=slack_oauth_request, **options
        )

    async def user_get_account_metadata(
        self, **options: Unpack[RequestOptions]
    ) -> GetAccountMetadataResponse:
        """Get account-level metadata including logo, VAPID key, and web push status."""
        return await self._client._request(ops.user_get_account_metadata, **options)

    async def user_get_available_slack_channels(
        self, user_id: str, **options: Unpack[RequestOptions]
    ) -> None:
        """Get list of Slack channels and users for the authenticated user."""
        await self._client._request(ops.user_get_available_slack_channels, user_id, **options)

    async def user_get_in_app_notifications(
        self,
        before: Optional[str] = None,
        count: Optional[float] = None,
        **options: Unpack[RequestOptions],
    ) -> GetInappNotificationsResponse:
        """Get in-app notifications for a user."""
        return await self._client._request(
            ops.user_get_in_app_notifications,
            query={"before": before, "count": count},
            **options,
        )

    async def user_get_in_app_unread_count(
        self, **options: Unpack[RequestOptions]
    ) -> InappUnreadCountResponse:
        """Get the count of unread in-app notifications for a user."""
        return await self._client._request(ops.user_get_in_app_unread_count, **options)

    async def user_get_user(self, user_id: str, **options: Unpack[RequestOptions]) -> UserModel:
        """Get a user by ID. All users exist implicitly."""
        return await self._client._request(ops.user_get_user, user_id, **options)

    async def user_identify(
        self,
        user_id: str,
        post_user_request: Union[PostUserRequest, dict[str, Any]],
        **options: Unpack[RequestOptions],
    ) -> UserModel:
        """Create or update a user with the given ID. Updates lastSeenTime automatically."""
        return await self._client._request(
            ops.user_identify, user_id, body=post_user_request, **options
        )

    async def user_mark_in_app_notifications_as_seen(
        self,
        in_app_notification_unread_clear_request: Union[
            InAppNotificationUnreadClearRequest, dict[str, Any]
        ],
        **options: Unpack[RequestOptions],
    ) -> SuccessResponse:
        """Mark in-app web notifications as seen/read for a user."""
        return await self._client._request(
            ops.user_mark_in_app_notifications_as_seen,
            body=in_app_notification_unread_clear_request,
            **options,
        )

    async def user_update_in_app_notification_status(
        self,
        in_app_notification_patch_request: Union[InAppNotificationPatchRequest, dict[str, Any]],
        **options: Unpack[RequestOptions],
    ) -> SuccessResponse:
        """Update in-app web notification status (opened, archived, clicked, etc.)."""
        return await self._client._request(
            ops.user_update_in_app_notification_status,
            body=in_app_notification_patch_request,
            **options,
        )
