"""Room API routes, included under /api/ by netwerk.api_urls."""

from __future__ import annotations

urlpatterns: list[object] = []
