"""The case library at scale: the indexed search, accents, rows loaded without the
application, a constant number of queries per page, and the paginated page."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from casestudies import access
from casestudies.library import LibraryFilters, search_library
from casestudies.models import CaseStudy, Publication
from netwerk.models import LearningNetwork
from tests.conftest import Demo, client_for


def publish_rows(
    demo: Demo,
    count: int,
    *,
    title: str = "Rekenen in groep 5",
    text: str = "",
    networks: list[LearningNetwork] | None = None,
) -> list[Publication]:
    """Publications written straight to the tables, each the only version of its case,
    as a bulk load or a restore would leave them."""
    cases = CaseStudy.objects.bulk_create(
        CaseStudy(
            datateam=demo.team1,
            template="five_steps",
            title=title,
            theme="other",
            sector=demo.school1.sector,
        )
        for _ in range(count)
    )
    publications = Publication.objects.bulk_create(
        Publication(
            case=case,
            version=1,
            school_label="Utrecht",
            title=title,
            theme="other",
            sector=demo.school1.sector,
            template="five_steps",
            furthest_step=1,
            snapshot={"goal": {"description": f"Doel {number}"}, "steps": []},
            search_text=text,
        )
        for number, case in enumerate(cases)
    )
    through = Publication.networks.through
    through.objects.bulk_create(
        through(publication=publication, learningnetwork=network)
        for publication in publications
        for network in networks or [demo.network_a]
    )
    return publications


def found(demo: Demo, query: str) -> list[int]:
    visible = access.publications_visible_to(demo.teacher2)
    return [p.pk for p in search_library(visible, LibraryFilters(query=query))]


def api(demo: Demo) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_authenticate(demo.teacher2)
    return client


@pytest.mark.integration
def test_the_search_matches_through_the_gin_index_on_postgresql(postgres, demo: Demo):
    publish_rows(demo, 3, text="Begrijpend lezen in groep 6")
    publish_rows(demo, 400, text="Rekenen in groep 5")
    with connection.cursor() as cursor:
        # as autovacuum would: new entries wait in the index's pending list until then
        cursor.execute("SELECT gin_clean_pending_list('publication_search'::regclass)")
        cursor.execute("ANALYZE casestudies_publication")
    visible = access.publications_visible_to(demo.teacher2)
    plan = search_library(visible, LibraryFilters(query="lezen")).explain()
    assert "@@" in plan
    assert "publication_search" in plan


@pytest.mark.integration
@pytest.mark.parametrize(
    ("text", "query"),
    [("De aanpak van Zoe", "zoë"), ("De aanpak van Zoë", "Zoe"), ("de coördinator", "coordinator")],
)
def test_accents_do_not_matter_to_the_search(postgres, demo: Demo, text: str, query: str):
    [publication] = publish_rows(demo, 1, text=text)
    assert found(demo, query) == [publication.pk]


@pytest.mark.integration
def test_a_row_inserted_without_the_application_is_searchable(postgres, demo: Demo):
    case = CaseStudy.objects.create(
        datateam=demo.team1, template="five_steps", title="X", theme="other", sector="vo"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO casestudies_publication (case_id, version, school_label, names_school,"
            " title, theme, sector, template, furthest_step, snapshot, search_text, published_at)"
            " VALUES (%s, 1, 'Utrecht', false, 'Teruggezet', 'other', 'vo', 'five_steps', 1,"
            " '{}', 'Het leesplan van de bovenbouw', now()) RETURNING id",
            [case.pk],
        )
        (pk,) = cursor.fetchone()
        cursor.execute(
            "INSERT INTO casestudies_publication_networks (publication_id, learningnetwork_id)"
            " VALUES (%s, %s)",
            [pk, demo.network_a.pk],
        )
    assert found(demo, "leesplan") == [pk]
    assert found(demo, "teruggezet") == [pk]


def test_the_library_api_needs_the_same_queries_for_3_or_30_rows(demo: Demo):
    client = api(demo)
    counts = []
    for rows in (3, 27):
        publish_rows(demo, rows, text="Begrijpend lezen")
        client.get("/api/publications/", {"q": "lezen"})
        for params in ({"q": "lezen"}, {}):
            with CaptureQueriesContext(connection) as captured:
                response = client.get("/api/publications/", params)
            assert response.status_code == 200
            counts.append(len(captured.captured_queries))
    assert counts[:2] == counts[2:]
    assert max(counts) <= 10


def test_the_library_page_needs_the_same_queries_for_3_or_30_rows(demo: Demo):
    client = client_for(demo.teacher2)
    url = f"/netwerken/{demo.network_a.pk}/bibliotheek/"
    counts = []
    for rows in (3, 27):
        publish_rows(demo, rows)
        client.get(url)
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        counts.append(len(captured.captured_queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 10


def test_library_items_leave_the_snapshot_to_the_publication_itself(demo: Demo):
    [publication] = publish_rows(demo, 1, title="Rekenen in groep 7")
    client = api(demo)
    [item] = client.get("/api/publications/", {"q": "groep 7"}).json()["results"]
    assert item["id"] == publication.pk
    assert item["networks"] == [demo.network_a.pk]
    assert "snapshot" not in item
    detail = client.get(f"/api/publications/{publication.pk}/").json()
    assert detail["snapshot"]["goal"]["description"] == "Doel 0"


def test_the_library_page_comes_in_pages_that_keep_the_filters(demo: Demo):
    publish_rows(demo, 25, title="Tafels oefenen")
    client = client_for(demo.teacher2)
    url = f"/netwerken/{demo.network_a.pk}/bibliotheek/"
    first = client.get(url, {"q": "tafels"}).content.decode()
    assert first.count("<article") == 20
    assert "Doel " in first  # each result's goal, from its snapshot
    assert 'href="?q=tafels&amp;pagina=2" rel="next"' in first
    second = client.get(url, {"q": "tafels", "pagina": "2"}).content.decode()
    assert second.count("<article") == 5
    assert 'rel="prev"' in second


def test_a_publication_in_two_of_the_readers_networks_is_listed_once(demo: Demo):
    demo.network_b.coordinators.add(demo.teacher2)
    [publication] = publish_rows(
        demo, 1, title="Twee netwerken", networks=[demo.network_a, demo.network_b]
    )
    assert found(demo, "Twee netwerken") == [publication.pk]
    assert list(access.publications_visible_to(demo.teacher2)).count(publication) == 1
    assert access.publication_for_member(demo.teacher2, publication.pk) == publication


def test_only_the_newest_shown_version_of_a_case_is_listed(demo: Demo):
    [first] = publish_rows(demo, 1, title="Versies")
    second = Publication.objects.create(
        **{
            f.name: getattr(first, f.name)
            for f in Publication._meta.concrete_fields
            if f.name not in ("id", "version", "published_at")
        },
        version=2,
    )
    second.networks.set([demo.network_a])
    assert found(demo, "versies") == [second.pk]
    Publication.objects.filter(pk=second.pk).update(withdrawn_at=second.published_at)
    assert found(demo, "versies") == [first.pk]
    Publication.objects.filter(pk=first.pk).update(withdrawn_at=second.published_at)
    assert found(demo, "versies") == []


def test_the_library_api_counts_every_result_and_refuses_a_page_past_the_end(demo: Demo):
    publish_rows(demo, 55, title="Tafels oefenen")
    client = api(demo)
    second = client.get("/api/publications/", {"q": "tafels", "page": "2"}).json()
    assert second["count"] == 55
    assert len(second["results"]) == 5
    assert second["previous"] is not None
    assert second["next"] is None
    assert client.get("/api/publications/", {"q": "tafels", "page": "3"}).status_code == 404
    assert client.get("/api/publications/", {"q": "xylofoon"}).json()["count"] == 0
    page = client_for(demo.teacher2).get(
        f"/netwerken/{demo.network_a.pk}/bibliotheek/", {"q": "tafels", "pagina": "x"}
    )
    assert page.content.decode().count("<article") == 20


@pytest.mark.integration
def test_a_broad_search_ranks_only_the_newest_matches(postgres, demo: Demo, monkeypatch):
    from casestudies import library

    monkeypatch.setattr(library, "SEARCH_WINDOW", 3)
    old = publish_rows(demo, 2, title="Begrijpend lezen", text="lezen lezen lezen")
    new = publish_rows(demo, 3, text="Ook iets over lezen")
    shown = found(demo, "lezen")
    assert sorted(shown) == sorted(p.pk for p in new)
    assert not set(shown) & {p.pk for p in old}
    response = api(demo).get("/api/publications/", {"q": "lezen"})
    assert response.json()["count"] == 3
