"""The XSS corpus (174 payloads) through the pages that render user markdown on the
server: a published case's narratives, a session's minutes, a room's title and a case's
title. Each page is parsed as a browser would; nothing executable may be in the user text
and the page must have no more executable parts than the same page with harmless text."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from django.utils import timezone

from casestudies import services as case_services
from meetings import services as meeting_services
from tests.conftest import Demo, client_for
from tests.meetings.conftest import plan
from tests.netwerk.test_markdown import executable_parts
from tests.security.xss_corpus import PAYLOADS

pytestmark = pytest.mark.django_db


def published_case(demo: Demo, title: str, narratives: list[str]) -> int:
    case = case_services.start_case_study(
        datateam=demo.team1, person=demo.teacher1, title=title, theme="other", template="datateam_8"
    )
    for number, narrative in enumerate(narratives, start=1):
        case_services.save_step(case=case, number=number, narrative=narrative)
    case_services.set_goal(
        case=case,
        description="Een concreet doel voor deze test.",
        indicator="i",
        target_value=Decimal(1),
        deadline=timezone.localdate() + datetime.timedelta(days=9),
    )
    case_services.submit_for_review(case=case)
    case_services.approve_case(case=case, person=demo.leader1)
    publication = case_services.publish_case(
        case=case, person=demo.leader1, networks=[demo.network_a]
    )
    return publication.pk


def test_no_payload_survives_a_published_cases_narratives_or_title(demo: Demo):
    chunks = ["\n\n".join(PAYLOADS[i::8]) for i in range(8)]
    corpus = published_case(demo, PAYLOADS[2][:200], chunks)
    harmless = published_case(demo, "Gewone titel", ["Gewone tekst."] * 8)
    reader = client_for(demo.teacher2)
    page = reader.get(f"/publicaties/{corpus}/").text
    narratives = re.findall(r'<div class="narrative">(.*?)</div>', page, re.DOTALL)
    assert len(narratives) == 8
    assert [executable_parts(html) for html in narratives] == [[]] * 8
    baseline = reader.get(f"/publicaties/{harmless}/").text
    assert executable_parts(page) == executable_parts(baseline)


def test_no_payload_survives_a_sessions_minutes_or_title(demo: Demo):
    session = plan(demo, days=-1, title=PAYLOADS[3][:200])
    meeting_services.write_minutes(
        session=session, minutes="\n\n".join(PAYLOADS), person=demo.coordinator
    )
    harmless = plan(demo, days=-2, title="Gewone bijeenkomst")
    meeting_services.write_minutes(session=harmless, minutes="Gewone tekst.", person=demo.coach)
    reader = client_for(demo.teacher1)
    page = reader.get(f"/bijeenkomsten/{session.pk}/").text
    minutes = re.search(r'<div class="narrative">(.*?)</div>\s*<p class="muted">', page, re.DOTALL)
    assert minutes is not None
    assert len(minutes.group(1)) > 1000  # the corpus is there, rendered
    assert executable_parts(minutes.group(1)) == []
    baseline = reader.get(f"/bijeenkomsten/{harmless.pk}/").text
    assert executable_parts(page) == executable_parts(baseline)
