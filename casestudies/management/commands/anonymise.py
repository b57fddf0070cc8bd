"""`manage.py anonymise INPUT --out OUT.csv …`: the anonymisation contract of DESIGN.md."""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation

if TYPE_CHECKING:
    from casestudies.anonymisation import Hierarchy

# A file this large gets a progress bar on stderr.
_LARGE = 100_000


def environment_language() -> str:
    """The language of the command's messages, as the environment asks for it (LANGUAGE,
    LC_ALL, LC_MESSAGES, LANG, the first one set): Dutch for nl…, English otherwise."""
    for name in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        if value := os.environ.get(name, ""):
            return "nl" if value.lower().startswith("nl") else "en"
    return "en"


class Command(BaseCommand):
    # A pure file-to-file tool: it needs no database, URLs or models to be checked.
    requires_system_checks: list[str] = []
    help = (
        "Anonymise a CSV or XLSX file of pupil data: drop direct identifiers, pseudonymise, "
        "generalise quasi-identifiers to k-anonymity. The pseudonym key comes from "
        "NETWERK_PSEUDONYM_KEY."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("input", help="CSV (; , or tab) or XLSX file")
        parser.add_argument("--out", required=True, help="where to write the anonymised CSV")
        parser.add_argument("--k", type=int, default=5, help="minimum class size (default 5)")
        parser.add_argument(
            "--max-suppression",
            type=float,
            default=0.05,
            help="largest share of records that may be left out (default 0.05)",
        )
        parser.add_argument("--report", help="where to write the JSON report")
        parser.add_argument(
            "--roles", default="", help='roles to set, e.g. "Klas=quasi,Naam=direct"'
        )
        parser.add_argument(
            "--max-rows",
            type=int,
            default=2_000_000,
            help="refuse files with more data rows (default 2,000,000)",
        )
        parser.add_argument(
            "--max-megabytes",
            type=int,
            default=1024,
            help="refuse larger files (default 1024 MB)",
        )
        parser.add_argument(
            "--allow-identifier",
            action="append",
            default=[],
            metavar="COLUMN",
            help="keep or generalise COLUMN although its values are identifiers (BSN, "
            "e-mail, phone, pupil number, names); refused otherwise (repeatable)",
        )
        parser.add_argument(
            "--hierarchy",
            action="append",
            default=[],
            metavar="COL=FILE",
            help="generalisation hierarchy for a column (repeatable)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        # pandas is imported here, not at module level, so that `help` stays quick.
        from casestudies.anonymisation import AnonymisationError
        from casestudies.models.datasets import translated

        outputs = [Path(options["out"])] + ([Path(options["report"])] if options["report"] else [])
        try:
            self._run(options, outputs)
        except AnonymisationError as error:
            self._remove(outputs)
            with translation.override(environment_language()):
                message = translated(error.template, error.params)
            raise CommandError(message) from error
        except OSError as error:
            self._remove(outputs)
            raise CommandError(f"{error.filename or options['input']}: {error.strerror}") from error

    def _run(self, options: dict[str, Any], outputs: list[Path]) -> None:
        from casestudies.anonymisation import (
            InputError,
            anonymise,
            identifier_columns,
            parse_role_overrides,
            read_table,
            refused_roles,
            suggest_roles,
            write_csv,
        )

        if not 1 <= options["k"] <= 1000:
            raise InputError("--k must be a whole number from 1 to 1000.")
        if not 0 <= options["max_suppression"] < 1:
            raise InputError("--max-suppression must be at least 0 and below 1.")
        started = time.monotonic()
        self._progress(1, "reading", options["input"])
        table = read_table(
            options["input"],
            max_bytes=options["max_megabytes"] * 2**20,
            max_rows=options["max_rows"],
        )
        overrides = parse_role_overrides(options["roles"])
        roles = suggest_roles(table.frame, overrides=overrides)
        chosen = {column: suggestion.role for column, suggestion in roles.items()}
        refused = refused_roles(
            identifier_columns(table.frame), chosen, allowed=options["allow_identifier"]
        )
        if refused:
            raise refused[0].refusal()
        hierarchies = dict(self._hierarchy(spec) for spec in options["hierarchy"])
        self._progress(2, "anonymising", f"{len(table.frame):,} rows, k={options['k']}")
        bar = _Bar() if len(table.frame) >= _LARGE else None
        result = anonymise(
            table.frame,
            roles,
            key=os.environ.get("NETWERK_PSEUDONYM_KEY") or None,
            k=options["k"],
            max_suppression=options["max_suppression"],
            hierarchies=hierarchies,
            progress=bar,
        )
        if bar:
            bar.close()
        self._progress(3, "writing", str(outputs[0]))
        write_csv(result.frame, outputs[0], delimiter=table.delimiter)
        if options["report"]:
            outputs[1].write_text(json.dumps(result.report, indent=2, ensure_ascii=False) + "\n")
        report = result.report
        self.stdout.write(
            f"{report['rows_in']} rows in, {report['rows_out']} out, {report['suppressed']} "
            f"suppressed; smallest class {report['min_class_size']} (k={report['k']}); "
            f"{time.monotonic() - started:.1f} s"
        )

    def _hierarchy(self, spec: str) -> tuple[str, Hierarchy]:
        from casestudies.anonymisation import InputError, read_hierarchy

        column, separator, path = spec.partition("=")
        if not separator or not column or not path:
            raise InputError(f"--hierarchy '{spec}' is not of the form Column=FILE.")
        return column, read_hierarchy(column, path)

    def _progress(self, step: int, what: str, detail: str) -> None:
        sys.stderr.write(f"[{step}/3] {what}: {detail}\n")

    def _remove(self, outputs: list[Path]) -> None:
        for path in outputs:
            path.unlink(missing_ok=True)


class _Bar:
    """A text progress bar on stderr, redrawn in place."""

    _WIDTH = 30

    def __call__(self, fraction: float, stage: str) -> None:
        filled = round(self._WIDTH * min(max(fraction, 0.0), 1.0))
        bar = "#" * filled + "." * (self._WIDTH - filled)
        sys.stderr.write(f"\r  [{bar}] {fraction:4.0%} {stage:<16}")
        sys.stderr.flush()

    def close(self) -> None:
        sys.stderr.write("\n")
