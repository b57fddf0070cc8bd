"""Generalisation hierarchies: one row per leaf value, levels left to right.

The file format is the one of the ARX benchmark files: `;`-separated, no header,
the leaf in the first column and usually `*` in the last.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .errors import HierarchyError
from .errors import gettext_noop as _

SUPPRESSED = "*"


@dataclass(frozen=True)
class Hierarchy:
    """A full-domain hierarchy; `rows[i][level]` is leaf i generalised to `level`."""

    column: str
    rows: tuple[tuple[str, ...], ...]
    _index: dict[str, int] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        _check_rows(self.column, self.rows)
        object.__setattr__(self, "_index", {row[0]: i for i, row in enumerate(self.rows)})

    @property
    def height(self) -> int:
        """The number of levels, the leaves included."""
        return len(self.rows[0])

    @property
    def max_level(self) -> int:
        return self.height - 1

    @property
    def domain_size(self) -> int:
        return len(self.rows)

    def leaves(self) -> list[str]:
        return [row[0] for row in self.rows]

    def generalise(self, value: str, level: int) -> str:
        return self.rows[self.leaf_index(value)][level]

    def leaf_index(self, value: str) -> int:
        try:
            return self._index[value]
        except KeyError:
            raise HierarchyError(
                _("Column '%(column)s': value '%(value)s' is not in its hierarchy."),
                column=self.column,
                value=value,
            ) from None


def _check_rows(column: str, rows: Sequence[Sequence[str]]) -> None:
    if not rows:
        raise HierarchyError(_("The hierarchy for column '%(column)s' is empty."), column=column)
    height = len(rows[0])
    seen: set[str] = set()
    for number, row in enumerate(rows, start=1):
        if len(row) != height:
            raise HierarchyError(
                _(
                    "Hierarchy for '%(column)s', row %(row)d: %(levels)d levels, expected "
                    "%(height)d."
                ),
                column=column,
                row=number,
                levels=len(row),
                height=height,
            )
        if row[0] in seen:
            raise HierarchyError(
                _("Hierarchy for '%(column)s', row %(row)d: '%(value)s' twice."),
                column=column,
                row=number,
                value=row[0],
            )
        seen.add(row[0])


def parse_hierarchy(column: str, text: str) -> Hierarchy:
    """Parse hierarchy CSV text (`;`-separated unless the text clearly uses `,` or tab)."""
    lines = [line for line in text.lstrip("\ufeff").splitlines() if line.strip()]
    delimiter = _hierarchy_delimiter(lines[0] if lines else "")
    reader = csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter)
    rows = tuple(tuple(cell.strip() for cell in row) for row in reader)
    return Hierarchy(column, rows)


def _hierarchy_delimiter(first_line: str) -> str:
    for delimiter in (";", "\t", ","):
        if delimiter in first_line:
            return delimiter
    return ";"


def read_hierarchy(column: str, path: str | Path) -> Hierarchy:
    """Read a hierarchy file; UTF-8 (with or without BOM) or Windows-1252."""
    raw = Path(path).read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    return parse_hierarchy(column, text)


def flat_hierarchy(column: str, values: Iterable[str]) -> Hierarchy:
    """A two-level hierarchy for categories without one: the value, then `*`."""
    return Hierarchy(column, tuple((value, SUPPRESSED) for value in sorted(set(values))))
