from __future__ import annotations

from django.apps import AppConfig


class LeadershipConfig(AppConfig):
    name = "leadership"
    verbose_name = "Leadership for data use"
