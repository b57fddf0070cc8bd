"""ASGI entry point: HTTP through Django, websockets through Channels.

Django is set up before the routing is imported, so consumers can use the ORM. Websockets
are checked against ALLOWED_HOSTS (Origin) and authenticated from the session cookie or
an `Authorization: Token <key>` header.
"""

from __future__ import annotations

import gc
import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "netwerk.settings")
django_application = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from discussions.auth import WebsocketAuthMiddleware  # noqa: E402
from discussions.routing import websocket_urlpatterns  # noqa: E402

websockets = URLRouter(websocket_urlpatterns)

# Everything loaded so far lives as long as the process: keep it out of the cyclic
# garbage collector's full passes, which otherwise walk all of it and stall the event
# loop (and every websocket of the process) for tens of milliseconds now and then.
gc.freeze()
# And collect less often than Python's default (700, 10, 10). With a thousand websockets
# open, the default made a full pass about every 450 handshakes, each walking every
# connection's objects for about 160 ms: a sixth of the process's CPU went to collecting.
# These thresholds leave about 30 MB more garbage waiting per 5,000 handshakes (see
# docs/benchmarks.md, "Rooms").
gc.set_threshold(10_000, 50, 100)

application = ProtocolTypeRouter(
    {
        "http": django_application,
        "websocket": AllowedHostsOriginValidator(WebsocketAuthMiddleware(websockets)),
    }
)
