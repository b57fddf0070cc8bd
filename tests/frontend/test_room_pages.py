"""The room pages: who sees which room, and a page that loads only our own script."""

from __future__ import annotations

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
