"""Small fixes on the case and dataset pages: the published badge, the approval message,
the SMART goal's required fields, a publication with every part the team filled and no
empty cards, datasets that link back to their case, and translated anonymisation reasons."""

from __future__ import annotations

import pytest

from casestudies import services
from casestudies.models import DataSource
from tests.capacity.conftest import case_for
from tests.casestudies.test_datasets import upload
from tests.conftest import Demo, client_for


def post(client, case, step, data):
    return client.post(f"/casussen/{case.pk}/?stap={step}", data, follow=True)


def test_approving_confirms_and_publishing_turns_the_badge_to_published(demo: Demo):
    case = case_for(demo.team1, demo.teacher1, "Minder zittenblijvers havo 4")
    services.add_data_source(case=case, kind="exam_results", description="Cijfers uit Magister")
    services.submit_for_review(case=case)
    leader = client_for(demo.leader1)
    approved = post(leader, case, 1, {"action": "approve"})
    assert "De casus is goedgekeurd om te delen." in approved.text
    assert 'class="badge sharing-approved"' in approved.text

    published = post(leader, case, 1, {"action": "publish", "networks": [demo.network_a.pk]})
    assert 'class="badge sharing-published">Gepubliceerd<' in published.text

    publication = case.publications.get()
    snapshot = client_for(demo.teacher2).get(f"/publicaties/{publication.pk}/").text
    assert 'id="data-sources"' in snapshot
    assert "Cijfers uit Magister" in snapshot
    assert "Examenresultaten" in snapshot or "Exam results" not in snapshot
    # Steps nobody wrote about are listed in one line, not as empty cards.
    assert 'id="unwritten-steps"' in snapshot
    assert '<li class="card step-not_started">' not in snapshot


def test_the_smart_goals_required_fields_are_marked_and_explained(demo: Demo):
    case = case_for(demo.team1, demo.teacher1)
    page = client_for(demo.teacher1).get(f"/casussen/{case.pk}/?stap=1").text
    for name in ("indicator", "target_value", "deadline"):
        label = page.split(f'for="id_{name}"', 1)[1].split("</label>", 1)[0]
        assert 'class="required"' in label
    vague = post(client_for(demo.teacher1), case, 1, {"action": "goal", "description": "Minder"})
    assert "Een SMART-doel heeft" in vague.text


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


# The dataset's worker commits and closes connections as in production.
@pytest.mark.django_db(transaction=True)
def test_a_dataset_links_back_to_its_case_and_explains_roles_in_dutch(
    demo: Demo, django_capture_on_commit_callbacks
):
    dataset = upload(demo, django_capture_on_commit_callbacks)
    case = case_for(demo.team1, demo.teacher1)
    DataSource.objects.create(case=case, kind="other", description="Export", dataset=dataset)
    page = client_for(demo.teacher1).get(f"/datasets/{dataset.pk}/").text
    assert f'class="serves-case" href="/casussen/{case.pk}/"' in page
    assert "naam lijkt op een leerlingnummer" in page
    assert "name looks like a pupil identifier" not in page
    assert client_for(demo.teacher2).get(f"/datasets/{dataset.pk}/").status_code == 404
