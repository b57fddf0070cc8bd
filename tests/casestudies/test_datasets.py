"""Datasets through the services, the background jobs and the pages: upload → roles →
anonymised preview with report → a leader accepts, and the raw upload is gone."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from casestudies import services
from casestudies.models import Dataset, DatasetStatus
from tests.conftest import Demo, client_for

# The worker commits and closes connections as in production: real transactions here.
pytestmark = pytest.mark.django_db(transaction=True)

FIRST = ["Jan", "Sanne", "Noah", "Emma", "Liam", "Julia", "Daan", "Tess"]
LAST = ["Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer"]


def pupil_export(rows: int = 120) -> bytes:
    lines = ["leerlingnummer;voornaam;achternaam;geboortedatum;geslacht;klas;cijfer"]
    for i in range(rows):
        lines.append(
            f"{300000 + i};{FIRST[i % 8]};{LAST[i % 6]};{1 + i % 28:02d}-{1 + i % 12:02d}-"
            f"{2010 + i % 2};{'MV'[i % 2]};{['3A', '3B'][i % 2]};{5 + i % 5},{i % 10}"
        )
    return ("\n".join(lines) + "\n").encode("cp1252")


@pytest.fixture(autouse=True)
def _media(settings, tmp_path: Path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def stored_text(stored) -> str:
    with stored.open("rb") as stream:
        return str(stream.read().decode("utf-8"))


def run_jobs() -> None:
    """Run every queued job to the end, as the worker does. A batch ends at the first moment
    it finds no job it can lock, so run batches until none is left waiting."""
    from django_tasks_db.models import DBTaskResult

    for _attempt in range(5):
        call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
        if not DBTaskResult.objects.ready().exists():
            return


def upload(demo: Demo, captured, content: bytes = b"", name: str = "leerlingen.csv") -> Dataset:
    with captured(execute=True):
        dataset = services.upload_dataset(
            school=demo.school1,
            person=demo.teacher1,
            uploaded_file=SimpleUploadedFile(name, content or pupil_export()),
        )
    run_jobs()
    dataset.refresh_from_db()
    return dataset


def test_an_upload_is_analysed_by_the_worker_with_suggested_roles(
    demo: Demo, django_capture_on_commit_callbacks
):
    dataset = upload(demo, django_capture_on_commit_callbacks)
    assert dataset.status == DatasetStatus.AWAITING_ROLES
    assert dataset.row_count == 120
    assert dataset.roles["voornaam"] == "direct"
    assert dataset.roles["klas"] == "quasi"
    assert default_storage.exists(str(dataset.raw_file.name))


def test_the_whole_flow_ends_with_the_raw_upload_deleted(
    demo: Demo, django_capture_on_commit_callbacks
):
    dataset = upload(demo, django_capture_on_commit_callbacks)
    raw_name = str(dataset.raw_file.name)
    roles = dataset.roles | {"leerlingnummer": "pseudonym"}
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_roles(dataset=dataset, roles=roles, k=5, max_suppression=0.05)
    run_jobs()
    dataset.refresh_from_db()
    assert dataset.status == DatasetStatus.READY
    text = stored_text(dataset.anonymised_file)
    for secret in ("voornaam", "Sanne", "300001"):
        assert secret not in text
    assert dataset.report["min_class_size"] >= 5
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_dataset(dataset=dataset, person=demo.leader1)
    dataset.refresh_from_db()
    assert dataset.status == DatasetStatus.ACCEPTED
    assert not default_storage.exists(raw_name)
    assert dataset.raw_deleted_at is not None


def test_pseudonyms_use_the_schools_own_key(demo: Demo, django_capture_on_commit_callbacks):
    def pseudonyms_for(school) -> str:
        dataset = upload(demo, django_capture_on_commit_callbacks)
        dataset.school = school
        dataset.save()
        with django_capture_on_commit_callbacks(execute=True):
            services.confirm_roles(
                dataset=dataset, roles=dataset.roles | {"leerlingnummer": "pseudonym"}
            )
        run_jobs()
        dataset.refresh_from_db()
        return stored_text(dataset.anonymised_file).splitlines()[1].split(";")[0]

    assert pseudonyms_for(demo.school1) == pseudonyms_for(demo.school1)
    assert pseudonyms_for(demo.school1) != pseudonyms_for(demo.school2)


def test_a_retention_period_keeps_the_raw_upload_until_it_expires(
    demo: Demo, django_capture_on_commit_callbacks
):
    demo.school1.raw_upload_retention_days = 30
    demo.school1.save()
    dataset = upload(demo, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_roles(dataset=dataset, roles=dataset.roles)
    run_jobs()
    dataset.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.accept_dataset(dataset=dataset, person=demo.leader1)
    raw = str(dataset.raw_file.name)
    assert default_storage.exists(raw)
    assert services.purge_expired_raw_uploads() == 0
    later = timezone.now() + datetime.timedelta(days=31)
    assert services.purge_expired_raw_uploads(now=later) == 1
    assert not default_storage.exists(raw)


def test_an_unreadable_file_fails_with_a_message_and_nothing_is_kept(
    demo: Demo, django_capture_on_commit_callbacks
):
    dataset = upload(demo, django_capture_on_commit_callbacks, b"a;b;c\n1;2;3\n4;5\n")
    assert dataset.status == DatasetStatus.FAILED
    assert "row" in dataset.error.lower()
    assert dataset.raw_deleted_at is not None
    assert not dataset.raw_file


def test_k_larger_than_the_data_sends_the_person_back_to_the_roles(
    demo: Demo, django_capture_on_commit_callbacks
):
    dataset = upload(demo, django_capture_on_commit_callbacks, pupil_export(rows=6))
    with django_capture_on_commit_callbacks(execute=True):
        services.confirm_roles(dataset=dataset, roles=dataset.roles, k=50)
    run_jobs()
    dataset.refresh_from_db()
    assert dataset.status == DatasetStatus.AWAITING_ROLES
    assert dataset.error


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [("notes.pdf", b"%PDF", "CSV or XLSX"), ("empty.csv", b"", "empty")],
)
def test_uploads_of_the_wrong_kind_are_refused(demo: Demo, name, content, message):
    response = client_for(demo.teacher1).post(
        f"/scholen/{demo.school1.pk}/datasets/",
        {"file": SimpleUploadedFile(name, content)},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert not Dataset.objects.exists()


def test_only_the_school_and_its_coaches_reach_its_datasets(
    demo: Demo, django_capture_on_commit_callbacks
):
    dataset = upload(demo, django_capture_on_commit_callbacks)
    for user, expected in [
        (demo.teacher1, 200),
        (demo.coach, 200),
        (demo.leader1, 200),
        (demo.coordinator, 404),
        (demo.teacher2, 404),
        (demo.outsider, 404),
    ]:
        assert client_for(user).get(f"/datasets/{dataset.pk}/").status_code == expected
        listing = client_for(user).get(f"/scholen/{demo.school1.pk}/datasets/")
        assert listing.status_code == expected


def test_the_pages_take_a_dataset_from_roles_to_acceptance(
    demo: Demo, django_capture_on_commit_callbacks
):
    dataset = upload(demo, django_capture_on_commit_callbacks)
    teacher = client_for(demo.teacher1)
    page = teacher.get(f"/datasets/{dataset.pk}/")
    assert "Bevestig wat er met elke kolom gebeurt" in page.text
    form = {"action": "roles", "k": "5", "max_suppression": "5"}
    form |= {f"role_{i}": c["role"] for i, c in enumerate(dataset.columns)}
    with django_capture_on_commit_callbacks(execute=True):
        assert teacher.post(f"/datasets/{dataset.pk}/", form).status_code == 302
    assert teacher.get(f"/datasets/{dataset.pk}/status/").json()["working"] is True
    run_jobs()
    page = teacher.get(f"/datasets/{dataset.pk}/")
    assert "Anonimiseringsrapport" in page.text
    assert "Sanne" not in page.text
    refused = teacher.post(f"/datasets/{dataset.pk}/", {"action": "accept"})
    assert refused.status_code == 404
    leader = client_for(demo.leader1)
    with django_capture_on_commit_callbacks(execute=True):
        leader.post(f"/datasets/{dataset.pk}/", {"action": "accept"})
    dataset.refresh_from_db()
    assert dataset.status == DatasetStatus.ACCEPTED
    download = teacher.get(f"/datasets/{dataset.pk}/download/")
    assert download.status_code == 200
    assert b"Sanne" not in b"".join(download.streaming_content)  # type: ignore[attr-defined]
