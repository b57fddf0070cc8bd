"""Room pages. Included by the project's urls under the site root."""

from __future__ import annotations

urlpatterns: list[object] = []
