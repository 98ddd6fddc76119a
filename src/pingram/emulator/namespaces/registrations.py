"""``registrations_*``: the account's US 10DLC brand and campaign.

Creating the brand starts it ``pending_review`` with an empty campaign (``not_started``);
the campaign goes ``pending_review`` once it holds everything carriers need. Both can be
edited until they are submitted to carriers. The ``get`` operations answer ``null``
before the brand exists; ``Emulator.review_10dlc`` (:func:`set_review_status`) plays the
reviewer.
"""

from __future__ import annotations

import re
from typing import Any, Dict, Optional

from ...models.common import ENUM_VALUES
from .._common import ACCOUNT_ID, ApiError, Call, check_phone, iso, now
from .._records import Brand, Campaign, patch, wire
from .._registry import handler
from .._store import Store

_NINE_DIGITS = re.compile(r"^\d{9}$")
#: Registration statuses in which the customer may still edit (before carrier submission).
EDITABLE = frozenset({"not_started", "pending_review", "info_needed", "rejected"})
CAMPAIGN_USE_CASES = (
    "2FA",
    "ACCOUNT_NOTIFICATION",
    "CUSTOMER_CARE",
    "DELIVERY_NOTIFICATION",
    "FRAUD_ALERT",
    "MARKETING",
    "MIXED",
    "POLLING_VOTING",
    "PUBLIC_SERVICE_ANNOUNCEMENT",
    "SECURITY_ALERT",
)
#: Campaign fields the spec says are "required before carrier submission".
CAMPAIGN_SUBMISSION_FIELDS = (
    "campaignDescription",
    "campaignSample1",
    "campaignMessageFlow",
    "campaignOptinMessage",
    "campaignOptoutMessage",
    "campaignHelpMessage",
    "campaignUsecase",
)


def set_review_status(store: Store, brand: Optional[str], campaign: Optional[str]) -> None:
    """Move the brand and/or campaign to a review status, as Pingram's reviewers would."""
    if store.brand is None or store.campaign is None:
        raise ValueError("No 10DLC brand is registered yet: create one first")
    for status in (brand, campaign):
        if status is not None and status not in ENUM_VALUES["RegistrationStatus"]:
            allowed = ", ".join(ENUM_VALUES["RegistrationStatus"])
            raise ValueError(f"Unknown registration status {status!r}: use one of {allowed}")
    moment = iso(now())
    if brand is not None:
        store.brand.brand_status, store.brand.updated_at = brand, moment
    if campaign is not None:
        store.campaign.campaign_status, store.campaign.updated_at = campaign, moment
        store.brand.campaign_status = campaign


@handler
def registrations_create_us10dlc_brand(store: Store, call: Call) -> Any:
    if store.brand is not None:
        raise ApiError(409, "The account already has a 10DLC brand registration: update it instead")
    moment = iso(now())
    brand = Brand(
        account_id=ACCOUNT_ID,
        brand_status="pending_review",
        campaign_status="not_started",
        created_at=moment,
        updated_at=moment,
    )
    _apply_brand(brand, call.data)
    store.brand = brand
    store.campaign = Campaign(
        account_id=ACCOUNT_ID, campaign_status="not_started", created_at=moment, updated_at=moment
    )
    return brand


@handler
def registrations_get_us10dlc_brand(store: Store, call: Call) -> Any:
    return store.brand


@handler
def registrations_update_us10dlc_brand(store: Store, call: Call) -> Any:
    brand = store.brand
    if brand is None:
        raise ApiError(404, "No 10DLC brand registration yet: create one first")
    if brand.brand_status not in EDITABLE:
        raise ApiError(
            409,
            f"The brand is {brand.brand_status}: its fields can no longer be edited once "
            "it was submitted to carriers",
        )
    data = call.data
    if "legalName" in data and "displayName" not in data:
        data["displayName"] = data["legalName"]
    _apply_brand(brand, {**wire(brand), **data})
    brand.brand_status = "pending_review"
    brand.updated_at = iso(now())
    return brand


@handler
def registrations_get_us10dlc_campaign(store: Store, call: Call) -> Any:
    return store.campaign


@handler
def registrations_update_us10dlc_campaign(store: Store, call: Call) -> Any:
    campaign, brand = store.campaign, store.brand
    if campaign is None or brand is None:
        raise ApiError(404, "No 10DLC brand registration yet: create the brand first")
    if campaign.campaign_status not in EDITABLE:
        raise ApiError(
            409,
            f"The campaign is {campaign.campaign_status}: its fields can no longer be "
            "edited once it was submitted to carriers",
        )
    data = call.data
    use_case = data.get("campaignUsecase")
    if use_case is not None:
        _check_use_case(use_case)
    patch(campaign, data)
    campaign.updated_at = iso(now())
    if _campaign_complete(campaign):
        campaign.campaign_status = brand.campaign_status = "pending_review"
    return campaign


def _apply_brand(brand: Brand, data: Dict[str, Any]) -> None:
    """Validate a brand's business fields and store them (normalised) on ``brand``."""
    _check_enum(data.get("scenarioId"), "TenDlcScenario", "scenarioId")
    _check_enum(data.get("businessType"), "BusinessType", "businessType")
    country = str(data["country"]).upper()
    if not re.match(r"^[A-Z]{2}$", country):
        raise ApiError(400, "`country` must be an ISO 3166-1 alpha-2 code such as US")
    fields = {key: value for key, value in data.items() if value is not None}
    fields["country"] = country
    sole = data["businessType"] == "SOLE_PROPRIETOR"
    if sole:
        if not data.get("firstName") or not data.get("lastName"):
            raise ApiError(400, "A SOLE_PROPRIETOR brand needs `firstName` and `lastName`")
        fields.pop("taxId", None)
        fields.setdefault("legalName", f"{data['firstName']} {data['lastName']}")
    else:
        tax_id = re.sub(r"[\s-]", "", str(data.get("taxId") or ""))
        if not tax_id:
            raise ApiError(400, "`taxId` is required unless businessType is SOLE_PROPRIETOR")
        if country in ("US", "CA") and not _NINE_DIGITS.match(tax_id):
            what = "EIN" if country == "US" else "BN"
            raise ApiError(400, f"`taxId` must be the 9-digit {what}, got {data['taxId']!r}")
        fields["taxId"] = tax_id
        fields.setdefault("legalName", data["displayName"])
    website = str(data["website"]).strip()
    fields["website"] = website if "://" in website else "https://" + website
    phone = re.sub(r"[\s().-]", "", str(data["complianceContactPhone"]))
    if country in ("US", "CA") and re.match(r"^\d{10}$", phone):
        phone = "+1" + phone
    fields["complianceContactPhone"] = check_phone(phone, "complianceContactPhone")
    if "@" not in str(data["complianceContactEmail"]):
        raise ApiError(400, "`complianceContactEmail` must be an email address")
    for key in ("accountId", "brandStatus", "campaignStatus", "createdAt", "updatedAt"):
        fields.pop(key, None)
    patch(brand, fields)
    if sole:
        brand.tax_id = None


def _check_enum(value: Any, alias: str, field: str) -> None:
    allowed = ENUM_VALUES[alias]
    if value not in allowed:
        raise ApiError(400, f"`{field}` must be one of {', '.join(allowed)}, got {value!r}")


def _check_use_case(value: str) -> None:
    parts = [part.strip() for part in value.split(",")]
    if parts[0] not in CAMPAIGN_USE_CASES or (parts[0] != "MIXED" and len(parts) > 1):
        raise ApiError(
            400,
            f"`campaignUsecase` must be one of {', '.join(CAMPAIGN_USE_CASES)} "
            f"(MIXED followed by its sub-use cases), got {value!r}",
        )
    if any(part not in CAMPAIGN_USE_CASES or part == "MIXED" for part in parts[1:]):
        raise ApiError(400, f"Invalid MIXED sub-use cases in {value!r}")


def _campaign_complete(campaign: Campaign) -> bool:
    """Whether the campaign holds everything needed before carrier submission."""
    values = wire(campaign)
    needed = list(CAMPAIGN_SUBMISSION_FIELDS)
    if str(values.get("campaignUsecase", "")).split(",")[0] in ("MARKETING", "MIXED"):
        needed.append("campaignSample2")
    if values.get("campaignEmbeddedLink"):
        needed.append("campaignEmbeddedLinkUrl")
    return all(values.get(field) for field in needed)
