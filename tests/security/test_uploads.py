"""Hostile uploads through the API, as a school's account would send them: a zip bomb
dressed as a spreadsheet, a file over the size limit, a program named .csv, a file with a
name the platform does not take. Each gets its own clear error and leaves nothing behind."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from casestudies.models import Dataset
from tests.casestudies.test_datasets import run_jobs
from tests.conftest import Demo

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def media(settings, tmp_path: Path) -> Path:
    root = tmp_path / "media"
    settings.MEDIA_ROOT = root
    return root


def upload(demo: Demo, name: str, content: bytes):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(demo.teacher1)
    return client.post(
        "/api/datasets/",
        {"school": demo.school1.pk, "file": SimpleUploadedFile(name, content)},
        format="multipart",
    )


def zip_bomb() -> bytes:
    workbook = openpyxl.Workbook()
    workbook.active.append(["leerlingnummer", "cijfer"])
    plain = io.BytesIO()
    workbook.save(plain)
    source = zipfile.ZipFile(plain)
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"<sheetData>", b"<sheetData>" + b" " * (64 * 2**20))
            target.writestr(info.filename, data)
    return bomb.getvalue()


def files_under(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def test_a_zip_bomb_fails_its_job_with_a_clear_message_and_nothing_is_kept(demo, media):
    bomb = zip_bomb()
    assert len(bomb) < 250_000
    created = upload(demo, "leerlingen.xlsx", bomb)
    assert created.status_code == 201
    run_jobs()
    dataset = Dataset.objects.get(pk=created.json()["id"])
    assert dataset.status == "failed"
    assert "zip bomb" in dataset.error
    assert files_under(media) == []


def test_an_upload_over_the_limit_is_refused_at_once(demo, settings, media):
    settings.NETWERK_UPLOAD_MAX_BYTES = 1024
    response = upload(demo, "groot.csv", b"a;b\n" + b"1;2\n" * 400)
    assert response.status_code == 400
    assert "file" in response.json()
    assert Dataset.objects.count() == 0
    assert files_under(media) == []


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("leerlingen.csv", b"MZ\x90\x00\x03" + b"\x00" * 200, "binary data"),
        ("leerlingen.xlsx", b"PK\x03\x04 this is no spreadsheet", "cannot be opened"),
    ],
    ids=["program-named-csv", "broken-zip-named-xlsx"],
)
def test_mislabelled_files_fail_by_their_content(demo, media, name, content, message):
    created = upload(demo, name, content)
    assert created.status_code == 201
    run_jobs()
    dataset = Dataset.objects.get(pk=created.json()["id"])
    assert dataset.status == "failed"
    assert message in dataset.error
    assert files_under(media) == []


def test_a_file_type_the_platform_does_not_take_is_refused(demo, media):
    response = upload(demo, "leerlingen.exe", b"a;b\n1;2\n")
    assert response.status_code == 400
    assert Dataset.objects.count() == 0
