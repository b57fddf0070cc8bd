"""Cards that link to the coaching and leadership pages from the home and school pages,
so those views need not know about them."""

from __future__ import annotations

from typing import Any

from django import template

from coaching import access as coach_access
from leadership import access as leadership_access
from schools.models import School

register = template.Library()


@register.inclusion_tag("coaching/card.html", takes_context=True)
def coaching_card(context: dict[str, Any]) -> dict[str, Any]:
    user = context["request"].user
    return {
        "own": coach_access.own_profile(user),
        "feedback_to": coach_access.profiles_for_feedback(user),
        "others": coach_access.profiles_visible_to(user).exclude(person=user).exists(),
    }


@register.inclusion_tag("leadership/card.html", takes_context=True)
def leadership_card(context: dict[str, Any], school: School) -> dict[str, Any]:
    user = context["request"].user
    visible = leadership_access.schools_for_reflection(user).filter(pk=school.pk).exists()
    return {"school": school, "visible": visible}
