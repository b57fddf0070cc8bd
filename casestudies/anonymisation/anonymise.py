"""The whole anonymisation of one table: roles → pseudonyms → k-anonymity → report."""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .encoding import BoolArray, EncodedColumn, Factorised, IntArray, encode_column
from .errors import InputError
from .errors import gettext_noop as _
from .generalisation import DateMode, default_hierarchy
from .hierarchies import Hierarchy
from .kanonymity import Criteria, NodeResult, optimal_transformation
from .localrecoding import Recoding, recode_locally
from .pseudonyms import pseudonymise
from .report import LDiversityReport, Report, build_report
from .roles import Role, RoleSuggestion

Progress = Callable[[float, str], None]


@dataclass(frozen=True)
class AnonymisationResult:
    """The anonymised table and everything the report says about it."""

    frame: pd.DataFrame
    levels: dict[str, int]
    suppressed: int
    classes: int
    min_class_size: int
    loss: float
    full_domain_loss: float
    report: Report


def anonymise(
    frame: pd.DataFrame,
    roles: Mapping[str, Role | RoleSuggestion],
    *,
    key: bytes | str | None = None,
    k: int = 5,
    max_suppression: float = 0.05,
    hierarchies: Mapping[str, Hierarchy] | None = None,
    l_diversity: int | None = None,
    sensitive_column: str | None = None,
    local_recoding: bool = False,
    date_mode: DateMode = "year",
    progress: Progress | None = None,
) -> AnonymisationResult:
    """Drop direct identifiers, pseudonymise, and make the quasi-identifiers k-anonymous.

    `progress`, if given, is called with a fraction (0..1) and the stage's name.
    """
    report_progress = progress or _silent
    role_of = _roles(frame, roles)
    _check_parameters(k, max_suppression, l_diversity, sensitive_column, role_of)
    if k > len(frame):
        raise InputError(
            _("k=%(k)d is larger than the number of rows (%(rows)d)."), k=k, rows=len(frame)
        )
    report_progress(0.0, "pseudonymising")
    table = _without_direct(frame, role_of, key)
    quasi = [column for column, role in role_of.items() if role is Role.QUASI]
    given = dict(hierarchies or {})
    report_progress(0.1, "hierarchies")
    columns = [_encode(table[c], given.get(c), date_mode) for c in quasi]
    report_progress(0.2, "searching")
    criteria = Criteria(
        k=k,
        max_suppressed=math.floor(max_suppression * len(table) + 1e-9),
        l_diversity=l_diversity,
        sensitive=_sensitive_codes(table, sensitive_column) if l_diversity else None,
    )
    outcome = _transform(columns, criteria, len(table), local_recoding, report_progress)
    report_progress(0.9, "publishing")
    published = _publish(table, columns, outcome)
    l_report = (
        LDiversityReport(column=sensitive_column, l=l_diversity)
        if (l_diversity and sensitive_column)
        else None
    )
    result = _result(
        frame, published, role_of, roles, columns, outcome, criteria, max_suppression, l_report
    )
    report_progress(1.0, "done")
    return result


def _silent(fraction: float, stage: str) -> None:
    """The default progress callback: nobody is watching."""


def _encode(values: pd.Series, given: Hierarchy | None, date_mode: DateMode) -> EncodedColumn:
    """The column coded against its hierarchy: the given one, or the built-in one that
    is built from the column's distinct values."""
    factorised = Factorised.of(values)
    hierarchy = given or default_hierarchy(
        str(values.name), factorised.uniques, date_mode=date_mode
    )
    return encode_column(factorised, hierarchy)


def _roles(frame: pd.DataFrame, roles: Mapping[str, Role | RoleSuggestion]) -> dict[str, Role]:
    missing = [str(column) for column in frame.columns if column not in roles]
    if missing:
        raise InputError(_("Column '%(column)s' has no role."), column=str(missing[0]))
    return {str(column): _role(roles[column]) for column in frame.columns}


def _role(value: Role | RoleSuggestion) -> Role:
    return value.role if isinstance(value, RoleSuggestion) else Role(value)


def _check_parameters(
    k: int,
    max_suppression: float,
    l_diversity: int | None,
    sensitive_column: str | None,
    roles: Mapping[str, Role],
) -> None:
    if k < 2:
        raise InputError(_("k must be at least 2 (got %(k)s)."), k=k)
    if not 0 <= max_suppression < 1:
        raise InputError(
            _("The suppression limit must be between 0 and 1 (got %(limit)s)."),
            limit=max_suppression,
        )
    if l_diversity is not None:
        if l_diversity < 2:
            raise InputError(_("l must be at least 2 (got %(l)s)."), l=l_diversity)
        if sensitive_column is None or roles.get(sensitive_column) is not Role.SENSITIVE:
            raise InputError(
                _("l-diversity needs a sensitive column (got '%(column)s')."),
                column=str(sensitive_column),
            )


def _without_direct(
    frame: pd.DataFrame, roles: Mapping[str, Role], key: bytes | str | None
) -> pd.DataFrame:
    kept = {c: frame[c] for c in frame.columns if roles[str(c)] is not Role.DIRECT}
    for column, values in kept.items():
        if roles[str(column)] is Role.PSEUDONYM:
            if key is None:
                raise InputError(
                    _("Column '%(column)s' is to be pseudonymised, but no key was given."),
                    column=column,
                )
            kept[column] = pseudonymise(values, key)
    return pd.DataFrame(kept, copy=False).reset_index(drop=True)


def _sensitive_codes(table: pd.DataFrame, column: str | None) -> IntArray:
    assert column is not None
    return np.asarray(pd.factorize(table[column].astype(str))[0], dtype=np.int64)


@dataclass(frozen=True)
class _Outcome:
    levels: IntArray  # records x quasi-identifiers
    suppressed: BoolArray
    loss: float
    full_domain: NodeResult | None


def _transform(
    columns: list[EncodedColumn], criteria: Criteria, rows: int, local: bool, progress: Progress
) -> _Outcome:
    if not columns:
        return _Outcome(np.zeros((rows, 0), dtype=np.int64), np.zeros(rows, bool), 0.0, None)
    best, _stats = optimal_transformation(
        columns, criteria, progress=lambda done: progress(0.2 + 0.6 * done, "searching")
    )
    levels = np.tile(np.array(best.levels, dtype=np.int64), (rows, 1))
    if not local:
        return _Outcome(levels, best.suppressed, best.loss, best)
    recoding: Recoding = recode_locally(columns, best, criteria)
    return _Outcome(recoding.levels, recoding.suppressed, recoding.loss, best)


def _publish(table: pd.DataFrame, columns: list[EncodedColumn], outcome: _Outcome) -> pd.DataFrame:
    """The kept records, each quasi-identifier generalised by a gather from its labels."""
    kept = np.flatnonzero(~outcome.suppressed)
    generalised = {
        column.name: _generalised(column, outcome.levels[kept, position], kept)
        for position, column in enumerate(columns)
    }
    published = {
        name: pd.Series(
            generalised[name] if name in generalised else table[name].to_numpy()[kept],
            dtype=table[name].dtype if name not in generalised else object,
            copy=False,
        )
        for name in table.columns
    }
    return pd.DataFrame(published, columns=table.columns, copy=False)


def _generalised(column: EncodedColumn, levels: IntArray, kept: IntArray) -> np.ndarray:
    labels = np.array(column.hierarchy.rows, dtype=object)
    leaves = column.leaf[kept]
    if len(levels) and bool((levels == levels[0]).all()):
        return np.asarray(labels[:, int(levels[0])][leaves])
    return np.asarray(labels[leaves, levels])


def class_sizes(published: pd.DataFrame, quasi: list[str]) -> list[int]:
    """Sizes of the equivalence classes of a published table."""
    if not quasi:
        return [len(published)] if len(published) else []
    return [int(size) for size in published.groupby(quasi, sort=False).size()]


def _full_domain_sizes(node: NodeResult) -> list[int]:
    counts = np.bincount(node.classes[~node.suppressed])
    return [int(size) for size in counts[counts > 0]]


def _result(
    original: pd.DataFrame,
    published: pd.DataFrame,
    roles: Mapping[str, Role],
    given: Mapping[str, Role | RoleSuggestion],
    columns: list[EncodedColumn],
    outcome: _Outcome,
    criteria: Criteria,
    max_suppression: float,
    l_report: LDiversityReport | None,
) -> AnonymisationResult:
    quasi = [column.name for column in columns]
    full = outcome.full_domain
    sizes = (
        _full_domain_sizes(full)
        if full is not None and outcome.loss >= full.loss
        else class_sizes(published, quasi)
    )
    levels = {c.name: int(full.levels[i]) for i, c in enumerate(columns)} if full else {}
    report = build_report(
        rows_in=len(original),
        rows_out=len(published),
        k=criteria.k,
        max_suppression=max_suppression,
        roles={column: role.value for column, role in roles.items()},
        reasons={c: r.reason for c, r in given.items() if isinstance(r, RoleSuggestion)},
        levels=levels,
        max_levels={column.name: column.max_level for column in columns},
        class_sizes=sizes,
        loss=outcome.loss,
        full_domain_loss=full.loss if full else 0.0,
        local_recoding=full is not None and outcome.loss < full.loss,
        l_diversity=l_report,
    )
    return AnonymisationResult(
        frame=published,
        levels=levels,
        suppressed=len(original) - len(published),
        classes=len(sizes),
        min_class_size=min(sizes, default=0),
        loss=outcome.loss,
        full_domain_loss=full.loss if full else 0.0,
        report=report,
    )
