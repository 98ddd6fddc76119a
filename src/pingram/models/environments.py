"""Environments: separate API credentials and settings within one account."""

from __future__ import annotations

from typing import List, Optional

import msgspec

from ._base import Model
from .common import Channel

__all__ = [
    "EnvironmentCreateRequest",
    "EnvironmentPatchRequest",
    "Environment",
    "GetEnvironmentsResponseInner",
]


class EnvironmentCreateRequest(Model):
    """Request body to create an environment."""

    title: str


class EnvironmentPatchRequest(Model):
    """Request body to update an environment; only the fields set are changed."""

    #: Generate a new client secret.
    reset_secret: Optional[bool] = msgspec.field(default=None, name="resetSecret")
    #: Channels on which this environment must not send.
    disable_sending: Optional[List[Channel]] = msgspec.field(default=None, name="disableSending")
    title: Optional[str] = None
    secure_mode: Optional[bool] = msgspec.field(default=None, name="secureMode")


class Environment(Model):
    """An environment: its credentials, title and sending settings."""

    client_id: str = msgspec.field(default="", name="clientId")
    client_secret: str = msgspec.field(default="", name="clientSecret")
    title: str = ""
    disable_sending: List[str] = msgspec.field(default_factory=list, name="disableSending")
    secure_mode: bool = msgspec.field(default=False, name="secureMode")


#: The reference's name for :class:`Environment` in list responses.
GetEnvironmentsResponseInner = Environment
