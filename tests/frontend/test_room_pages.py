"""The room pages: who sees which room, and a page that loads only our own script."""

from __future__ import annotations

import datetime
import re

from discussions import services
from tests.conftest import Demo, client_for


def open_room(demo: Demo, title: str = "Zittenblijven in havo 4"):
    return services.open_theme_room(network=demo.network_a, person=demo.coordinator, title=title)


def test_members_see_their_networks_rooms_in_the_list_and_on_the_network_page(demo: Demo):
    room = open_room(demo)
    page = client_for(demo.teacher1).get("/ruimtes/", HTTP_ACCEPT_LANGUAGE="en")
    assert room.title in page.text
    network_page = client_for(demo.teacher2).get(f"/netwerken/{demo.network_a.pk}/")
    assert f"/ruimtes/{room.pk}/" in network_page.text
    assert room.title not in client_for(demo.outsider).get("/ruimtes/").text


def test_the_room_page_is_only_for_members_and_runs_no_inline_script(demo: Demo):
    room = open_room(demo)
    assert client_for(demo.outsider).get(f"/ruimtes/{room.pk}/").status_code == 404
    assert client_for(None).get(f"/ruimtes/{room.pk}/").status_code == 302
    page = client_for(demo.teacher1).get(f"/ruimtes/{room.pk}/", HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert f'data-socket-path="/ws/rooms/{room.pk}/"' in page.text
    scripts = re.findall(r"<script[^>]*>", page.text)
    assert scripts == ['<script type="module" src="/static/frontend/js/room.js">']
    assert "script-src 'self'" in page["Content-Security-Policy"]


def test_a_coordinator_opens_a_theme_room_from_the_list(demo: Demo):
    client = client_for(demo.coordinator)
    response = client.post("/ruimtes/", {"network": demo.network_a.pk, "title": "Welbevinden"})
    assert response.status_code == 302
    assert "Welbevinden" in client.get(response["Location"]).text
    teacher = client_for(demo.teacher1)
    refused = teacher.post("/ruimtes/", {"network": demo.network_a.pk, "title": "Nee"})
    assert refused.status_code == 404


def test_only_a_coordinator_gets_the_controls_to_close_archive_and_reopen(demo: Demo):
    room = open_room(demo)
    coordinator = client_for(demo.coordinator).get(f"/ruimtes/{room.pk}/").text
    assert f'data-url="/api/rooms/{room.pk}/close/"' in coordinator
    assert f'data-url="/api/rooms/{room.pk}/reopen/"' in coordinator
    teacher = client_for(demo.teacher1).get(f"/ruimtes/{room.pk}/").text
    assert 'id="room-close"' not in teacher
    assert f'data-members-url="/api/rooms/{room.pk}/members/"' in teacher


def test_archived_rooms_are_listed_apart_for_every_member_and_can_still_be_read(demo: Demo):
    open_room(demo, "Welbevinden")
    archived = services.archive_room(room=open_room(demo, "Zittenblijven in havo 4"))
    for person in (demo.teacher1, demo.coordinator):
        page = client_for(person).get("/ruimtes/", HTTP_ACCEPT_LANGUAGE="en").text
        current, _, archive = page.partition('id="h-archived"')
        assert "Welbevinden" in current
        assert archived.title not in current
        assert "Archived rooms" in archive
        assert f'href="/ruimtes/{archived.pk}/"' in archive
        assert "Welbevinden" not in archive
        assert client_for(person).get(f"/ruimtes/{archived.pk}/").status_code == 200
    dutch = client_for(demo.teacher1).get("/ruimtes/", HTTP_ACCEPT_LANGUAGE="nl").text
    assert "Gearchiveerde ruimtes" in dutch
    assert archived.title not in client_for(demo.outsider).get("/ruimtes/").text


def test_no_archived_section_without_archived_rooms(demo: Demo):
    open_room(demo)
    assert 'id="h-archived"' not in client_for(demo.teacher1).get("/ruimtes/").text


def test_a_held_draft_is_drawn_for_its_author_only(demo: Demo, settings):
    room = open_room(demo)
    services.post_message(
        room=room, author=demo.teacher1, client_id="d1", body="Mail emma.bakker@gmail.com"
    )
    own = client_for(demo.teacher1).get(f"/ruimtes/{room.pk}/").text
    assert 'data-client-id="d1"' in own
    assert 'data-findings="email"' in own
    assert "Mail emma.bakker@gmail.com" in own
    other = client_for(demo.teacher2).get(f"/ruimtes/{room.pk}/").text
    assert "emma.bakker" not in other
    assert 'data-client-id="d1"' not in other
    # A draft past the hold time is discarded by the server, not offered again.
    settings.NETWERK_ROOM_HOLD_SECONDS = 0
    assert "emma.bakker" not in client_for(demo.teacher1).get(f"/ruimtes/{room.pk}/").text


def test_the_theme_room_form_starts_on_the_coordinators_one_network(demo: Demo):
    page = client_for(demo.coordinator).get("/ruimtes/").text
    assert f'<option value="{demo.network_a.pk}" selected>' in page
    assert "---------" not in page


def test_the_adopt_choice_offers_only_the_schools_running_cycles_the_person_works_on(
    demo: Demo,
):
    from decimal import Decimal

    from casestudies import services as case_services

    room = open_room(demo)
    running = case_services.start_case_study(
        datateam=demo.team2, person=demo.teacher2, title="Leestempo groep 5",
        theme="basic_skills", template="five_steps",
    )  # fmt: skip
    finished = case_services.start_case_study(
        datateam=demo.team2, person=demo.teacher2, title="Begrijpend lezen",
        theme="basic_skills", template="five_steps",
    )  # fmt: skip
    case_services.set_goal(
        case=finished, description="Meer leerlingen halen 1F voor lezen.",
        indicator="percentage 1F", target_value=Decimal("85"),
        deadline=datetime.date.today() + datetime.timedelta(days=200),
    )  # fmt: skip
    case_services.record_evaluation(
        case=finished, measured_value=Decimal("86"), measured_on=datetime.date(2026, 6, 1)
    )
    page = client_for(demo.teacher2).get(f"/ruimtes/{room.pk}/").text
    option = re.search(rf'<option value="{demo.school2.pk}"[^>]*>', page)
    assert option is not None
    assert f"&quot;id&quot;: {running.pk}, &quot;title&quot;: &quot;Leestempo groep 5" in option[0]
    assert "Begrijpend lezen" not in option[0]
    assert "data-can-start" in option[0]
    other_school = client_for(demo.teacher1).get(f"/ruimtes/{room.pk}/").text
    assert "Leestempo" not in other_school
