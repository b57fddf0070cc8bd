"""The anonymise and scrub commands, as DESIGN.md's contract describes them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
KEY = "school-secret-key-0123456789"
FIRST = ["Jan", "Sanne", "Noah", "Emma", "Liam", "Julia", "Daan", "Tess"]
LAST = ["Jansen", "de Vries", "Bakker", "Visser", "Smit", "Meijer"]


def manage(*args: str, key: str | None = KEY) -> subprocess.CompletedProcess[str]:
    env = {"PATH": "/usr/bin:/bin"} | ({"NETWERK_PSEUDONYM_KEY": key} if key else {})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.fixture
def pupils(tmp_path: Path) -> Path:
    rows = ["leerlingnummer;voornaam;achternaam;geboortedatum;geslacht;klas;cijfer"]
    for i in range(240):
        rows.append(
            f"{200000 + i};{FIRST[i % 8]};{LAST[i % 6]};{1 + i % 28:02d}-{1 + i % 12:02d}-"
            f"{2010 + i % 3};{'MV'[i % 2]};{['3A', '3B', '4A'][i % 3]};{5 + i % 5},{i % 10}"
        )
    path = tmp_path / "leerlingen.csv"
    path.write_bytes(("\n".join(rows) + "\n").encode("cp1252"))
    return path


def test_anonymise_drops_names_pseudonymises_and_reports(pupils: Path, tmp_path: Path):
    out, report = tmp_path / "out.csv", tmp_path / "report.json"
    result = manage(
        "anonymise",
        str(pupils),
        "--out",
        str(out),
        "--report",
        str(report),
        "--roles",
        "leerlingnummer=pseudonym",
        "--k",
        "5",
    )
    assert result.returncode == 0, result.stderr
    header, *rows = out.read_text(encoding="utf-8").splitlines()
    assert header.split(";") == ["leerlingnummer", "geboortedatum", "geslacht", "klas", "cijfer"]
    assert "200000" not in out.read_text()
    data = json.loads(report.read_text())
    assert data["roles"]["voornaam"] == "direct"
    assert data["rows_in"] == 240
    assert data["rows_out"] == len(rows) == 240 - data["suppressed"]
    assert data["min_class_size"] >= 5
    assert set(data) >= {
        "rows_in",
        "rows_out",
        "suppressed",
        "k",
        "roles",
        "generalised",
        "min_class_size",
    }


def test_anonymise_refuses_ragged_rows_and_leaves_no_output(tmp_path: Path):
    bad = tmp_path / "bad.csv"
    bad.write_text("a;b;c\n1;2;3\n4;5\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = manage("anonymise", str(bad), "--out", str(out))
    assert result.returncode != 0
    assert "row" in result.stderr.lower()
    assert not out.exists()


def test_anonymise_refuses_pseudonyms_without_a_key(pupils: Path, tmp_path: Path):
    out = tmp_path / "out.csv"
    result = manage(
        "anonymise",
        str(pupils),
        "--out",
        str(out),
        "--roles",
        "leerlingnummer=pseudonym",
        key=None,
    )
    assert result.returncode != 0
    assert "key" in result.stderr.lower()
    assert not out.exists()


def test_scrub_replaces_personal_data_with_placeholders(pupils: Path, tmp_path: Path):
    note = tmp_path / "note.md"
    note.write_text(
        "## Gesprek\n\nMet **Sanne Bakker** (leerlingnummer 200001) besproken; "
        "mail sanne@example.nl of bel 06-12345678.\n",
        encoding="utf-8",
    )
    out, report = tmp_path / "clean.md", tmp_path / "findings.json"
    result = manage(
        "scrub",
        str(note),
        "--names-from",
        str(pupils),
        "--out",
        str(out),
        "--report",
        str(report),
    )
    assert result.returncode == 0, result.stderr
    text = out.read_text()
    assert text.startswith("## Gesprek")
    assert "**[naam]" in text
    for secret in ("Sanne", "Bakker", "200001", "sanne@example.nl", "06-12345678"):
        assert secret not in text
    kinds = {finding["kind"] for finding in json.loads(report.read_text())["findings"]}
    assert len(kinds) >= 3


def test_anonymise_refuses_k_larger_than_the_file_and_leaves_no_output(tmp_path: Path):
    source = tmp_path / "small.csv"
    source.write_text("geslacht;klas\nM;1A\nV;1B\nM;1A\n", encoding="utf-8")
    out = tmp_path / "out.csv"
    result = manage("anonymise", str(source), "--out", str(out), "--k", "5")
    assert result.returncode != 0
    assert "larger than the number of rows (3)" in result.stderr
    assert not out.exists()


def test_anonymise_names_the_cell_with_bytes_that_are_not_utf8(tmp_path: Path):
    source = tmp_path / "mixed.csv"
    source.write_bytes("voornaam;woonplaats\nZoë;Utrecht\n".encode() + b"Jo\xebl;Zeist\n")
    out = tmp_path / "out.csv"
    result = manage("anonymise", str(source), "--out", str(out))
    assert result.returncode != 0
    assert "Row 3, column 'voornaam'" in result.stderr
    assert not out.exists()


def test_anonymise_publishes_unique_quasi_identifiers_only_generalised_or_suppressed(
    tmp_path: Path,
):
    rows = ["geslacht;klas;plaats"] + [f"{'MV'[i % 2]};1A;Stad{i}" for i in range(40)]
    source = tmp_path / "unique.csv"
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out, report = tmp_path / "out.csv", tmp_path / "report.json"
    result = manage(
        "anonymise", str(source), "--out", str(out), "--report", str(report),
        "--roles", "plaats=quasi",
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(report.read_text())
    assert data["generalised"]["plaats"] == data["max_levels"]["plaats"]
    assert "Stad1" not in out.read_text()
    assert data["min_class_size"] >= 5
