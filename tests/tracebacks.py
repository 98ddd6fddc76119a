"""Where a secret could travel with an exception: what error trackers (Sentry, rich,
``pytest --showlocals``) record of an error a caller receives."""

from __future__ import annotations

from typing import Optional


def places_holding(secret: str, error: BaseException) -> list[str]:
    """Every place in ``error``'s chain that shows ``secret``.

    The chain is the error, its ``__cause__`` and ``__context__``, theirs, and so on; for
    each, its message and repr, and the repr of every local of every traceback frame.
    """
    places: list[str] = []
    seen: set[int] = set()
    pending: list[Optional[BaseException]] = [error]
    while pending:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        name = type(current).__name__
        if secret in str(current) or secret in repr(current):
            places.append(f"the message of {name}")
        tb = current.__traceback__
        while tb is not None:
            code = tb.tb_frame.f_code
            for local, value in tb.tb_frame.f_locals.items():
                if secret in _repr(value):
                    places.append(f"{name}: {code.co_filename}:{code.co_name}(), local {local!r}")
            tb = tb.tb_next
        pending += (current.__cause__, current.__context__)
    return places


def _repr(value: object) -> str:
    try:
        return repr(value)
    except Exception:  # a half-built object: nothing an error tracker could show either
        return ""
