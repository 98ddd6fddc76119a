"""One module per namespace of the client (``client.domains``, ``client.logs``, ...)."""

from ._base import Namespace
from .domains import Domains
from .environments import Environments
from .logs import Logs
from .sender import Sender
from .templates import Templates
from .types import Types
from .user import User
from .users import Users
from .webhooks import Webhooks

__all__ = [
    "Domains",
    "Environments",
    "Logs",
    "Namespace",
    "Sender",
    "Templates",
    "Types",
    "User",
    "Users",
    "Webhooks",
]
