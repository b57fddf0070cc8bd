"""Query strings no form of ours sends: a NUL byte in a search, page numbers of twenty-five
digits, dates from the year 1 to 9999, nonsense filters. Every page and API answer that a
person can reach by GET takes them without a server error (a NUL once reached PostgreSQL
from the schools' search and came back as a 500)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from django.urls import URLPattern, URLResolver, get_resolver

from tests.conftest import Demo, client_for

ODD = [
    {"q": "\x00"},
    {"pagina": "9" * 25, "page": "-1"},
    {"van": "0001-01-01", "tot": "9999-12-31"},
    {"schooljaar": "9" * 12, "sector": "zzz"},
    {"limit": "-5", "offset": "x", "sort": "__class__"},
]
ID = re.compile(r"<int:(\w+)>")


def routes(resolver: URLResolver, prefix: str = "") -> Iterator[str]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            yield from routes(pattern, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            yield prefix + str(pattern.pattern)


def addresses(ids: dict[str, int]) -> list[str]:
    """Every route without regular expressions or other placeholders, its ids filled in."""
    found = []
    for route in routes(get_resolver()):
        if route.startswith("admin/") or "^" in route or "(" in route:
            continue
        filled = ID.sub(lambda match: str(ids.get(match.group(1), 1)), route)
        if "<" not in filled:
            found.append("/" + filled)
    return found


def test_odd_query_strings_never_make_a_server_error(demo: Demo):
    ids = {"network_pk": demo.network_a.pk, "school_pk": demo.school1.pk}
    failures = []
    paths = addresses(ids)
    assert len(paths) > 50  # the routes were found
    for person in (demo.coordinator, demo.leader1):
        client = client_for(person)
        for path in paths:
            for query in ODD:
                status = client.get(path, query).status_code
                if status >= 500:
                    failures.append((person.username, path, query, status))
    assert failures == []
