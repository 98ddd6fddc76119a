"""``library_*``: upload slots in the file library. The emulator takes no bytes: a slot is
listed at once with ``size`` 0, and its URLs are placeholders on the reserved ``.invalid``
domain."""

from __future__ import annotations

import secrets
import uuid
from typing import Any, Dict, Tuple

from ...models.common import ENUM_VALUES
from .._common import ApiError, Call, iso, now, page_position, page_token, positive_int
from .._records import LibraryFile
from .._registry import handler
from .._store import Store

#: Where library files are "served" from: a reserved domain that never resolves.
LIBRARY_HOST = "https://library.emulator.pingram.invalid"
LIBRARY_CONTENT_TYPES = ("image/png", "image/jpeg", "image/gif", "image/webp")
LIBRARY_USE_CASES: Tuple[str, ...] = ENUM_VALUES["LibraryUseCase"]
DEFAULT_LIMIT = 50
MAX_LIMIT = 100


def _use_case(call: Call) -> str:
    use_case = call.params["use_case"]
    if use_case not in LIBRARY_USE_CASES:
        raise ApiError(
            400, f"Unknown library use case {use_case!r}: use {' or '.join(LIBRARY_USE_CASES)}"
        )
    return use_case


@handler
def library_create(store: Store, call: Call) -> Any:
    use_case = _use_case(call)
    data = call.data
    content_type, filename = data["contentType"], data["filename"]
    if content_type not in LIBRARY_CONTENT_TYPES:
        raise ApiError(
            400,
            f"contentType must be one of {', '.join(LIBRARY_CONTENT_TYPES)}, got {content_type!r}",
        )
    if not filename.strip() or "/" in filename:
        raise ApiError(400, f"filename must be a file name, got {filename!r}")
    file_id = str(uuid.uuid4())
    key = f"{use_case}/{file_id}/{filename}"
    url = f"{LIBRARY_HOST}/{key}"
    item = LibraryFile(
        id=file_id,
        use_case=use_case,
        filename=filename,
        key=key,
        url=url,
        size=0,
        last_modified=iso(now()),
    )
    store.library.setdefault(use_case, []).append((store.next_seq(), item))
    return {
        "id": file_id,
        "useCase": use_case,
        "filename": filename,
        "key": key,
        "url": url,
        "uploadUrl": f"{url}?upload={secrets.token_hex(8)}",
        "contentType": content_type,
    }


@handler
def library_list(store: Store, call: Call) -> Any:
    use_case = _use_case(call)
    limit = positive_int(call.query, "limit", DEFAULT_LIMIT, MAX_LIMIT)
    token = call.query.get("nextToken")
    before = page_position("library", token, "nextToken") if token else None
    newest_first = [
        (seq, item)
        for seq, item in reversed(store.library.get(use_case, []))
        if before is None or seq < before
    ]
    page = newest_first[:limit]
    result: Dict[str, Any] = {"items": [item for _, item in page]}
    if len(newest_first) > limit:
        result["nextToken"] = page_token("library", page[-1][0])
    return result
