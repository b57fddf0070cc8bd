from __future__ import annotations

from django.apps import AppConfig


class DiscussionsConfig(AppConfig):
    name = "discussions"

    def ready(self) -> None:
        # Subscribes to the domain events of the apps below (netwerk.events).
        from discussions import broadcast, coedit, live, subscribers  # noqa: F401
