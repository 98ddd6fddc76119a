from __future__ import annotations

from typing import TYPE_CHECKING, AsyncIterator, Optional

from ... import _operations as ops
from ..._core import PageTokens
from ._base import Namespace

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ..._core import RequestOptions
    from ...models.common import Channel
    from ...models.users import (
        DeleteUserResponse,
        GetUsersResponse,
        User,
        UserSuppressionDeleteResponse,
    )


class Users(Namespace):
    """All end users of an environment: ``client.users``."""

    __slots__ = ()

    async def users_delete_user(
        self, user_id: str, env_id: Optional[str] = None, **options: Unpack[RequestOptions]
    ) -> DeleteUserResponse:
        """Delete a user and all associated data (in-app notifications, preferences, record)."""
        return await self._client._request(
            ops.users_delete_user, user_id, query={"envId": env_id}, **options
        )

    async def users_list_users(
        self,
        limit: Optional[float] = None,
        next_token: Optional[str] = None,
        env_id: Optional[str] = None,
        **options: Unpack[RequestOptions],
    ) -> GetUsersResponse:
        """Get users of an environment, one page (see ``iter_users``)."""
        return await self._client._request(
            ops.users_list_users,
            query={"limit": limit, "nextToken": next_token, "envId": env_id},
            **options,
        )

    async def iter_users(
        self,
        limit: Optional[float] = None,
        env_id: Optional[str] = None,
        **options: Unpack[RequestOptions],
    ) -> AsyncIterator[User]:
        """Every user, page after page (``limit`` per page), following ``lastEvaluatedKey``."""
        tokens = PageTokens("users.iter_users")
        next_token: Optional[str] = None
        while True:
            page = await self.users_list_users(limit, next_token, env_id, **options)
            for user in page.users:
                yield user
            next_token = tokens.follow(page.last_evaluated_key) if page.has_more else None
            if next_token is None:
                return

    async def users_remove_user_from_suppression(
        self,
        user_id: str,
        channel: Channel,
        env_id: Optional[str] = None,
        **options: Unpack[RequestOptions],
    ) -> UserSuppressionDeleteResponse:
        """Remove user suppression status for a specific channel."""
        return await self._client._request(
            ops.users_remove_user_from_suppression,
            user_id,
            channel,
            query={"envId": env_id},
            **options,
        )
