# ruff: noqa: E501  (HTML and tokens read best unwrapped)
"""Realistic payloads for the benchmarks: an HTML email and a page of 100 users."""

from __future__ import annotations

import json
from typing import Any

_ROW = """\
      <tr>
        <td style="padding:12px 24px;border-bottom:1px solid #eceff3;font-family:Helvetica,Arial,sans-serif;font-size:14px;color:#1f2933;">
          <img src="https://cdn.example-shop.com/p/{i}/thumb.jpg" width="64" height="64" alt="Item {i}" style="border-radius:6px;vertical-align:middle;">
          <span style="margin-left:12px;">Merino crew-neck sweater &ndash; size M, colour &#8220;Forest&#8221;</span>
        </td>
        <td align="right" style="padding:12px 24px;border-bottom:1px solid #eceff3;font-family:Helvetica,Arial,sans-serif;font-size:14px;color:#1f2933;">1 &times; &euro;{price}.00</td>
      </tr>
"""

#: A transactional email of about 7 KB: tables, inline styles, entities, some non-ASCII.
EMAIL_HTML = f"""\
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Your order has shipped</title>
<style>@media (max-width:600px){{.container{{width:100% !important}}}}</style></head>
<body style="margin:0;padding:0;background:#f4f6f8;">
  <table role="presentation" class="container" width="600" align="center" cellpadding="0" cellspacing="0" style="background:#ffffff;margin:24px auto;border-radius:8px;">
    <tr><td style="padding:32px 24px;font-family:Helvetica,Arial,sans-serif;">
      <h1 style="font-size:22px;color:#111827;margin:0 0 8px;">Good news, {{{{name}}}} — your order is on its way!</h1>
      <p style="font-size:15px;line-height:22px;color:#4b5563;">Order <strong>#{{{{order_id}}}}</strong> left our warehouse in Zürich
      and should arrive by <strong>{{{{delivery_date}}}}</strong>. Track it any time with the button below.</p>
      <p><a href="https://example-shop.com/orders/{{{{order_id}}}}/track?utm_source=email&amp;utm_medium=transactional"
        style="display:inline-block;padding:12px 20px;background:#2563eb;color:#ffffff;border-radius:6px;text-decoration:none;">Track my parcel</a></p>
    </td></tr>
    <tr><td><table role="presentation" width="100%" cellpadding="0" cellspacing="0">
{"".join(_ROW.format(i=i, price=20 + 7 * i) for i in range(10))}\
    </table></td></tr>
    <tr><td style="padding:24px;font-family:Helvetica,Arial,sans-serif;font-size:12px;color:#9ca3af;">
      You are receiving this email because you placed an order at Example Shop. Questions? Reply to this
      email or visit <a href="https://example-shop.com/help" style="color:#6b7280;">our help centre</a>.
      Example Shop GmbH · Bahnhofstrasse 1 · 8001 Zürich · <a href="{{{{unsubscribe_url}}}}">Unsubscribe</a>
    </td></tr>
  </table>
</body></html>
"""


def _user(i: int) -> dict[str, Any]:
    device = {
        "app_id": "com.example.shop",
        "device_id": f"5f0c8a1e-{i:04d}-4e4b-9c1d-6a2f3b7c8d9e",
        "platform": "android" if i % 2 else "ios",
        "manufacturer": "Google" if i % 2 else "Apple",
        "model": "Pixel 9" if i % 2 else "iPhone15,2",
    }
    user: dict[str, Any] = {
        "id": f"user-{i:05d}",
        "email": f"customer{i}@example.com",
        "number": f"+1500555{i:04d}",
        "pushTokens": [
            {
                "type": "FCM" if i % 2 else "APN",
                "token": f"dGVzdC1wdXNoLXRva2VuLXtpfQ:APA91b{i:04d}" + "x" * 120,
                "device": device,
                "environment": "production",
            }
        ],
        "webPushTokens": [
            {
                "sub": {
                    "endpoint": f"https://fcm.googleapis.com/fcm/send/c9Xk{i:04d}:APA91bH"
                    + "y" * 100,
                    "keys": {
                        "p256dh": "BNcRdreALRFXTkOOUHK1EtK2wtaz5Ry4YfYCA_0QTpQtUbVlUls0VJXg7A8u-Ts1XbjhazAkj7I99e8QcYP7DkM",
                        "auth": "tBHItJI5svbpez7KI4CCXg",
                    },
                }
            }
        ],
        "timezone": "Europe/Berlin",
        "slackChannel": "#customer-alerts",
        "slackToken": {
            "access_token": f"xoxb-17653672481-{i:05d}-AbCdEfGhIjKlMnOpQrStUvWx",
            "app_id": "A0KRD7HC3",
            "authed_user": {"id": f"U{i:08d}", "scope": "chat:write", "token_type": "user"},
            "bot_user_id": "U0KRQLJ9H",
            "expires_in": 43200,
            "ok": True,
            "scope": "chat:write,channels:read,im:write",
            "team": {"id": "T9TK3CUKW", "name": "Example Shop"},
            "token_type": "bot",
        },
        "lastSeenTime": "2026-03-14T09:26:53.589Z",
        "updatedAt": "2026-03-14T09:26:53.589Z",
        "createdAt": "2025-11-02T17:04:11.120Z",
    }
    if i % 10 == 0:
        user["emailSuppressionStatus"] = {"reason": "Bounce", "details": {"code": 550}}
    return user


#: A ``GET /users`` response body with 100 users, every channel token set.
USERS_JSON = json.dumps(
    {"users": [_user(i) for i in range(100)], "lastEvaluatedKey": "user-00099", "hasMore": True}
).encode()
