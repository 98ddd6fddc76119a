"""``python -m pingram demo``: a short tour of the SDK against a throwaway local emulator.

The blocking client (``PingramSync``) sets things up and reads the results; the
async client (``Pingram``, under ``asyncio.run``) sends. No key, account or
network is needed: the emulator's URL and a ``pingram_sk_demo`` key are passed
explicitly, so ``PINGRAM_*`` environment variables are never consulted.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import datetime, timedelta, timezone
from typing import TextIO, Tuple

API_KEY = "pingram_sk_demo"
USER_ID = "ada"
TYPE_ID = "order_shipped"


def run(out: TextIO = sys.stdout) -> int:
    """Run the demo, printing what happens to ``out``; returns the exit code (0)."""
    from . import PingramSync
    from .emulator import Emulator

    def say(line: str) -> None:
        print(line, file=out, flush=True)

    with Emulator() as emulator:
        say(f"Started a local Pingram emulator at {emulator.url}")
        with PingramSync(api_key=API_KEY, base_url=emulator.url) as client:
            user = client.user.user_identify(
                USER_ID, {"email": "ada@example.com", "timezone": "Europe/London"}
            )
            say(f"[sync]  identified user {user.id} <{user.email}>")
            client.types.types_create_notification_type(
                {"notificationId": TYPE_ID, "title": "Order shipped", "channels": ["EMAIL"]}
            )
            client.templates.templates_create_template(
                TYPE_ID,
                "EMAIL",
                {
                    "templateId": "shipped_email",
                    "subject": "Your order {{orderId}} has shipped",
                    "html": "<p>Hi {{name}}, order {{orderId}} is on its way.</p>",
                },
            )
            say(
                f"[sync]  created notification type {TYPE_ID!r} with email template 'shipped_email'"
            )

            sent, scheduled, rescheduled_to = asyncio.run(_send(emulator.url))
            say(f"[async] sent {TYPE_ID!r} over email and in-app: tracking id {sent}")
            say(f"[async] scheduled a reminder and moved it to {rescheduled_to}: {scheduled}")

            logs = client.logs.logs_get_logs_by_tracking_ids(f"{sent},{scheduled}").logs
            say(f"[sync]  {len(logs)} log entries:")
            for entry in logs:
                channels = [
                    name
                    for name, at in (
                        ("email", entry.email_sent_at),
                        ("in-app", entry.inapp_sent_at),
                    )
                    if at
                ]
                what = f"sent by {' and '.join(channels)}" if channels else "not sent yet"
                if entry.scheduled_for:
                    what += f", scheduled for {entry.scheduled_for}"
                say(f"          {entry.tracking_id}  {entry.type} to {entry.user_id}: {what}")
            events = client.logs.logs_get_logs().messages
            say(f"[sync]  {len(events)} delivery events:")
            for message in events:
                say(f"          {message.event_type}: {message.subject!r}")

            inbox = client.user.user_get_in_app_notifications().notifications
            unread = client.user.user_get_in_app_unread_count().count
            count = f"{len(inbox)} notification{'' if len(inbox) == 1 else 's'}"
            say(f"[sync]  {USER_ID}'s in-app inbox ({count}, {unread} unread):")
            for notification in inbox:
                state = "seen" if notification.seen else "unseen"
                say(f"          {notification.title!r} ({state}) -> {notification.redirect_url}")
    say("Stopped the emulator.")
    return 0


async def _send(base_url: str) -> Tuple[str, str, str]:
    """Send now over email and in-app, schedule a reminder and reschedule it.

    Returns the two tracking ids and the new reminder time.
    """
    from . import Pingram

    tomorrow = datetime.now(timezone.utc) + timedelta(days=1)
    async with Pingram(api_key=API_KEY, base_url=base_url) as client:
        now = await client.send(
            {
                "type": TYPE_ID,
                "to": {"id": USER_ID},
                "parameters": {"name": "Ada", "orderId": "#1234"},
                "inapp": {
                    "title": "Order {{orderId}} shipped",
                    "url": "https://example.com/o/1234",
                },
            }
        )
        reminder = {
            "type": TYPE_ID,
            "to": {"id": USER_ID},
            "parameters": {"name": "Ada", "orderId": "#1234"},
            "schedule": tomorrow.isoformat(timespec="seconds"),
        }
        scheduled = await client.send(reminder)
        later = (tomorrow + timedelta(days=1)).isoformat(timespec="seconds")
        await client.sender.sender_update_schedule(
            scheduled.tracking_id, {**reminder, "schedule": later}
        )
    return now.tracking_id, scheduled.tracking_id, later
