"""1.x's low-level ``ApiClient`` and ``Configuration``, and the ``*Api`` classes built on them."""

from __future__ import annotations

import pytest

import pingram
from pingram import ApiClient, Configuration, DefaultApi, PingramValidationError, UsersApi
from pingram.emulator import Emulator

KEY = "pingram_sk_test_low_level"


async def test_api_classes_on_an_api_client_call_the_configured_host(
    pingram_emulator: Emulator,
) -> None:
    configuration = Configuration(host=pingram_emulator.url, access_token=KEY)
    async with ApiClient(configuration) as api_client:
        sent = await DefaultApi(api_client).send(
            sender_post_body=pingram.SenderPostBody(
                notification_id="welcome", to=pingram.SenderPostBodyTo(id="u1")
            )
        )
        users = await UsersApi(api_client).users_list_users(limit=10, next_token=None)

    assert sent.tracking_id
    assert [user.id for user in users.users or []] == ["u1"]
    assert pingram_emulator.sent[0]["notificationId"] == "welcome"


def test_the_default_configuration_is_the_us_region_and_can_be_replaced() -> None:
    assert Configuration().host == "https://api.pingram.io"
    replacement = Configuration(host="https://api.eu.pingram.io", access_token=KEY, retries=0)
    Configuration.set_default(replacement)
    try:
        client = ApiClient()
        assert (client.base_url, client.max_retries) == ("https://api.eu.pingram.io", 0)
        assert client.configuration is replacement
    finally:
        Configuration.set_default(None)


def test_a_configuration_never_shows_its_token() -> None:
    configuration = Configuration(access_token=KEY)
    assert KEY not in repr(configuration)
    assert KEY not in repr(ApiClient(configuration))


@pytest.mark.parametrize(
    ("setting", "value"), [("username", "ada"), ("ssl_ca_cert", "/ca.pem"), ("api_key", {"k": "v"})]
)
def test_a_1x_http_setting_this_sdk_does_not_honour_is_refused_by_name(
    setting: str, value: object
) -> None:
    with pytest.raises(PingramValidationError, match=setting) as info:
        Configuration(**{setting: value})  # type: ignore[arg-type]
    assert info.value.path == setting
