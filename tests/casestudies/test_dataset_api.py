from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from tests.casestudies.test_datasets import pupil_export, run_jobs
from tests.conftest import Demo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def api(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(user)
    return client


def test_the_api_takes_a_dataset_from_upload_to_acceptance(demo: Demo):
    teacher = api(demo.teacher1)
    created = teacher.post(
        "/api/datasets/",
        {"school": demo.school1.pk, "file": SimpleUploadedFile("export.csv", pupil_export())},
        format="multipart",
    )
    assert created.status_code == 201, created.json()
    url = f"/api/datasets/{created.json()['id']}/"
    assert created.json()["status"] == "analysing"
    run_jobs()
    dataset = teacher.get(url).json()
    assert dataset["status"] == "awaiting_roles"
    roles = dataset["roles"] | {"leerlingnummer": "pseudonym"}
    started = teacher.post(f"{url}roles/", {"roles": roles, "k": 5}, format="json")
    assert started.status_code == 202
    run_jobs()
    ready = teacher.get(url).json()
    assert ready["status"] == "ready"
    assert ready["report"]["rows_in"] == 120
    assert teacher.post(f"{url}accept/").status_code == 404
    accepted = api(demo.leader1).post(f"{url}accept/")
    assert accepted.json()["status"] == "accepted"
    assert accepted.json()["has_raw_file"] is False
    download = teacher.get(f"{url}download/")
    assert download.status_code == 200


def test_roles_for_unknown_columns_are_refused(demo: Demo):
    teacher = api(demo.teacher1)
    created = teacher.post(
        "/api/datasets/",
        {"school": demo.school1.pk, "file": SimpleUploadedFile("export.csv", pupil_export())},
        format="multipart",
    ).json()
    run_jobs()
    response = teacher.post(
        f"/api/datasets/{created['id']}/roles/", {"roles": {"nope": "keep"}}, format="json"
    )
    assert response.status_code == 400
    assert "roles" in response.json()


def test_outsiders_cannot_upload_for_or_see_another_schools_data(demo: Demo):
    response = api(demo.outsider).post(
        "/api/datasets/",
        {"school": demo.school1.pk, "file": SimpleUploadedFile("x.csv", pupil_export())},
        format="multipart",
    )
    assert response.status_code == 404
    assert api(demo.coordinator).get("/api/datasets/").json()["count"] == 0
