"""The case library of a network: published snapshots, searched and filtered.

On PostgreSQL the search is full-text with the Dutch configuration (stemming: "lezen"
finds "leesresultaten"'s stem siblings, "zittenblijvers" finds "zittenblijven") with
accents ignored ("zoë" finds "Zoe"), ranked by relevance. It matches with `@@` against
`search_vector`, a column PostgreSQL generates and indexes (GIN) itself (migration
casestudies 0007), so only the matching rows are read, and ranks the newest 1,000 of them
(`SEARCH_WINDOW`). On SQLite every word must occur in the text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVectorField
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Expression, F, Q, QuerySet
from django.db.models.fields.json import KT
from django.db.models.sql.compiler import SQLCompiler

from casestudies.models import Publication

SEARCH_CONFIG = "netwerk_dutch"
# A search ranks the newest this many matches (and lists and counts no more): a word in
# half of a 50,000-case library would otherwise have every match's vector read and ranked
# (and counted) for each page, ~200 ms, where the newest thousand take a few ms.
SEARCH_WINDOW = 1000


class SearchVectorColumn(Expression):
    """The publication table's generated `search_vector` column, which the model does not
    declare: the ORM must never write it, nor load it with every row."""

    def __init__(self) -> None:
        super().__init__(output_field=SearchVectorField())

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper
    ) -> tuple[str, tuple[str | int, ...]]:
        table = compiler.quote_name_unless_alias(compiler.query.get_initial_alias())
        no_params: Any = []  # a list, as Django's own columns give: lookups append to it
        return f"{table}.search_vector", no_params


@dataclass(frozen=True)
class LibraryFilters:
    query: str = ""
    theme: str = ""
    sector: str = ""
    template: str = ""
    min_step: int | None = None
    goal_reached: bool | None = None
    order: str = "relevance"

    @classmethod
    def from_query(cls, params: Mapping[str, Any]) -> LibraryFilters:
        """The filters from the library page's form or the API's query, which name their
        fields alike; only the page offers `step` and `reached`."""
        return cls(
            query=params["q"],
            theme=params["theme"],
            sector=params["sector"],
            template=params["template"],
            min_step=params.get("step"),
            goal_reached={"yes": True, "no": False}.get(params.get("reached", "")),
            order=params["order"] or "relevance",
        )


def search_library(
    publications: QuerySet[Publication], filters: LibraryFilters
) -> QuerySet[Publication]:
    rows = publications
    if filters.theme:
        rows = rows.filter(theme=filters.theme)
    if filters.sector:
        rows = rows.filter(sector=filters.sector)
    if filters.template:
        rows = rows.filter(template=filters.template)
    if filters.min_step:
        rows = rows.filter(furthest_step__gte=filters.min_step)
    if filters.goal_reached is not None:
        rows = rows.filter(goal_reached=filters.goal_reached)
    query = filters.query.strip()
    if not query:
        return rows.order_by("-published_at")
    if connection.vendor == "postgresql":
        return _full_text(rows, query, filters.order)
    words = Q()
    for word in query.split():
        words &= Q(search_text__icontains=word) | Q(title__icontains=word)
    return rows.filter(words).order_by("-published_at")


def goal_descriptions(publications: Iterable[Publication]) -> dict[int, str]:
    """The goal of each of these publications (one page of results), read from their
    snapshots in one query so that the result list itself never loads a snapshot."""
    rows = Publication.objects.filter(pk__in=[p.pk for p in publications]).values_list(
        "pk", KT("snapshot__goal__description")
    )
    return {pk: goal or "" for pk, goal in rows}


def _full_text(rows: QuerySet[Publication], query: str, order: str) -> QuerySet[Publication]:
    search = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    matches = rows.alias(vector=SearchVectorColumn()).filter(vector=search)
    newest = matches.order_by("-published_at").values("pk")[:SEARCH_WINDOW]
    matched = rows.filter(pk__in=newest)
    if order == "date":
        return matched.order_by("-published_at")
    ranked = matched.annotate(rank=SearchRank(SearchVectorColumn(), search))
    return ranked.order_by(F("rank").desc(), "-published_at")
