"""The platform's settings, for the test suite.

The suite runs on several processes (pytest-xdist). pytest-django gives each its own test
database; here each also gets a Redis database of its own, numbered up from the one in
REDIS_URL, since the tests clear the cache (Redis' FLUSHDB) between them and count
presence and throttle keys.
"""

from __future__ import annotations

import os
from urllib.parse import urlsplit, urlunsplit

_worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # "gw0", "gw1", …; absent when alone
# Servers the tests start inherit the environment: their settings must not move it again.
if _worker and os.environ.get("REDIS_URL") and os.environ.get("NETWERK_TEST_WORKER") != _worker:
    _url = urlsplit(os.environ["REDIS_URL"])
    _database = int(_url.path.strip("/") or 0) + int(_worker.removeprefix("gw")) + 1
    os.environ["REDIS_URL"] = urlunsplit(_url._replace(path=f"/{_database}"))
    os.environ["NETWERK_TEST_WORKER"] = _worker

from netwerk.settings import *  # noqa: E402, F403

# Two-factor sign-in is required of no role here, so the suite's leaders and coordinators
# reach their pages; tests/netwerk/test_two_factor.py turns the requirement on.
NETWERK_MFA_REQUIRED_ROLES = []
