"""``python -m pingram``: run a local emulator of the Pingram API, or a demo against one.

    python -m pingram emulator [--host 127.0.0.1] [--port 8787] [--forward-webhooks URL]
    python -m pingram demo

Everything but argparse is imported when a command runs, so ``--help`` is instant.
"""

from __future__ import annotations

import argparse
import sys
from typing import Any, List, Optional

#: The key the emulator command suggests; any ``pingram_sk_...`` key is accepted.
SUGGESTED_KEY = "pingram_sk_emulator"


def main(argv: Optional[List[str]] = None) -> int:
    """Parse the command line and run the command; returns the exit code."""
    parser = argparse.ArgumentParser(
        prog="python -m pingram",
        description="Tools of the Pingram Python SDK.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    emulator = commands.add_parser(
        "emulator",
        help="run a local emulator of the Pingram API in the foreground",
        description="Serve the whole Pingram API from memory until Ctrl-C. Point an app at it "
        "with PINGRAM_BASE_URL and any pingram_sk_... key.",
    )
    emulator.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default: %(default)s)"
    )
    emulator.add_argument(
        "--port",
        type=int,
        default=8787,
        help="port to bind, 0 for any free one (default: %(default)s)",
    )
    emulator.add_argument(
        "--api-key", help="accept only this key (default: any key starting with pingram_sk_)"
    )
    emulator.add_argument(
        "--forward-webhooks",
        metavar="URL",
        action="append",
        default=[],
        help="register URL as a webhook endpoint for every event type and print its signing "
        "secret (http:// is accepted on 127.0.0.1, localhost and [::1]); repeatable",
    )
    emulator.add_argument(
        "--hold-broadcasts",
        action="store_true",
        help="keep a sent broadcast 'sending' (recipients pending) so it can be paused, "
        "resumed or canceled, instead of delivering it at once",
    )
    emulator.add_argument(
        "--quiet", action="store_true", help="do not log each request and webhook delivery"
    )
    commands.add_parser(
        "demo",
        help="send notifications to a throwaway local emulator with both clients",
        description="Start an emulator, use the sync and async clients against it and print "
        "what happened. Needs no key, account or network.",
    )
    args = parser.parse_args(argv)
    if args.command == "emulator":
        return _emulator(args)
    from ._demo import run

    return run()


def _emulator(args: argparse.Namespace) -> int:
    import logging
    import signal
    import time

    from .emulator import Emulator

    emulator = Emulator(args.host, args.port, api_key=args.api_key)
    emulator.hold_broadcasts = args.hold_broadcasts
    forwards = []
    for url in args.forward_webhooks:
        try:
            forwards.append(emulator.register_webhook(url))
        except ValueError as exc:
            print(f"Cannot forward webhooks to {url}: {exc}", file=sys.stderr)
            return 2
    try:
        emulator.start()
    except OSError as exc:
        print(f"Cannot listen on {args.host}:{args.port}: {exc}", file=sys.stderr)
        return 1
    if not args.quiet:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        log = logging.getLogger("pingram.emulator")
        log.addHandler(handler)
        log.setLevel(logging.INFO)
    print(f"Pingram emulator listening on {emulator.url}")
    print("Point your app at it:")
    print(f"  export PINGRAM_BASE_URL={emulator.url}")
    # Never the key given with --api-key: the banner may end up in a log or a screenshot.
    key = "<the key you passed to --api-key>" if args.api_key else SUGGESTED_KEY
    print(f"  export PINGRAM_API_KEY={key}")
    for endpoint in forwards:
        print(
            f"Forwarding every webhook event to {endpoint['webhook']}, "
            f"signing secret: {endpoint['secret']}"
        )
    print("Press Ctrl-C to stop.", flush=True)

    def interrupt(signum: int, frame: Any) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        pass
    finally:
        emulator.stop()
    print("Emulator stopped.", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
