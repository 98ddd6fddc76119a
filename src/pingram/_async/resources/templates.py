from __future__ import annotations

from typing import TYPE_CHECKING, Any, List, Union

from ... import _operations as ops
from ._base import Namespace

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ..._core import RequestOptions
    from ...models.common import Channel
    from ...models.templates import (
        GetTemplatesResponse,
        SetDefaultTemplateRequest,
        Template,
        TemplatePatchRequest,
        TemplatePostRequest,
    )


class Templates(Namespace):
    """Templates of a notification type, per channel: ``client.templates``."""

    __slots__ = ()

    async def templates_create_template(
        self,
        notification_id: str,
        channel: Channel,
        template_post_request: Union[TemplatePostRequest, dict[str, Any]],
        **options: Unpack[RequestOptions],
    ) -> Template:
        """Create a new template for a notification."""
        return await self._client._request(
            ops.templates_create_template,
            notification_id,
            channel,
            body=template_post_request,
            **options,
        )

    async def templates_delete_template(
        self,
        notification_id: str,
        channel: Channel,
        template_id: str,
        **options: Unpack[RequestOptions],
    ) -> None:
        """Delete a template."""
        await self._client._request(
            ops.templates_delete_template, notification_id, channel, template_id, **options
        )

    async def templates_get_template(
        self,
        notification_id: str,
        channel: Channel,
        template_id: str,
        **options: Unpack[RequestOptions],
    ) -> GetTemplatesResponse:
        """Get a single template by ID."""
        return await self._client._request(
            ops.templates_get_template, notification_id, channel, template_id, **options
        )

    async def templates_initiate_migration(
        self,
        notification_id: str,
        channel: Channel,
        template_id: str,
        **options: Unpack[RequestOptions],
    ) -> Template:
        """Initiate AI-powered template migration from complex to simple HTML."""
        return await self._client._request(
            ops.templates_initiate_migration, notification_id, channel, template_id, **options
        )

    async def templates_list_templates(
        self, notification_id: str, channel: Channel, **options: Unpack[RequestOptions]
    ) -> List[Template]:
        """List all templates for a notification and channel."""
        return await self._client._request(
            ops.templates_list_templates, notification_id, channel, **options
        )

    async def templates_set_default_template(
        self,
        notification_id: str,
        channel: Channel,
        set_default_template_request: Union[SetDefaultTemplateRequest, dict[str, Any]],
        **options: Unpack[RequestOptions],
    ) -> Template:
        """Set a template as default for specific delivery modes."""
        return await self._client._request(
            ops.templates_set_default_template,
            notification_id,
            channel,
            body=set_default_template_request,
            **options,
        )

    async def templates_update_template(
        self,
        notification_id: str,
        channel: Channel,
        template_id: str,
        template_patch_request: Union[TemplatePatchRequest, dict[str, Any]],
        **options: Unpack[RequestOptions],
    ) -> Template:
        """Update a template's properties."""
        return await self._client._request(
            ops.templates_update_template,
            notification_id,
            channel,
            template_id,
            body=template_patch_request,
            **options,
        )
