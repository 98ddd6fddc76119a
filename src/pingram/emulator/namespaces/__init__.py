"""The emulator's handlers: one module per API namespace, named as the namespace.

``broadcasts_pause`` is handled in ``broadcasts.py``, ``logs_get_logs`` in ``logs.py``;
``send`` (which has no namespace) in ``sender.py``, with the sending code every message
goes through. Each handler is registered against the operations table with
``@handler`` (``.._registry``); importing this package imports every module of it and
checks that each operation has exactly one handler, so an operation the table gains
without a handler fails here, at import.

:func:`open_account` makes a fresh store; :func:`deliver_due` runs before each request.
"""

from __future__ import annotations

import importlib
import pkgutil
from typing import Dict, Optional

from .._registry import REGISTRY, Handler
from .._store import NoSink, Store, WebhookSink
from . import account, broadcasts, environments, keys, members, sender

# Every module here serves one namespace: importing it registers its handlers. A new
# namespace's module is found by its file alone.
for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")

__all__ = ["HANDLERS", "deliver_due", "open_account"]

#: Operation name -> its handler, one for every operation of ``pingram._operations.ALL``.
HANDLERS: Dict[str, Handler] = REGISTRY.check()


def open_account(inapp_user_id: Optional[str] = None, sink: Optional[WebhookSink] = None) -> Store:
    """A store holding what a new account has: its plan and billing history, an owner, a
    default secret key and one environment."""
    store = Store(inapp_user_id, sink or NoSink())
    created = account.seed(store)
    members.seed(store, created)
    keys.new_key(store, "secret", "Default secret key", None, store.account.account_id, created)
    environments.seed(store)
    return store


def deliver_due(store: Store) -> None:
    """Deliver what has come due: scheduled sends, then scheduled (and released) broadcasts."""
    sender.deliver_due(store)
    broadcasts.deliver_due(store)
