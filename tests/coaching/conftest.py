from __future__ import annotations

import pytest

from coaching import services
from coaching.models import CoachKind, CoachProfile
from tests.conftest import Demo


@pytest.fixture
def profile(demo: Demo) -> CoachProfile:
    """The external coach of schools 1 and 2, with a profile and no assessments yet."""
    return services.create_coach_profile(
        person=demo.coach, kind=CoachKind.EXTERNAL, introduction="Externe coach."
    )
