"""``python -m pingram demo``: a short tour of the SDK against a throwaway local emulator.

The blocking client (``PingramSync``) sets things up and reads the results; the
async client (``Pingram``, under ``asyncio.run``) sends. A small local web server
receives the emulator's webhooks and checks each with ``pingram.webhooks.verify``,
as an app would. No key, account or network is needed: the emulator's URL and a
``pingram_sk_demo`` key are passed explicitly, so ``PINGRAM_*`` environment
variables are never consulted.
"""

from __future__ import annotations

import asyncio
import queue
import sys
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import TYPE_CHECKING, Any, TextIO, Tuple, Union

from .webhooks import WebhookEvent, WebhookVerificationError, verify

if TYPE_CHECKING:
    from .models import SenderPostBodyParam

API_KEY = "pingram_sk_demo"
USER_ID = "ada"
TYPE_ID = "order_shipped"


def run(out: TextIO = sys.stdout) -> int:
    """Run the demo, printing what happens to ``out``; returns the exit code (0)."""
    from . import PingramSync
    from .emulator import Emulator

    def say(line: str) -> None:
        print(line, file=out, flush=True)

    with Emulator() as emulator, _Receiver() as receiver:
        say(f"Started a local Pingram emulator at {emulator.url}")
        with PingramSync(api_key=API_KEY, base_url=emulator.url) as client:
            endpoint = client.webhooks.webhooks_create_webhook(
                {"webhook": receiver.url, "events": ["EMAIL_DELIVERED", "EMAIL_OPEN"]}
            )
            assert endpoint.secret  # the API always sends it
            receiver.secret = endpoint.secret
            say(f"[sync]  registered webhook endpoint {receiver.url} for {endpoint.events}")
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
            say(receiver.next())
            emulator.simulate(sent, "EMAIL_OPEN")
            say(f"[emu]   simulated {USER_ID} opening the email")
            say(receiver.next())

            logs = client.logs.logs_get_logs_by_tracking_ids(f"{sent},{scheduled}").logs or []
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
            events = client.logs.logs_get_logs().messages or []
            say(f"[sync]  {len(events)} delivery events:")
            for message in events:
                say(f"          {message.event_type}: {message.subject!r}")

            inbox = client.user.user_get_in_app_notifications().notifications or []
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
        reminder: SenderPostBodyParam = {
            "type": TYPE_ID,
            "to": {"id": USER_ID},
            "parameters": {"name": "Ada", "orderId": "#1234"},
            "schedule": tomorrow.isoformat(timespec="seconds"),
        }
        scheduled = await client.send(reminder)
        assert now.tracking_id  # the API always sends it
        assert scheduled.tracking_id
        later = (tomorrow + timedelta(days=1)).isoformat(timespec="seconds")
        await client.sender.sender_update_schedule(
            scheduled.tracking_id, {**reminder, "schedule": later}
        )
    return now.tracking_id, scheduled.tracking_id, later


class _Receiver:
    """The demo's webhook endpoint: a tiny web server that verifies what it receives."""

    def __init__(self) -> None:
        self.secret = ""
        self._arrived: queue.Queue[Union[WebhookEvent, str]] = queue.Queue()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                try:
                    # The raw body and the X-Pingram-* headers, checked with the secret.
                    event = verify(body, self.headers, receiver.secret)
                except WebhookVerificationError as exc:
                    receiver._arrived.put(f"rejected: {exc}")
                    self.send_response(400)
                else:
                    receiver._arrived.put(event)
                    self.send_response(204)
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}/webhooks"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> _Receiver:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def next(self) -> str:
        """A line describing the next webhook to arrive."""
        try:
            arrived = self._arrived.get(timeout=5)
        except queue.Empty:
            return "[hook]  no webhook arrived within 5 s"
        if isinstance(arrived, str):
            return f"[hook]  {arrived}"
        return (
            f"[hook]  {arrived.event_type} for {arrived.tracking_id} "
            f"({arrived.notification_id} to {arrived.user_id}): signature verified"
        )
