"""What a person is in the platform: roles at schools, coached schools, networks."""

from __future__ import annotations

from typing import TypedDict

from netwerk.access import networks_coordinated_by, networks_for
from schools.access import active_coach_school_ids
from schools.models import SchoolMembership, User


class SchoolRoleEntry(TypedDict):
    school: int
    school_name: str
    role: str


class Profile(TypedDict):
    id: int
    username: str
    display_name: str
    email: str
    school_roles: list[SchoolRoleEntry]
    coached_schools: list[int]
    networks: list[int]
    coordinated_networks: list[int]


def profile_of(person: User) -> Profile:
    roles = SchoolMembership.objects.filter(person=person).select_related("school")
    return {
        "id": person.pk,
        "username": person.username,
        "display_name": person.display_name,
        "email": person.email,
        "school_roles": [
            {"school": role.school_id, "school_name": role.school.name, "role": role.role}
            for role in roles
        ],
        "coached_schools": list(active_coach_school_ids(person)),
        "networks": list(networks_for(person).values_list("pk", flat=True)),
        "coordinated_networks": list(networks_coordinated_by(person).values_list("pk", flat=True)),
    }
