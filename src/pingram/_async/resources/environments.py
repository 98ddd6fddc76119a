from __future__ import annotations

from typing import TYPE_CHECKING, Any, List, Union

from ... import _operations as ops
from ._base import Namespace

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ..._core import RequestOptions
    from ...models.environments import (
        Environment,
        EnvironmentCreateRequest,
        EnvironmentPatchRequest,
    )


class Environments(Namespace):
    """Environments of the account: ``client.environments``."""

    __slots__ = ()

    async def environments_create_environment(
        self,
        environment_create_request: Union[EnvironmentCreateRequest, dict[str, Any]],
        **options: Unpack[RequestOptions],
    ) -> Environment:
        """Create a new environment for the account."""
        return await self._client._request(
            ops.environments_create_environment, body=environment_create_request, **options
        )

    async def environments_list_environments(
        self, **options: Unpack[RequestOptions]
    ) -> List[Environment]:
        """Get all environments for the authenticated account."""
        return await self._client._request(ops.environments_list_environments, **options)

    async def environments_update_environment(
        self,
        client_id: str,
        environment_patch_request: Union[EnvironmentPatchRequest, dict[str, Any]],
        **options: Unpack[RequestOptions],
    ) -> Environment:
        """Update environment settings (title, secret, disable sending, secure mode)."""
        return await self._client._request(
            ops.environments_update_environment,
            client_id,
            body=environment_patch_request,
            **options,
        )
