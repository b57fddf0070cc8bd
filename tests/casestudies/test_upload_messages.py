"""What an upload says when it cannot be read, in the reader's language, through the API,
the dataset page and the anonymise command; and the files it reads that Excel writes."""

from __future__ import annotations

import io
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from tests.casestudies.test_datasets import pupil_export, run_jobs
from tests.conftest import Demo

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
NOT_TEXT = {"nl": "geen tekstbestand", "en": "not a text file"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def api(user, language: str = "en") -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE=language)
    client.force_authenticate(user)
    return client


def uploaded(demo: Demo, content: bytes, name: str = "export.csv") -> str:
    created = api(demo.teacher1).post(
        "/api/datasets/",
        {"school": demo.school1.pk, "file": SimpleUploadedFile(name, content)},
        format="multipart",
    )
    assert created.status_code == 201, created.json()
    run_jobs()
    return f"/api/datasets/{created.json()['id']}/"


def anonymise(source: Path, out: Path, language: str = "en") -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin", "LANGUAGE": language}
    return subprocess.run(
        [sys.executable, "manage.py", "anonymise", str(source), "--out", str(out), "--k", "2"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def random_bytes(size: int = 4096) -> bytes:
    return random.Random(20).randbytes(size)


def utf16_export() -> bytes:
    """Excel's "Unicode text": UTF-16 little-endian with a BOM, tab-separated."""
    text = pupil_export().decode("cp1252").replace(";", "\t")
    return text.replace("\n", "\r\n").encode("utf-16")


def with_entities(part: str) -> bytes:
    """An XLSX whose XML part declares an entity: a billion-laughs or external-entity
    attack starts this way, and no spreadsheet program writes one."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["leerlingnummer", "klas"])
    for number in range(10):
        sheet.append([f"{400000 + number}", "3A"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = zipfile.ZipFile(io.BytesIO(buffer.getvalue()))
    target = io.BytesIO()
    with zipfile.ZipFile(target, "w") as archive:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == part:
                doctype = '<!DOCTYPE x [<!ENTITY klas "3A">]>'
                data = (doctype + data.decode().replace(">3A<", ">&klas;<")).encode()
            archive.writestr(item, data)
    return target.getvalue()


def test_a_utf16_csv_from_excel_is_read_through_the_api(demo: Demo) -> None:
    dataset = api(demo.teacher1).get(uploaded(demo, utf16_export(), "export.txt")).json()
    assert dataset["status"] == "awaiting_roles", dataset["error"]
    assert dataset["row_count"] == 120
    assert [column["name"] for column in dataset["columns"]][:2] == ["leerlingnummer", "voornaam"]


def test_the_anonymise_command_reads_a_utf16_csv_and_writes_utf8(tmp_path: Path) -> None:
    source, out = tmp_path / "export.csv", tmp_path / "out.csv"
    source.write_bytes(utf16_export())
    result = anonymise(source, out)
    assert result.returncode == 0, result.stderr
    written = out.read_bytes().decode("utf-8")  # UTF-8 now, with the input's delimiter
    assert "\t" in written.splitlines()[0]
    assert len(written.splitlines()) > 100


@pytest.mark.parametrize("language", ["nl", "en"])
def test_random_bytes_are_not_a_text_file_through_the_api(demo: Demo, language: str) -> None:
    url = uploaded(demo, random_bytes())
    dataset = api(demo.teacher1, language).get(url).json()
    assert dataset["status"] == "failed"
    assert NOT_TEXT[language] in dataset["error"]


@pytest.mark.parametrize("size", [40, 400, 4096, 70_000])
def test_random_bytes_of_any_size_are_not_a_text_file(tmp_path: Path, size: int) -> None:
    source, out = tmp_path / "random.csv", tmp_path / "out.csv"
    source.write_bytes(random_bytes(size))
    result = anonymise(source, out)
    assert result.returncode != 0
    assert NOT_TEXT["en"] in result.stderr
    assert not out.exists()


def test_the_anonymise_command_speaks_the_language_of_its_environment(tmp_path: Path) -> None:
    source, out = tmp_path / "random.csv", tmp_path / "out.csv"
    source.write_bytes(random_bytes())
    result = anonymise(source, out, language="nl")
    assert result.returncode != 0
    assert NOT_TEXT["nl"] in result.stderr


def test_a_job_error_is_shown_in_each_readers_language(demo: Demo) -> None:
    ragged = b"a;b;c\n1;2;3\n4;5;6;7\n"
    url = uploaded(demo, ragged)
    dutch = api(demo.teacher1, "nl").get(url).json()["error"]
    english = api(demo.teacher1, "en").get(url).json()["error"]
    assert english == "Row 3 has 4 fields, but the header has 3."
    assert dutch == "Rij 3 heeft 4 velden, maar de kopregel heeft er 3."
    page = Client(headers={"Accept-Language": "nl"})
    page.force_login(demo.teacher1)
    dataset_id = url.rstrip("/").rsplit("/", 1)[1]
    assert dutch in page.get(f"/datasets/{dataset_id}/").content.decode()


def test_a_failed_job_says_so_in_each_readers_language(demo: Demo, monkeypatch) -> None:
    from casestudies import services

    def broken(**_kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "analyse_dataset", broken)
    url = uploaded(demo, pupil_export())
    english = api(demo.teacher1, "en").get(url).json()
    dutch = api(demo.teacher1, "nl").get(url).json()
    assert english["status"] == "failed"
    assert english["error"] == "Something went wrong while processing this file."
    assert dutch["error"] != english["error"]


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml"])
def test_a_spreadsheet_that_declares_xml_entities_is_refused(demo: Demo, part: str) -> None:
    url = uploaded(demo, with_entities(part), "export.xlsx")
    dataset = api(demo.teacher1).get(url).json()
    assert dataset["status"] == "failed"
    assert "The spreadsheet cannot be opened" in dataset["error"]
