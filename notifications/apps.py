from __future__ import annotations

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        # Subscribes to the domain events of the apps below (netwerk.events).
        from notifications import subscribers  # noqa: F401
