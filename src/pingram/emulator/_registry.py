"""Which function handles each operation: registered against the operations table.

A handler is a function named exactly as the operation it serves, in the module of
its namespace (``broadcasts_pause`` in ``namespaces/broadcasts.py``; ``send``, which
has no namespace, in ``namespaces/sender.py``), decorated with ``@handler``. It
takes the :class:`~._store.Store` and the request's :class:`~._common.Call` and
returns the answer's payload (``None`` for operations answering 204), or raises
:class:`~._common.ApiError`.

The checks run when the handlers are imported, so a mistake fails at import, not as
a 501 at run time: a handler whose name is no operation, or that sits in another
namespace's module, or comes twice, fails as it is registered; ``Registry.check``
then fails if any operation has no handler.
"""

from __future__ import annotations

from typing import Any, Callable, Dict, Mapping, Optional, TypeVar

from ._common import Call, OperationInfo
from ._store import Store

__all__ = ["Handler", "Registry", "RegistryError", "module_of"]

Handler = Callable[[Store, Call], Any]
F = TypeVar("F", bound=Handler)

#: The module a namespace's handlers live in, where it is not named as the namespace.
_MODULE_OF: Dict[Optional[str], str] = {None: "sender"}


class RegistryError(RuntimeError):
    """The handlers do not match the operations table."""


def module_of(op: OperationInfo) -> str:
    """The module of ``namespaces`` that handles ``op`` (``"broadcasts"``, ``"sender"``)."""
    return _MODULE_OF.get(op.namespace, op.namespace or "")


class Registry:
    """Handlers by operation name, checked against ``operations`` (name -> Operation)."""

    def __init__(self, operations: Mapping[str, OperationInfo]) -> None:
        self.operations = operations
        self.handlers: Dict[str, Handler] = {}

    def handler(self, func: F) -> F:
        """Register ``func`` as the handler of the operation it is named after."""
        name = func.__name__
        op = self.operations.get(name)
        if op is None:
            raise RegistryError(
                f"{func.__module__}.{name} handles no operation: the operations table has "
                f"no {name!r}"
            )
        module = func.__module__.rpartition(".")[2]
        if module != module_of(op):
            raise RegistryError(
                f"{func.__module__}.{name} belongs in namespaces/{module_of(op)}.py, the "
                f"module of its namespace"
            )
        if name in self.handlers:
            raise RegistryError(f"{name} has two handlers")
        self.handlers[name] = func
        return func

    def check(self) -> Dict[str, Handler]:
        """The handlers, once every operation has one; ``RegistryError`` names those without."""
        missing = sorted(set(self.operations) - set(self.handlers))
        if missing:
            raise RegistryError(
                f"{len(missing)} operation(s) have no handler: "
                + ", ".join(
                    f"{name} (namespaces/{module_of(self.operations[name])}.py)" for name in missing
                )
            )
        return dict(self.handlers)


def _table() -> Registry:
    from .._operations import ALL

    return Registry(ALL)


#: The emulator's handlers: ``namespaces/`` registers into it, ``namespaces.HANDLERS`` checks it.
REGISTRY = _table()
#: ``@handler`` registers a function as the handler of the operation it is named after.
handler = REGISTRY.handler
