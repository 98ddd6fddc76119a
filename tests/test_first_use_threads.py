"""First use of the models from many threads at once, each run in a fresh interpreter.

msgspec builds a Struct's type information on its first ``convert`` or decoder
and publishes it before it is complete: two threads doing that at once could
crash the interpreter (SIGSEGV). Only a fresh process has nothing built yet, so
each run is a new interpreter, with threads switching every 0.1 ms to widen the
window (before the fix, most runs of this script crashed).
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import json
    import sys
    import threading

    sys.setswitchinterval(1e-4)

    import pingram
    from pingram.emulator import Emulator
    from pingram.models import GetUsersResponse, SenderPostBody

    THREADS = 32
    BODY = {"type": "welcome", "to": {"id": "u1", "email": "u@example.com"}, "parameters": {"n": 1}}
    BODY_JSON = json.dumps(BODY)
    USERS_JSON = '{"users": [{"id": "u1", "email": "a@b.c"}], "hasMore": false}'

    with Emulator() as emulator:
        client = pingram.PingramSync(api_key="pingram_sk_test", base_url=emulator.url)
        barrier = threading.Barrier(THREADS)
        failures = []

        def first_use(i):
            barrier.wait(timeout=30)
            try:
                kind = i % 4
                if kind == 0:
                    client.send(BODY)
                elif kind == 1:
                    SenderPostBody.from_dict(BODY)
                elif kind == 2:
                    SenderPostBody.from_json(BODY_JSON)
                else:
                    GetUsersResponse.from_json(USERS_JSON)
            except BaseException as exc:
                failures.append(repr(exc))

        threads = [threading.Thread(target=first_use, args=(i,)) for i in range(THREADS)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        client.close()
        assert len(emulator.sent) == THREADS // 4, emulator.sent
    print("failures:", failures)
    sys.exit(1 if failures else 0)
    """
)

#: Fresh interpreters: most runs crashed before the fix, so twelve miss it once in 4,096.
RUNS = 12
AT_ONCE = 2  # the interpreters run two at a time


def test_first_use_from_32_threads_never_crashes_a_fresh_interpreter() -> None:
    outcomes: list[str] = []
    for start in range(0, RUNS, AT_ONCE):
        runs = [
            subprocess.Popen(
                [sys.executable, "-X", "faulthandler", "-c", SCRIPT],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for _ in range(min(AT_ONCE, RUNS - start))
        ]
        for run in runs:
            stdout, stderr = run.communicate(timeout=120)
            if run.returncode != 0:
                outcomes.append(f"exit {run.returncode}: {stdout.strip()} {stderr.strip()[-800:]}")
    assert outcomes == []
