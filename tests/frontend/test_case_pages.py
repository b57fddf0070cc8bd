"""A whole cycle through the pages: start, goal, steps, action plan, review, approval,
publication, the library and the published snapshot."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

from django.utils import timezone

from casestudies.models import CaseStudy, Publication
from tests.conftest import Demo, client_for

NEXT_YEAR = (timezone.localdate() + datetime.timedelta(days=365)).isoformat()


def post(client, case, step, data):
    return client.post(f"/casussen/{case.pk}/?stap={step}", data, follow=True)


def test_a_team_runs_a_cycle_and_shares_it(demo: Demo):
    teacher = client_for(demo.teacher1)
    page = teacher.post(
        f"/datateams/{demo.team1.pk}/casus/",
        {
            "title": "Minder zittenblijvers havo 4",
            "template": "five_steps",
            "theme": "grade_repetition",
            "year_levels": "havo 4",
        },
        follow=True,
    )
    case = CaseStudy.objects.get()
    assert "Formuleer een helder, concreet doel" in page.text

    vague = post(teacher, case, 1, {"action": "goal", "description": "Minder zittenblijvers"})
    assert "Een SMART-doel heeft" in vague.text
    post(
        teacher,
        case,
        1,
        {
            "action": "goal",
            "description": "Van 18% naar 10% zittenblijvers in havo 4 binnen twee jaar.",
            "indicator": "percentage zittenblijvers",
            "baseline_value": "18",
            "target_value": "10",
            "deadline": NEXT_YEAR,
        },
    )
    post(teacher, case, 1, {"action": "narrative", "narrative": "We startten met **het doel**."})
    post(teacher, case, 1, {"action": "step_status", "status": "done"})
    case.refresh_from_db()
    assert case.current_step == 2
    post(
        teacher,
        case,
        4,
        {
            "action": "action",
            "act-description": "Mentoruur voor risicoleerlingen",
            "act-owner": "Mentoren havo 4",
            "act-due_date": NEXT_YEAR,
        },
    )
    assert case.actions.count() == 1
    post(teacher, case, 1, {"action": "submit"})

    refused = post(teacher, case, 1, {"action": "approve"})
    assert "Alleen een schoolleider" in refused.text
    leader = client_for(demo.leader1)
    post(leader, case, 1, {"action": "approve"})
    post(leader, case, 1, {"action": "publish", "networks": [demo.network_a.pk]})
    publication = Publication.objects.get()

    partner = client_for(demo.teacher2)
    library = partner.get(f"/netwerken/{demo.network_a.pk}/bibliotheek/", {"q": "zittenblijvers"})
    assert "Minder zittenblijvers havo 4" in library.text
    snapshot = partner.get(f"/publicaties/{publication.pk}/")
    assert "<strong>het doel</strong>" in snapshot.text
    assert "een VO-school" in snapshot.text
    assert "Utrecht" not in snapshot.text  # the only VO school in Utrecht in the network
    assert "Het Baken College" not in snapshot.text
    assert partner.get(f"/casussen/{case.pk}/").status_code == 404
    outsider = client_for(demo.outsider)
    assert outsider.get(f"/publicaties/{publication.pk}/").status_code == 404
    assert outsider.get(f"/netwerken/{demo.network_a.pk}/bibliotheek/").status_code == 404


def test_scripts_in_a_narrative_never_reach_the_page(demo: Demo):
    from casestudies import services

    case = services.start_case_study(
        datateam=demo.team1,
        person=demo.teacher1,
        title="XSS",
        theme="other",
        template="five_steps",
    )
    services.save_step(
        case=case, number=1, narrative="<script>alert(1)</script> [x](javascript:alert(1))"
    )
    services.set_goal(
        case=case,
        description="Een concreet doel voor deze test.",
        indicator="i",
        target_value=Decimal(1),
        deadline=timezone.localdate() + datetime.timedelta(days=9),
    )
    services.submit_for_review(case=case)
    services.approve_case(case=case, person=demo.leader1)
    publication = services.publish_case(case=case, person=demo.leader1, networks=[demo.network_a])
    page = client_for(demo.teacher2).get(f"/publicaties/{publication.pk}/").text
    assert "<script>alert" not in page
    assert "javascript:" not in page


def test_no_xss_vector_survives_the_published_case_page(demo: Demo):
    from casestudies import services
    from tests.netwerk.test_markdown import XSS, executable_parts

    case = services.start_case_study(
        datateam=demo.team1,
        person=demo.teacher1,
        title="Corpus",
        theme="other",
        template="datateam_8",
    )
    chunks = [XSS[i::8] for i in range(8)]
    for number, chunk in enumerate(chunks, start=1):
        services.save_step(case=case, number=number, narrative="\n\n".join(chunk))
    services.set_goal(
        case=case,
        description="Een concreet doel voor deze test.",
        indicator="i",
        target_value=Decimal(1),
        deadline=timezone.localdate() + datetime.timedelta(days=9),
    )
    services.submit_for_review(case=case)
    services.approve_case(case=case, person=demo.leader1)
    publication = services.publish_case(case=case, person=demo.leader1, networks=[demo.network_a])
    page = client_for(demo.teacher2).get(f"/publicaties/{publication.pk}/").text
    narratives = re.findall(r'<div class="narrative">(.*?)</div>', page, re.DOTALL)
    assert len(narratives) == 8
    assert [executable_parts(html) for html in narratives] == [[]] * 8
    working_copy = client_for(demo.teacher1).get(f"/casussen/{case.pk}/?stap=1").text
    assert "<script>alert" not in working_copy


def test_a_hypothesis_is_judged_with_linked_evidence_on_the_page(demo: Demo):
    from casestudies import services

    case = services.start_case_study(
        datateam=demo.team1,
        person=demo.teacher1,
        title="Hypothesen",
        theme="other",
        template="datateam_8",
    )
    first = services.add_hypothesis(case=case, statement="Eerste")
    services.add_hypothesis(case=case, statement="Tweede")
    source = services.add_data_source(case=case, kind="interviews", description="Leerlingenarena")
    teacher = client_for(demo.teacher1)
    page = teacher.get(f"/casussen/{case.pk}/?stap=2").text
    assert f'id="hyp{first.pk}_status"' in page
    assert page.count('name="evidence"') == 2
    post(
        teacher,
        case,
        2,
        {
            "action": "judge",
            "id": first.pk,
            "status": "confirmed",
            "evidence": "Leerlingen noemen het zelf.",
            "data_sources": [source.pk],
        },
    )
    first.refresh_from_db()
    assert first.status == "confirmed"
    assert list(first.data_sources.all()) == [source]
