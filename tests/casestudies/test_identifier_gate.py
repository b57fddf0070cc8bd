"""The identifier gate: a column of identifiers can only be removed or pseudonymised
(API, page, command), and the anonymised file is scanned once more before a leader may
accept it."""

from __future__ import annotations

import io
import random
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from casestudies.anonymisation.values import bsn_is_valid
from tests.casestudies.test_datasets import run_jobs
from tests.conftest import Demo

pytestmark = pytest.mark.django_db(transaction=True)

ROOT = Path(__file__).resolve().parents[2]
ROWS = 80
NAMES = ["Jan Jansen", "Emma de Vries", "Noah Bakker", "Sanne Smit", "Daan Visser"]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def bsns(count: int = ROWS) -> list[str]:
    numbers = random.Random(11)
    found: list[str] = []
    while len(found) < count:
        digits = f"{numbers.randint(100_000_000, 999_999_999)}"
        if bsn_is_valid(digits):
            found.append(digits)
    return found


def export(extra: str, values: list[str]) -> bytes:
    """klas and cijfer, and one more column of the given values."""
    lines = [f"{extra};klas;cijfer"]
    lines += [
        f"{values[i % len(values)]};{'3A' if i % 2 else '3B'};{5 + i % 5},5" for i in range(ROWS)
    ]
    return ("\n".join(lines) + "\n").encode("utf-8")


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


def set_roles(demo: Demo, url: str, language: str = "en", **chosen: str):
    roles = api(demo.teacher1).get(url).json()["roles"] | chosen
    return api(demo.teacher1, language).post(f"{url}roles/", {"roles": roles}, format="json")


def test_a_column_of_bsns_under_a_neutral_name_cannot_be_kept(demo: Demo) -> None:
    url = uploaded(demo, export("code", bsns()))
    column = next(c for c in api(demo.teacher1).get(url).json()["columns"] if c["name"] == "code")
    assert column["identifier"] == "bsn"
    response = set_roles(demo, url, code="keep")
    assert response.status_code == 400
    (message,) = response.json()["roles"]
    assert message == (
        "Column 'code' holds BSNs (80 pass the 11-check): it can only be removed or pseudonymised."
    )
    dutch = set_roles(demo, url, "nl", code="quasi").json()["roles"][0]
    assert "'code'" in dutch
    assert "BSN" in dutch
    assert "verwijderd of gepseudonimiseerd" in dutch
    dataset = api(demo.teacher1).get(url).json()
    assert dataset["status"] == "awaiting_roles"
    assert dataset["roles"]["code"] == "direct"


@pytest.mark.parametrize("role", ["direct", "pseudonym"])
def test_a_column_of_bsns_may_be_removed_or_pseudonymised_and_then_accepted(
    demo: Demo, role: str
) -> None:
    url = uploaded(demo, export("code", bsns()))
    assert set_roles(demo, url, code=role, klas="quasi").status_code == 202
    run_jobs()
    ready = api(demo.teacher1).get(url).json()
    assert ready["status"] == "ready", ready["error"]
    assert ready["findings"] == []
    assert api(demo.leader1).post(f"{url}accept/").status_code == 200


@pytest.mark.parametrize(
    ("column", "values", "found"),
    [
        ("contact", [f"ouder{i}@example.org" for i in range(ROWS)], "e-mail addresses"),
        ("bereikbaar", [f"06-{12345600 + i}" for i in range(ROWS)], "phone numbers"),
        ("wie", NAMES, "people's names"),
        ("wie", ["JANSEN, Jan", "de vries, emma", "Bakker N. (Noah)"], "people's names"),
        ("code", [f"{bsn[:4]}.{bsn[4:6]}.{bsn[6:]}" for bsn in bsns()], "BSNs"),
        ("leerlingnummer", [str(300_000 + i) for i in range(ROWS)], "pupil numbers"),
    ],
)
@pytest.mark.parametrize("role", ["keep", "quasi", "sensitive"])
def test_other_identifier_columns_cannot_be_kept_either(
    demo: Demo, column: str, values: list[str], found: str, role: str
) -> None:
    url = uploaded(demo, export(column, values))
    response = set_roles(demo, url, **{column: role})
    assert response.status_code == 400
    (message,) = response.json()["roles"]
    assert f"Column '{column}' holds {found}" in message


def leading_zero_bsns() -> list[str]:
    numbers = random.Random(12)
    found: list[str] = []
    while len(found) < ROWS:
        digits = f"0{numbers.randint(10_000_000, 99_999_999)}"
        if bsn_is_valid(digits):
            found.append(digits)
    return found


def test_an_xlsx_column_of_bsns_cannot_be_kept(demo: Demo) -> None:
    """Stored as numbers, as a spreadsheet does: those with a leading zero lose it."""
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["code", "klas"])
    for number, bsn in enumerate(bsns(ROWS // 4) + leading_zero_bsns()[: 3 * ROWS // 4]):
        sheet.append([int(bsn), "3A" if number % 2 else "3B"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    url = uploaded(demo, buffer.getvalue(), "export.xlsx")
    response = set_roles(demo, url, code="keep")
    assert response.status_code == 400
    assert "'code' holds BSNs" in response.json()["roles"][0]


def test_the_page_refuses_to_keep_a_column_of_bsns(demo: Demo) -> None:
    url = uploaded(demo, export("code", bsns()))
    dataset = api(demo.teacher1).get(url).json()
    page = Client(headers={"Accept-Language": "en"})
    page.force_login(demo.teacher1)
    form = {"action": "roles", "k": "5", "max_suppression": "5"}
    for index, column in enumerate(dataset["columns"]):
        form[f"role_{index}"] = "keep" if column["name"] == "code" else column["role"]
    response = page.post(f"/datasets/{dataset['id']}/", form)
    assert response.status_code == 200
    assert "Column &#x27;code&#x27; holds BSNs" in response.content.decode()
    assert api(demo.teacher1).get(url).json()["status"] == "awaiting_roles"


def remarks() -> list[str]:
    """Free text: mostly harmless, a few cells with a name, a phone number, a BSN, a date
    of birth, or the name of one of the school's own people."""
    plain = ["goed", "rustig", "meer oefenen", "prima", "vooruitgang"]
    personal = [
        "gesprek met Jan Jansen",
        "moeder bellen: 06-12345678",
        f"bsn {bsns(1)[0]} nakijken",
        "geboren 14-05-2013",
        "Bakker was erbij",  # the demo's school leader, Hendrik Bakker
    ]
    return plain * 3 + personal


def test_the_anonymised_file_is_scanned_and_findings_block_acceptance(demo: Demo) -> None:
    url = uploaded(demo, export("opmerking", remarks()))
    assert set_roles(demo, url, opmerking="keep", klas="quasi").status_code == 202
    run_jobs()
    dataset = api(demo.teacher1).get(url).json()
    assert dataset["status"] == "ready", dataset["error"]
    kinds = {row["kind"] for row in dataset["findings"] if row["column"] == "opmerking"}
    assert kinds == {"name", "phone", "bsn", "birth_date"}
    assert {row["column"] for row in dataset["findings"]} == {"opmerking"}
    refused = api(demo.leader1).post(f"{url}accept/")
    assert refused.status_code == 400
    assert "column 'opmerking'" in refused.json()["non_field_errors"][0]
    assert api(demo.teacher1).get(url).json()["status"] == "ready"
    page = Client(headers={"Accept-Language": "en"})
    page.force_login(demo.leader1)
    html = page.get(f"/datasets/{dataset['id']}/").content.decode()
    assert "Personal data still in the anonymised file" in html
    assert "dates of birth" in html
    assert 'value="accept"' not in html
    dutch = Client(headers={"Accept-Language": "nl"})
    dutch.force_login(demo.leader1)
    assert "geboortedata" in dutch.get(f"/datasets/{dataset['id']}/").content.decode()


def test_a_mixed_column_below_the_gate_is_caught_by_the_scan(demo: Demo) -> None:
    mixed = [f"ouder{i}@example.org" for i in range(4)] + ["06-12345678"] * 3 + bsns(3)
    url = uploaded(demo, export("bereik", mixed))
    assert set_roles(demo, url, bereik="keep", klas="quasi").status_code == 202
    run_jobs()
    dataset = api(demo.teacher1).get(url).json()
    kinds = {row["kind"] for row in dataset["findings"]}
    assert kinds == {"email", "phone", "bsn"}
    assert api(demo.leader1).post(f"{url}accept/").status_code == 400


def anonymise(tmp_path: Path, content: bytes, *options: str) -> subprocess.CompletedProcess[str]:
    source, out = tmp_path / "export.csv", tmp_path / "out.csv"
    source.write_bytes(content)
    return subprocess.run(
        [sys.executable, "manage.py", "anonymise", str(source), "--out", str(out), *options],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", "LANGUAGE": "en"},
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_command_refuses_to_keep_identifiers_unless_allowed(tmp_path: Path) -> None:
    content = export("code", bsns())
    refused = anonymise(tmp_path, content, "--roles", "code=keep,klas=quasi,cijfer=sensitive")
    assert refused.returncode != 0
    assert "Column 'code' holds BSNs" in refused.stderr
    assert not (tmp_path / "out.csv").exists()
    allowed = anonymise(
        tmp_path,
        content,
        "--roles",
        "code=keep,klas=quasi,cijfer=sensitive",
        "--allow-identifier",
        "code",
    )
    assert allowed.returncode == 0, allowed.stderr
    assert (tmp_path / "out.csv").exists()
