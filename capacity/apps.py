from __future__ import annotations

from django.apps import AppConfig


class CapacityConfig(AppConfig):
    name = "capacity"
    verbose_name = "Capacity building"

    def ready(self) -> None:
        # Subscribes to the domain events of the apps below (netwerk.events).
        from capacity import subscribers  # noqa: F401
