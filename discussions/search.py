"""Full-text matching of short texts that live in no table of their own (the map's
interventions are built from snapshots and proposals).

On PostgreSQL the texts go to the database in one query and are matched with the
project's `netwerk_dutch` configuration (Dutch stemming, accents ignored), the same as
the case library. SQLite has no Dutch stemmer: there every word of the query must occur
in the text, ignoring case and accents.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from django.db import connection

from casestudies.library import SEARCH_CONFIG

MATCHING_SQL = """
    SELECT number - 1 FROM unnest(%s::text[]) WITH ORDINALITY AS texts(body, number)
    WHERE to_tsvector(%s::regconfig, body) @@ websearch_to_tsquery(%s::regconfig, %s)
"""


def matching(texts: Sequence[str], query: str) -> set[int]:
    """The positions of the texts that match the query."""
    if not query.strip() or not texts:
        return set(range(len(texts))) if not query.strip() else set()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(MATCHING_SQL, [list(texts), SEARCH_CONFIG, SEARCH_CONFIG, query])
            return {row[0] for row in cursor.fetchall()}
    words = [_plain(word) for word in query.split()]
    return {
        index for index, text in enumerate(texts) if all(word in _plain(text) for word in words)
    }


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(char for char in decomposed if not unicodedata.combining(char))
