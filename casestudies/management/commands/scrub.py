"""`manage.py scrub INPUT.md …`: replace personal data in free text by placeholders."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from casestudies.anonymisation import AnonymisationError, read_table, scrub

NAME_COLUMN_HINTS = ("naam", "name", "roepnaam", "tussenvoegsel")
PUPIL_NUMBER_HINTS = ("leerlingnummer", "leerling_nr", "llnr", "pupil", "student_id")


class Command(BaseCommand):
    # A pure file-to-file tool: it needs no database, URLs or models to be checked.
    requires_system_checks: list[str] = []
    help = (
        "Replace names, pupil numbers, BSN, e-mail, phone numbers, dates of birth, "
        "postcodes and addresses in a text by placeholders such as [naam] and [bsn]."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", help="markdown or text file (UTF-8)")
        parser.add_argument(
            "--names-from", help="CSV/XLSX whose name and pupil-number columns list what to find"
        )
        parser.add_argument(
            "--out", help="where to write the scrubbed text (default: standard output)"
        )
        parser.add_argument("--report", help="where to write the findings as JSON")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            text = Path(options["input"]).read_text(encoding="utf-8-sig")
            names, numbers = self._known(options["names_from"])
        except UnicodeDecodeError as error:
            raise CommandError(f"{options['input']} is not UTF-8 text.") from error
        except OSError as error:
            raise CommandError(f"{error.filename}: {error.strerror}") from error
        except AnonymisationError as error:
            raise CommandError(str(error)) from error
        result = scrub(text, names=names, pupil_numbers=numbers)
        if options["out"]:
            Path(options["out"]).write_text(result.text, encoding="utf-8")
        else:
            self.stdout.write(result.text, ending="")
        if options["report"]:
            findings = [asdict(finding) for finding in result.findings]
            Path(options["report"]).write_text(
                json.dumps({"findings": findings}, indent=2, ensure_ascii=False) + "\n"
            )
        sys.stderr.write(f"{len(result.findings)} replacements\n")

    def _known(self, path: str | None) -> tuple[list[str], list[str]]:
        if not path:
            return [], []
        frame = read_table(path).frame
        names: list[str] = []
        numbers: list[str] = []
        name_columns = [c for c in frame.columns if any(h in c.lower() for h in NAME_COLUMN_HINTS)]
        for column in frame.columns:
            if any(hint in column.lower() for hint in PUPIL_NUMBER_HINTS):
                numbers += [value for value in frame[column] if value]
        if name_columns:
            full = frame[name_columns].apply(lambda row: " ".join(v for v in row if v), axis=1)
            names += [value for value in full if value]
            for column in name_columns:
                names += [value for value in frame[column] if value and len(value) > 2]
        return sorted(set(names), key=len, reverse=True), sorted(set(numbers))
