"""Every API operation: its HTTP method, path, body type and response type.

This table is the single source of truth for the wire shape of an operation.
The clients' methods name an entry here; the local emulator routes by it; the
spec-conformance test checks it against ``openapi.json``. Path placeholders use
the Python parameter names, in the order the methods take them.
"""

from __future__ import annotations

import re
from typing import Any, Generic, List, Optional, TypeVar
from urllib.parse import quote

from ._exceptions import PingramValidationError
from .models.common import MessageResponse, SuccessResponse
from .models.domains import Domain, PostSendersRequestBody
from .models.environments import Environment, EnvironmentCreateRequest, EnvironmentPatchRequest
from .models.logs import (
    GetLogsResponse,
    LogQueryPostBody,
    LogsGetResponse,
    LogsQueryResponse,
    LogsQueryResultResponse,
    LogsRetentionResponse,
    LogsTailResponse,
)
from .models.notification_types import (
    Notification,
    NotificationCreateRequest,
    NotificationPatchRequest,
)
from .models.sending import (
    PostEmailTestRequest,
    PostEmailTestResponse,
    SenderPostBody,
    SenderPostResponse,
)
from .models.templates import (
    GetTemplatesResponse,
    SetDefaultTemplateRequest,
    Template,
    TemplatePatchRequest,
    TemplatePostRequest,
)
from .models.users import (
    DeleteUserResponse,
    GetAccountMetadataResponse,
    GetInappNotificationsResponse,
    GetUsersResponse,
    InAppNotificationPatchRequest,
    InAppNotificationUnreadClearRequest,
    InappUnreadCountResponse,
    PostUserRequest,
    SlackOauthRequest,
    User,
    UserSuppressionDeleteResponse,
)

T = TypeVar("T")

_PLACEHOLDER = re.compile(r"{(\w+)}")


class Operation(Generic[T]):
    """One API operation. ``T`` is what a successful call returns."""

    __slots__ = (
        "body",
        "body_param",
        "method",
        "name",
        "namespace",
        "path",
        "path_params",
        "response",
    )

    def __init__(
        self,
        namespace: Optional[str],
        name: str,
        method: str,
        path: str,
        response: Any,
        body: Optional[type] = None,
    ) -> None:
        self.namespace = namespace
        self.name = name
        self.method = method
        self.path = path
        #: The type a 2xx body decodes into; ``None`` for operations answering 204.
        self.response = response
        #: The request-body model, or ``None`` for operations without a body.
        self.body = body
        self.path_params: tuple[str, ...] = tuple(_PLACEHOLDER.findall(path))
        #: The Python parameter name of the body (``SenderPostBody`` -> ``sender_post_body``).
        self.body_param = _snake(body.__name__) if body is not None else ""

    def format_path(self, args: tuple[str, ...]) -> str:
        """The path with each argument URL-encoded as exactly one segment.

        ``.`` and ``..`` are refused: URL normalisation would remove them (``/users/..``
        is ``/``), so the request would reach another route than the operation's.
        """
        values = {}
        for param, value in zip(self.path_params, args):
            if not isinstance(value, str) or not value or value in (".", ".."):
                raise PingramValidationError(
                    f"{self.name}(): {param} must be a non-empty string other than '.' and "
                    f"'..', got {value!r}",
                    path=param,
                )
            try:
                values[param] = quote(value, safe="")
            except UnicodeEncodeError as exc:  # a lone surrogate
                raise PingramValidationError(
                    f"{self.name}(): {param} cannot be encoded in a URL ({exc.reason})",
                    path=param,
                ) from None
        return self.path.format_map(values)

    def __repr__(self) -> str:
        return f"<Operation {self.name}: {self.method} {self.path}>"


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def _op(
    namespace: Optional[str], name: str, method: str, path: str, response: Any, body: Any = None
) -> Any:
    return Operation(namespace, name, method, path, response, body)


send: Operation[SenderPostResponse] = _op(
    None, "send", "POST", "/send", SenderPostResponse, SenderPostBody
)

# domains
domains_add_domain: Operation[List[Domain]] = _op(
    "domains", "domains_add_domain", "POST", "/domains", List[Domain], PostSendersRequestBody
)
domains_delete_domain: Operation[SuccessResponse] = _op(
    "domains", "domains_delete_domain", "DELETE", "/domains/{sender}", SuccessResponse
)
domains_list_domains: Operation[List[Domain]] = _op(
    "domains", "domains_list_domains", "GET", "/domains", List[Domain]
)

# environments
environments_create_environment: Operation[Environment] = _op(
    "environments",
    "environments_create_environment",
    "POST",
    "/environments",
    Environment,
    EnvironmentCreateRequest,
)
environments_list_environments: Operation[List[Environment]] = _op(
    "environments", "environments_list_environments", "GET", "/environments", List[Environment]
)
environments_update_environment: Operation[Environment] = _op(
    "environments",
    "environments_update_environment",
    "PATCH",
    "/environments/{client_id}",
    Environment,
    EnvironmentPatchRequest,
)

# logs
logs_get_log_retention: Operation[LogsRetentionResponse] = _op(
    "logs", "logs_get_log_retention", "GET", "/logs/retention", LogsRetentionResponse
)
logs_get_logs: Operation[GetLogsResponse] = _op(
    "logs", "logs_get_logs", "GET", "/logs", GetLogsResponse
)
logs_get_logs_by_tracking_ids: Operation[LogsGetResponse] = _op(
    "logs", "logs_get_logs_by_tracking_ids", "GET", "/logs/{tracking_ids}", LogsGetResponse
)
logs_get_logs_query_result: Operation[LogsQueryResultResponse] = _op(
    "logs", "logs_get_logs_query_result", "GET", "/logs/query/{query_id}", LogsQueryResultResponse
)
logs_start_logs_query: Operation[LogsQueryResponse] = _op(
    "logs", "logs_start_logs_query", "POST", "/logs/query", LogsQueryResponse, LogQueryPostBody
)
logs_tail_logs: Operation[LogsTailResponse] = _op(
    "logs", "logs_tail_logs", "GET", "/logs/tail", LogsTailResponse
)

# sender
sender_delete_schedule: Operation[MessageResponse] = _op(
    "sender", "sender_delete_schedule", "DELETE", "/sender/scheduler/{tracking_id}", MessageResponse
)
sender_test_email: Operation[PostEmailTestResponse] = _op(
    "sender",
    "sender_test_email",
    "POST",
    "/sender/test/email",
    PostEmailTestResponse,
    PostEmailTestRequest,
)
sender_update_schedule: Operation[MessageResponse] = _op(
    "sender",
    "sender_update_schedule",
    "PUT",
    "/sender/scheduler/{tracking_id}",
    MessageResponse,
    SenderPostBody,
)

# templates
_TEMPLATES = "/notifications/{notification_id}/{channel}/templates"
templates_create_template: Operation[Template] = _op(
    "templates", "templates_create_template", "POST", _TEMPLATES, Template, TemplatePostRequest
)
templates_delete_template: Operation[None] = _op(
    "templates", "templates_delete_template", "DELETE", _TEMPLATES + "/{template_id}", None
)
templates_get_template: Operation[GetTemplatesResponse] = _op(
    "templates",
    "templates_get_template",
    "GET",
    _TEMPLATES + "/{template_id}",
    GetTemplatesResponse,
)
templates_initiate_migration: Operation[Template] = _op(
    "templates",
    "templates_initiate_migration",
    "POST",
    _TEMPLATES + "/{template_id}/migrate",
    Template,
)
templates_list_templates: Operation[List[Template]] = _op(
    "templates", "templates_list_templates", "GET", _TEMPLATES, List[Template]
)
templates_set_default_template: Operation[Template] = _op(
    "templates",
    "templates_set_default_template",
    "PATCH",
    _TEMPLATES + "/default-selection",
    Template,
    SetDefaultTemplateRequest,
)
templates_update_template: Operation[Template] = _op(
    "templates",
    "templates_update_template",
    "PATCH",
    _TEMPLATES + "/{template_id}",
    Template,
    TemplatePatchRequest,
)

# types
types_create_notification_type: Operation[Notification] = _op(
    "types",
    "types_create_notification_type",
    "POST",
    "/types",
    Notification,
    NotificationCreateRequest,
)
types_delete_notification_type: Operation[None] = _op(
    "types", "types_delete_notification_type", "DELETE", "/types/{notification_id}", None
)
types_get_notification_type: Operation[List[Notification]] = _op(
    "types", "types_get_notification_type", "GET", "/types/{notification_id}", List[Notification]
)
types_list_notification_types: Operation[List[Notification]] = _op(
    "types", "types_list_notification_types", "GET", "/types", List[Notification]
)
types_update_notification_type: Operation[Notification] = _op(
    "types",
    "types_update_notification_type",
    "PATCH",
    "/types/{notification_id}",
    Notification,
    NotificationPatchRequest,
)

# user
user_generate_slack_oauth_path: Operation[None] = _op(
    "user",
    "user_generate_slack_oauth_path",
    "POST",
    "/users/{user_id}/slack-oauth",
    None,
    SlackOauthRequest,
)
user_get_account_metadata: Operation[GetAccountMetadataResponse] = _op(
    "user",
    "user_get_account_metadata",
    "GET",
    "/users/account-metadata",
    GetAccountMetadataResponse,
)
user_get_available_slack_channels: Operation[None] = _op(
    "user", "user_get_available_slack_channels", "GET", "/users/{user_id}/slack-channels", None
)
user_get_in_app_notifications: Operation[GetInappNotificationsResponse] = _op(
    "user", "user_get_in_app_notifications", "GET", "/user/inapp", GetInappNotificationsResponse
)
user_get_in_app_unread_count: Operation[InappUnreadCountResponse] = _op(
    "user", "user_get_in_app_unread_count", "GET", "/user/inapp/unread", InappUnreadCountResponse
)
user_get_user: Operation[User] = _op("user", "user_get_user", "GET", "/users/{user_id}", User)
user_identify: Operation[User] = _op(
    "user", "user_identify", "POST", "/users/{user_id}", User, PostUserRequest
)
user_mark_in_app_notifications_as_seen: Operation[SuccessResponse] = _op(
    "user",
    "user_mark_in_app_notifications_as_seen",
    "PATCH",
    "/user/inapp/unread",
    SuccessResponse,
    InAppNotificationUnreadClearRequest,
)
user_update_in_app_notification_status: Operation[SuccessResponse] = _op(
    "user",
    "user_update_in_app_notification_status",
    "PATCH",
    "/user/inapp",
    SuccessResponse,
    InAppNotificationPatchRequest,
)

# users
users_delete_user: Operation[DeleteUserResponse] = _op(
    "users", "users_delete_user", "DELETE", "/users/{user_id}", DeleteUserResponse
)
users_list_users: Operation[GetUsersResponse] = _op(
    "users", "users_list_users", "GET", "/users", GetUsersResponse
)
users_remove_user_from_suppression: Operation[UserSuppressionDeleteResponse] = _op(
    "users",
    "users_remove_user_from_suppression",
    "DELETE",
    "/user_suppression/{user_id}/channel/{channel}",
    UserSuppressionDeleteResponse,
)

#: Every operation, by name.
ALL: dict[str, Operation[Any]] = {
    op.name: op for op in list(globals().values()) if isinstance(op, Operation)
}
