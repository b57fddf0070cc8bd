"""The demo's notification preferences."""

from __future__ import annotations

from notifications.models import KindPreference


def test_the_demo_leader_has_chosen_a_digest_for_approvals_and_due_actions():
    chosen = KindPreference.objects.filter(person__username="leader1", digest=True)
    assert set(chosen.values_list("kind", flat=True)) == {"approval_waiting", "action_due"}
