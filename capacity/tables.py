"""The shape of a dashboard: tables with their charts and notes, as shown on pages, in
JSON and in exports; and the ledger counts they are made of."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from django.db.models import Count, QuerySet

from capacity.exports import ExportFile, export_tables
from capacity.models import Contribution
from capacity.periods import Filters


@dataclass
class DashboardTable:
    """One table as shown and exported: a header row and rows of cells."""

    key: str
    title: str
    frame: pd.DataFrame
    chart: str = ""
    note: str = ""

    @property
    def columns(self) -> list[str]:
        return [str(column) for column in self.frame.columns]

    @property
    def rows(self) -> list[list[object]]:
        """Plain Python cells (ints, floats, text) for templates, JSON and exports."""
        return [[plain_cell(cell) for cell in row] for row in self.frame.itertuples(index=False)]


@dataclass
class Dashboard:
    filters: Filters
    tables: list[DashboardTable] = field(default_factory=list)

    def table(self, key: str) -> DashboardTable:
        return next(table for table in self.tables if table.key == key)

    def export(self, *, fmt: str, key: str, stem: str) -> ExportFile | None:
        tables = [(table.key, table.title, table.frame) for table in self.tables]
        return export_tables(tables, fmt=fmt, key=key, stem=stem)


def plain_cell(cell: object) -> object:
    if isinstance(cell, np.generic):
        return cell.item()
    if cell is None or (isinstance(cell, float) and np.isnan(cell)):
        return ""
    return cell


def per_day(contributions: QuerySet[Contribution], *fields: str) -> pd.DataFrame:
    """Counts per day (and fields) as columns `month`, fields, `n`. Grouping on the plain
    date, not a truncated one: PostgreSQL then reads the covering index alone, and pandas
    folds the days into months."""
    rows = contributions.values_list("occurred_on", *fields).annotate(n=Count("*")).order_by()
    return pd.DataFrame.from_records(list(rows), columns=["month", *fields, "n"])


def with_label_column(table: pd.DataFrame, label: str) -> pd.DataFrame:
    frame = table.copy()
    frame.insert(0, label, [str(index) for index in frame.index])
    return frame.reset_index(drop=True)
