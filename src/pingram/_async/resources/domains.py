from __future__ import annotations

from typing import TYPE_CHECKING, Any, List, Union

from ... import _operations as ops
from ._base import Namespace

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ..._core import RequestOptions
    from ...models.common import SuccessResponse
    from ...models.domains import Domain, PostSendersRequestBody


class Domains(Namespace):
    """Sender domains and email addresses: ``client.domains``."""

    __slots__ = ()

    async def domains_add_domain(
        self,
        post_senders_request_body: Union[PostSendersRequestBody, dict[str, Any]],
        **options: Unpack[RequestOptions],
    ) -> List[Domain]:
        """Request to verify a new sender domain."""
        return await self._client._request(
            ops.domains_add_domain, body=post_senders_request_body, **options
        )

    async def domains_delete_domain(
        self, sender: str, **options: Unpack[RequestOptions]
    ) -> SuccessResponse:
        """Delete a sender domain or email address."""
        return await self._client._request(ops.domains_delete_domain, sender, **options)

    async def domains_list_domains(self, **options: Unpack[RequestOptions]) -> List[Domain]:
        """Get all sender domains configured for the account."""
        return await self._client._request(ops.domains_list_domains, **options)
