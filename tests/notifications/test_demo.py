from __future__ import annotations

import pytest
from django.core.management import call_command

from notifications.models import KindPreference, Notification


@pytest.mark.django_db
def test_seed_demo_sets_the_demo_leaders_digest_once_and_repeats_no_reminder():
    call_command("seed_demo")
    reminders = Notification.objects.count()
    call_command("seed_demo")
    assert Notification.objects.count() == reminders
    chosen = KindPreference.objects.filter(person__username="leader1", digest=True)
    assert set(chosen.values_list("kind", flat=True)) == {"approval_waiting", "action_due"}
