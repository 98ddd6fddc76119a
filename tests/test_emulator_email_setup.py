"""The emulator's email setup: domain verification, inbound addresses, components, the
editor token, the file library and sub-notifications."""

from __future__ import annotations

import json
from typing import Iterator, List

import pytest

from pingram import BadRequestError, ConflictError, NotFoundError, PingramSync
from pingram.emulator import Emulator
from pingram.models.common import ENUM_VALUES

KEY = "pingram_sk_test"


@pytest.fixture
def client(pingram_emulator: Emulator) -> Iterator[PingramSync]:
    with PingramSync(api_key=KEY, base_url=pingram_emulator.url) as pingram:
        yield pingram


def verified(client: PingramSync, domain: str) -> None:
    client.domains.domains_add_domain({"sender": domain})
    client.domains.domains_start_domain_verification(domain)


# -- domains -------------------------------------------------------------------------------


def test_a_new_domain_is_pending_with_the_records_to_publish(client: PingramSync) -> None:
    (domain,) = client.domains.domains_add_domain({"sender": "news.acme.com"})
    assert (domain.status, domain.mail_from_domain_status) == ("PENDING", "PENDING")
    records = domain.verification_records
    assert records is not None
    assert records.dkim is not None
    assert records.mail_from_mx is not None
    assert (records.dkim.record_type, records.dkim.host, records.dkim.record_name) == (
        "TXT",
        f"{domain.selector}._domainkey.news.acme.com",
        f"{domain.selector}._domainkey.news",
    )
    assert records.dkim.record_value.startswith("v=DKIM1;")
    assert (records.mail_from_mx.record_type, records.mail_from_mx.priority) == ("MX", 10)
    every = [records.dkim, records.mail_from_spf, records.mail_from_mx]
    every += [records.dmarc, records.inbound_mx]
    for record in every:
        assert record is not None
        assert record.record_type in ENUM_VALUES["DnsRecordType"]
        assert record.host.endswith("news.acme.com")


def test_starting_verification_verifies_or_fails_the_domain(client: PingramSync) -> None:
    client.domains.domains_add_domain({"sender": "acme.com"})
    client.domains.domains_add_domain({"sender": "broken.invalid"})
    after = client.domains.domains_start_domain_verification("acme.com")
    assert {d.sender: d.status for d in after} == {
        "acme.com": "SUCCESS",
        "broken.invalid": "PENDING",
    }
    after = client.domains.domains_start_domain_verification("broken.invalid")
    assert {(d.sender, d.status, d.mail_from_domain_status) for d in after} == {
        ("acme.com", "SUCCESS", "SUCCESS"),
        ("broken.invalid", "FAILED", "FAILED"),
    }
    assert client.domains.domains_list_domains() == after
    with pytest.raises(NotFoundError):
        client.domains.domains_start_domain_verification("unknown.com")


# -- addresses -----------------------------------------------------------------------------


def test_a_builtin_address_needs_no_domain_and_cannot_be_deleted(client: PingramSync) -> None:
    address = client.addresses.addresses_create_address({"prefix": "Support"}).address
    assert (address.full_address, address.domain, address.type) == (
        "support@mail.pingram.io",
        "mail.pingram.io",
        "builtin",
    )
    with pytest.raises(ConflictError):
        client.addresses.addresses_create_address({"prefix": "support"})
    with pytest.raises(BadRequestError, match="Builtin"):
        client.addresses.addresses_delete_address(address.full_address)
    assert client.addresses.addresses_list_addresses().addresses == [address]


@pytest.mark.parametrize("prefix", ["", "a b", "x@y", ".dot"])
def test_a_prefix_must_be_a_local_part(client: PingramSync, prefix: str) -> None:
    with pytest.raises(BadRequestError, match="prefix"):
        client.addresses.addresses_create_address({"prefix": prefix})


def test_a_custom_address_needs_a_verified_domain_of_the_account(client: PingramSync) -> None:
    new = {"prefix": "help", "domain": "acme.com", "displayName": "Acme help"}
    with pytest.raises(BadRequestError, match="add it first"):
        client.addresses.addresses_create_address(new)
    client.domains.domains_add_domain({"sender": "acme.com"})
    with pytest.raises(BadRequestError, match="not verified"):
        client.addresses.addresses_create_address(new)
    client.domains.domains_start_domain_verification("acme.com")
    address = client.addresses.addresses_create_address(new).address
    assert (address.full_address, address.type, address.display_name) == (
        "help@acme.com",
        "custom",
        "Acme help",
    )
    verified(client, "broken.invalid")
    with pytest.raises(BadRequestError, match="FAILED"):
        client.addresses.addresses_create_address({"prefix": "a", "domain": "broken.invalid"})


def test_update_renames_and_delete_removes_a_custom_address(client: PingramSync) -> None:
    verified(client, "acme.com")
    for prefix in ("help", "sales"):
        client.addresses.addresses_create_address({"prefix": prefix, "domain": "acme.com"})
    with pytest.raises(ConflictError):
        client.addresses.addresses_update_address(
            {"fullAddress": "help@acme.com", "prefix": "sales"}
        )
    renamed = client.addresses.addresses_update_address(
        {"fullAddress": "help@acme.com", "prefix": "care", "displayName": "Care"}
    ).address
    assert (renamed.full_address, renamed.display_name) == ("care@acme.com", "Care")
    with pytest.raises(NotFoundError):
        client.addresses.addresses_update_address({"fullAddress": "help@acme.com"})

    assert client.addresses.addresses_delete_address("care@acme.com").success is True
    listed = client.addresses.addresses_list_addresses().addresses
    assert [a.full_address for a in listed] == ["sales@acme.com"]
    with pytest.raises(NotFoundError):
        client.addresses.addresses_delete_address("care@acme.com")


# -- components ----------------------------------------------------------------------------


def test_component_crud(client: PingramSync) -> None:
    created = client.components.components_create_component(
        {"componentId": "footer", "name": "Footer", "html": "<footer/>"}
    )
    assert (created.channel, created.internal, created.html, created.referenced_by) == (
        "EMAIL",
        "",
        "<footer/>",
        [],
    )
    with pytest.raises(ConflictError):
        client.components.components_create_component({"componentId": "footer", "name": "x"})
    patched = client.components.components_patch_component("footer", {"name": "Site footer"})
    assert (patched.name, patched.html, patched.created_at) == (
        "Site footer",
        "<footer/>",
        created.created_at,
    )
    assert client.components.components_get_component("footer") == patched
    assert client.components.components_list_components("EMAIL") == [patched]
    assert client.components.components_list_components("SMS") == []
    with pytest.raises(BadRequestError, match="channel"):
        client.components.components_list_components("FAX")

    assert client.components.components_delete_component("footer") is None
    with pytest.raises(NotFoundError):
        client.components.components_get_component("footer")
    with pytest.raises(NotFoundError):
        client.components.components_delete_component("footer")


def test_referenced_by_lists_the_email_templates_using_a_component(client: PingramSync) -> None:
    client.components.components_create_component({"componentId": "footer", "name": "Footer"})
    client.types.types_create_notification_type(
        {"notificationId": "welcome", "title": "Welcome", "channels": ["EMAIL"]}
    )
    uses = json.dumps({"page": {"rows": [{"metadata": {"componentId": "footer"}}]}})
    for template_id, internal in (("a", uses), ("b", "{}"), ("c", "not json")):
        client.templates.templates_create_template(
            "welcome", "EMAIL", {"templateId": template_id, "internal": internal}
        )
    (reference,) = client.components.components_get_component("footer").referenced_by
    assert (reference.notification_id, reference.channel, reference.template_id) == (
        "welcome",
        "EMAIL",
        "a",
    )
    client.templates.templates_delete_template("welcome", "EMAIL", "a")
    assert client.components.components_get_component("footer").referenced_by == []


def test_the_parsed_list_parses_the_editor_json(client: PingramSync) -> None:
    client.components.components_create_component(
        {"componentId": "hero", "name": "Hero", "internal": '{"rows": [1, 2]}'}
    )
    client.components.components_create_component({"componentId": "raw", "name": "Raw"})
    parsed = client.components.components_list_components_parsed()
    assert [(c["componentId"], c["internal"]) for c in parsed] == [
        ("hero", {"rows": [1, 2]}),
        ("raw", ""),
    ]


# -- editor and library --------------------------------------------------------------------


def test_editor_tokens(client: PingramSync) -> None:
    first = client.editor.editor_generate_editor_token({"uid": "designer-1"})
    second = client.editor.editor_generate_editor_token({})
    assert first.v2 is True
    assert first.access_token
    assert first.access_token != second.access_token


def test_library_slots_are_listed_newest_first_per_use_case(client: PingramSync) -> None:
    slots = [
        client.library.library_create(
            "media", {"filename": f"f{n}.png", "contentType": "image/png"}
        )
        for n in range(5)
    ]
    logo = client.library.library_create(
        "logos", {"filename": "l.webp", "contentType": "image/webp"}
    )
    assert slots[0].upload_url.startswith(slots[0].url)
    assert ".invalid/" in slots[0].url
    assert slots[0].key.endswith("/f0.png")

    pages: List[List[str]] = []
    token = None
    while True:
        page = client.library.library_list("media", limit=2, next_token=token)
        pages.append([item.filename for item in page.items])
        assert all(item.size == 0 and item.use_case == "media" for item in page.items)
        token = page.next_token
        if token is None:
            break
    assert pages == [["f4.png", "f3.png"], ["f2.png", "f1.png"], ["f0.png"]]
    (only,) = client.library.library_list("logos").items
    assert (only.id, only.url, only.key) == (logo.id, logo.url, logo.key)


@pytest.mark.parametrize(
    ("use_case", "filename", "content_type", "problem"),
    [
        ("docs", "a.png", "image/png", "use case"),
        ("media", "a.pdf", "application/pdf", "contentType"),
        ("media", " ", "image/png", "filename"),
    ],
)
def test_library_rejects_bad_slots(
    client: PingramSync, use_case: str, filename: str, content_type: str, problem: str
) -> None:
    with pytest.raises(BadRequestError, match=problem):
        client.library.library_create(use_case, {"filename": filename, "contentType": content_type})
    with pytest.raises(BadRequestError):
        client.library.library_list("docs")


# -- sub-notifications ---------------------------------------------------------------------


def test_sub_notifications_live_under_an_existing_type(client: PingramSync) -> None:
    subs = client.sub_notifications
    with pytest.raises(NotFoundError, match="notification type"):
        subs.sub_notifications_put_sub_notification("news", "weekly", {"title": "Weekly"})
    client.types.types_create_notification_type(
        {"notificationId": "news", "title": "News", "channels": ["EMAIL"]}
    )
    created = subs.sub_notifications_put_sub_notification("news", "weekly", {"title": "Weekly"})
    assert (created.notification_id, created.sub_notification_id, created.title) == (
        "news",
        "weekly",
        "Weekly",
    )
    assert created.account_id
    renamed = subs.sub_notifications_put_sub_notification("news", "weekly", {"title": "Digest"})
    assert renamed.title == "Digest"
    assert subs.sub_notifications_delete_sub_notification("news", "weekly") is None
    with pytest.raises(NotFoundError, match="sub-notification"):
        subs.sub_notifications_delete_sub_notification("news", "weekly")


def test_deleting_a_type_deletes_its_sub_notifications(client: PingramSync) -> None:
    kind = {"notificationId": "news", "title": "News", "channels": ["EMAIL"]}
    client.types.types_create_notification_type(kind)
    client.sub_notifications.sub_notifications_put_sub_notification("news", "d", {"title": "D"})
    client.types.types_delete_notification_type("news")
    with pytest.raises(NotFoundError):
        client.sub_notifications.sub_notifications_delete_sub_notification("news", "d")
    client.types.types_create_notification_type(kind)
    with pytest.raises(NotFoundError, match="sub-notification"):
        client.sub_notifications.sub_notifications_delete_sub_notification("news", "d")
