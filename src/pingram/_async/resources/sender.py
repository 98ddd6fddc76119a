from __future__ import annotations

from typing import TYPE_CHECKING, Any, Union

from ... import _operations as ops
from ._base import Namespace

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ..._core import RequestOptions
    from ...models.common import MessageResponse
    from ...models.sending import (
        PostEmailTestRequest,
        PostEmailTestResponse,
        SenderPostBody,
    )


class Sender(Namespace):
    """Scheduled notifications and test emails: ``client.sender``."""

    __slots__ = ()

    async def sender_delete_schedule(
        self, tracking_id: str, **options: Unpack[RequestOptions]
    ) -> MessageResponse:
        """Delete (unschedule) an already scheduled notification."""
        return await self._client._request(ops.sender_delete_schedule, tracking_id, **options)

    async def sender_test_email(
        self,
        post_email_test_request: Union[PostEmailTestRequest, dict[str, Any]],
        **options: Unpack[RequestOptions],
    ) -> PostEmailTestResponse:
        """Test the emailer with a sample email."""
        return await self._client._request(
            ops.sender_test_email, body=post_email_test_request, **options
        )

    async def sender_update_schedule(
        self,
        tracking_id: str,
        sender_post_body: Union[SenderPostBody, dict[str, Any]],
        **options: Unpack[RequestOptions],
    ) -> MessageResponse:
        """Update the body or schedule of an already scheduled notification."""
        return await self._client._request(
            ops.sender_update_schedule, tracking_id, body=sender_post_body, **options
        )
