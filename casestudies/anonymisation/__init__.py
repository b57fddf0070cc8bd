"""Anonymisation of pupil data before anything leaves a school.

A pure package: DataFrames and strings in, DataFrames and strings out. It imports no
Django and reads no settings; keys and thresholds arrive as parameters.

Public API (what a management command or service calls)::

    table = read_table(path, max_bytes=50 * 2**20, max_rows=1_000_000)  # -> Table
    # table.frame (all cells str), table.delimiter, table.encoding, table.file_format

    suggestions = suggest_roles(table.frame, identifier_role=Role.DIRECT)
    # -> {column: RoleSuggestion(column, role, reason)}
    roles = apply_overrides(suggestions, parse_role_overrides("Klas=keep,Naam=direct"))

    hierarchies = {"Niveau": read_hierarchy("Niveau", "niveau.csv")}  # Col=FILE

    result = anonymise(
        table.frame, roles, key=school_key, k=5, max_suppression=0.05,
        hierarchies=hierarchies, l_diversity=None, sensitive_column=None,
        local_recoding=False,
    )  # -> AnonymisationResult(frame, levels, suppressed, classes, min_class_size,
       #                        loss, full_domain_loss, report)
    write_csv(result.frame, out_path, delimiter=table.delimiter)  # atomic, UTF-8
    json.dump(result.report, report_file)  # Report is a JSON-able TypedDict

    scrubbed = scrub(text, names=["Jan de Vries"], pupil_numbers=["123456"])
    # -> ScrubResult(text, findings=[Finding(kind, start, end, original, replacement)])

    published = suppress_small_cells(counts, threshold=5)  # -> SuppressedTable

Every error is an `AnonymisationError` (`InputError`, `HierarchyError`,
`NotAnonymisableError`) with a message naming the row, cell or column at fault.
"""

from __future__ import annotations

from .aggregates import SuppressedTable, suppress_small_cells
from .anonymise import AnonymisationResult, anonymise, class_sizes
from .errors import AnonymisationError, HierarchyError, InputError, NotAnonymisableError
from .generalisation import (
    date_hierarchy,
    default_hierarchy,
    number_hierarchy,
    postcode_hierarchy,
)
from .hierarchies import Hierarchy, flat_hierarchy, parse_hierarchy, read_hierarchy
from .identifiers import IdentifierColumn, identifier_columns, refused_roles, scan_output
from .pseudonyms import pseudonym, pseudonymise
from .reading import Table, read_bytes, read_stream, read_table, to_csv_text, write_csv
from .report import Report
from .roles import Role, RoleSuggestion, apply_overrides, parse_role_overrides, suggest_roles
from .scrubbing.core import Finding, ScrubResult, scrub
from .scrubbing.singling_out import Concern, singling_out

__all__ = [
    "AnonymisationError",
    "AnonymisationResult",
    "Concern",
    "Finding",
    "Hierarchy",
    "HierarchyError",
    "IdentifierColumn",
    "InputError",
    "NotAnonymisableError",
    "Report",
    "Role",
    "RoleSuggestion",
    "ScrubResult",
    "SuppressedTable",
    "Table",
    "anonymise",
    "apply_overrides",
    "class_sizes",
    "date_hierarchy",
    "default_hierarchy",
    "flat_hierarchy",
    "identifier_columns",
    "number_hierarchy",
    "parse_hierarchy",
    "parse_role_overrides",
    "postcode_hierarchy",
    "pseudonym",
    "pseudonymise",
    "read_bytes",
    "read_hierarchy",
    "read_stream",
    "read_table",
    "refused_roles",
    "scan_output",
    "scrub",
    "singling_out",
    "suggest_roles",
    "suppress_small_cells",
    "to_csv_text",
    "write_csv",
]
