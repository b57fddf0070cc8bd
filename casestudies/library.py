"""The case library of a network: published snapshots, searched and filtered.

On PostgreSQL the search is full-text with the Dutch configuration (stemming: "lezen"
finds "leesresultaten"'s stem siblings, "zittenblijvers" finds "zittenblijven"), ranked by
relevance; on SQLite every word must occur in the text.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import F, Q, QuerySet

from casestudies.models import Publication

SEARCH_CONFIG = "dutch"


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


def _full_text(rows: QuerySet[Publication], query: str, order: str) -> QuerySet[Publication]:
    vector = SearchVector("title", weight="A", config=SEARCH_CONFIG) + SearchVector(
        "search_text", weight="B", config=SEARCH_CONFIG
    )
    search = SearchQuery(query, config=SEARCH_CONFIG, search_type="websearch")
    ranked = rows.annotate(rank=SearchRank(vector, search)).filter(rank__gt=0)
    if order == "date":
        return ranked.order_by("-published_at")
    return ranked.order_by(F("rank").desc(), "-published_at")
