from __future__ import annotations

from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = "Privacy"

    def ready(self) -> None:
        # Subscribes to the domain events of the apps below (netwerk.events).
        from privacy import subscribers  # noqa: F401
