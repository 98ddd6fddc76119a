from __future__ import annotations

from typing import TYPE_CHECKING, Any, AsyncIterator, Optional, Union

from ... import _operations as ops
from ..._core import PageTokens
from ._base import Namespace

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from ..._core import RequestOptions
    from ...models.logs import (
        GetLogsResponse,
        LogMessage,
        LogQueryPostBody,
        LogsGetResponse,
        LogsQueryResponse,
        LogsQueryResultResponse,
        LogsRetentionResponse,
        LogsTailResponse,
    )


class Logs(Namespace):
    """Delivery logs: ``client.logs``."""

    __slots__ = ()

    async def logs_get_log_retention(
        self, **options: Unpack[RequestOptions]
    ) -> LogsRetentionResponse:
        """Get log retention period in days for the account."""
        return await self._client._request(ops.logs_get_log_retention, **options)

    async def logs_get_logs(
        self,
        limit: Optional[float] = None,
        cursor: Optional[str] = None,
        **options: Unpack[RequestOptions],
    ) -> GetLogsResponse:
        """List logs for the authenticated account, one page (see ``iter_logs``)."""
        return await self._client._request(
            ops.logs_get_logs, query={"limit": limit, "cursor": cursor}, **options
        )

    async def iter_logs(
        self, limit: Optional[float] = None, **options: Unpack[RequestOptions]
    ) -> AsyncIterator[LogMessage]:
        """Every log message, page after page (``limit`` per page), following ``nextCursor``."""
        tokens = PageTokens("logs.iter_logs")
        cursor: Optional[str] = None
        while True:
            page = await self.logs_get_logs(limit, cursor, **options)
            for message in page.messages:
                yield message
            cursor = tokens.follow(page.next_cursor)
            if cursor is None:
                return

    async def logs_get_logs_by_tracking_ids(
        self, tracking_ids: str, **options: Unpack[RequestOptions]
    ) -> LogsGetResponse:
        """Get logs by tracking IDs (comma-separated, max 25 IDs)."""
        return await self._client._request(
            ops.logs_get_logs_by_tracking_ids, tracking_ids, **options
        )

    async def logs_get_logs_query_result(
        self, query_id: str, **options: Unpack[RequestOptions]
    ) -> LogsQueryResultResponse:
        """Get results from a query ID."""
        return await self._client._request(ops.logs_get_logs_query_result, query_id, **options)

    async def logs_start_logs_query(
        self,
        log_query_post_body: Union[LogQueryPostBody, dict[str, Any]],
        **options: Unpack[RequestOptions],
    ) -> LogsQueryResponse:
        """Start a log query and return query ID for asynchronous log searching."""
        return await self._client._request(
            ops.logs_start_logs_query, body=log_query_post_body, **options
        )

    async def logs_tail_logs(self, **options: Unpack[RequestOptions]) -> LogsTailResponse:
        """Get last 100 logs from the stream."""
        return await self._client._request(ops.logs_tail_logs, **options)
