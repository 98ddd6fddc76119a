"""``PingramValidationError.path`` points at what is wrong in a dict body, keys included."""

from __future__ import annotations

from typing import Any, Dict

import pytest

from pingram import Pingram, PingramValidationError, SenderPostBody
from pingram.models._base import convert

from .conftest import API_KEY, BASE_URL


@pytest.mark.parametrize(
    ("body", "path"),
    [
        ({"type": "t", "parameters": {1: "one"}}, "$.parameters"),
        ({"type": "t", "parameters": {"ok": 1, ("a", "b"): 2}}, "$.parameters"),
        ({"type": "t", "to": {"email": 42}}, "$.to.email"),
    ],
)
def test_the_path_names_the_mapping_whose_key_is_not_a_string(
    body: Dict[Any, Any], path: str
) -> None:
    with pytest.raises(PingramValidationError) as info:
        SenderPostBody.from_dict(body)
    assert info.value.path == path
    assert str(info.value).endswith(f"`{path}`")
    assert "`key` in" not in str(info.value)


def test_a_top_level_key_that_is_not_a_string_points_at_the_root() -> None:
    with pytest.raises(PingramValidationError) as info:
        convert({1: "one"}, Dict[str, str], what="headers")
    assert info.value.path == "$"
    assert str(info.value) == "invalid headers: Expected `str`, got `int` - at a key of `$`"


async def test_the_client_refuses_the_body_before_sending_naming_the_mapping() -> None:
    async with Pingram(api_key=API_KEY, base_url=BASE_URL) as client:
        with pytest.raises(PingramValidationError) as info:
            await client.send({"type": "welcome", "parameters": {7: "x"}})
    assert info.value.path == "$.parameters"
    assert "a key of `$.parameters`" in str(info.value)
