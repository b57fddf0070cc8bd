"""A published case and a session's minutes as PDF (WeasyPrint): the page's own content
with its charts, laid out by the print stylesheet, for the people who may read the page."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from casestudies.demo import seed_demo_cases
from casestudies.models import Publication
from frontend.pdf import static_file
from meetings import services
from tests.conftest import Demo, client_for
from tests.meetings.conftest import Sessions, make_sessions

pytestmark = pytest.mark.django_db


@pytest.fixture
def publication(demo: Demo) -> Publication:
    seed_demo_cases()
    return Publication.objects.get(title="Minder zittenblijvers in havo 4")


def pdf_text(response: Any) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    return "\n".join(page.extract_text() for page in reader.pages)


def test_a_published_case_downloads_as_a_pdf_with_its_text_and_run_chart(
    demo: Demo, publication: Publication
):
    page = client_for(demo.teacher2).get(f"/publicaties/{publication.pk}/")
    assert f'href="/publicaties/{publication.pk}/pdf/"' in page.text

    response = client_for(demo.teacher2).get(f"/publicaties/{publication.pk}/pdf/")
    text = pdf_text(response)
    assert response["Content-Disposition"] == (
        'attachment; filename="Minder-zittenblijvers-in-havo-4.pdf"'
    )
    assert "Minder zittenblijvers in havo 4" in text
    assert publication.snapshot["goal"]["description"] in " ".join(text.split())
    assert "Runchart: Havo 4-leerlingen met twee of meer onvoldoendes" in text
    # The chart's own text (svg.fonttype none): its median label and date axis.
    assert "Mediaan: " in text
    # The print stylesheet leaves out the navigation, the reader's name and the buttons.
    for absent in ("Bijeenkomsten", demo.teacher2.display_name, "Deze casus bespreken"):
        assert absent not in text


def test_a_sessions_minutes_download_as_a_pdf_without_forms_or_feedback(demo: Demo):
    sessions: Sessions = make_sessions(demo)
    session = sessions.past
    services.add_agenda_item(session=session, title="Analyses bespreken", duration_minutes=50)
    services.write_minutes(
        session=session, minutes="We spraken over **groepsgrootte**.", person=demo.coach
    )
    services.record_decision(
        session=session, text="Elke analyse vermeldt n.", person=demo.coordinator
    )
    page = client_for(demo.coordinator).get(f"/bijeenkomsten/{session.pk}/")
    assert f'href="/bijeenkomsten/{session.pk}/notulen.pdf"' in page.text

    response = client_for(demo.coordinator).get(f"/bijeenkomsten/{session.pk}/notulen.pdf")
    text = pdf_text(response)
    day = session.starts_at.strftime("%Y-%m-%d")
    assert response["Content-Disposition"] == (
        f'attachment; filename="Analyseren-en-concluderen-{day}.pdf"'
    )
    for present in ("Analyseren en concluderen", "Analyses bespreken", "groepsgrootte"):
        assert present in text
    assert "Elke analyse vermeldt n." in text
    # A planner's forms and the participants' feedback stay out of the record.
    for absent in ("Wat deelnemers zeiden", "Verslag opslaan", "Besluit noteren"):
        assert absent not in text


def test_outsiders_get_404_for_both_pdfs(demo: Demo, publication: Publication):
    session = make_sessions(demo).past
    outsider = client_for(demo.outsider)
    assert outsider.get(f"/publicaties/{publication.pk}/pdf/").status_code == 404
    assert outsider.get(f"/bijeenkomsten/{session.pk}/notulen.pdf").status_code == 404
    assert outsider.get("/publicaties/999999/pdf/").status_code == 404


def test_a_pdf_reads_only_the_platforms_own_static_files():
    assert static_file("http://testserver/static/frontend/css/print.css") is not None
    for url in (
        "http://169.254.169.254/latest/meta-data/",
        "http://testserver/static/../netwerk/settings.py",
        "http://testserver/media/raw/school_1/x.csv",
        "http://testserver/static/frontend/css/missing.css",
    ):
        assert static_file(url) is None


def test_a_published_version_is_made_once_per_language_and_served_to_every_member(
    demo: Demo, publication: Publication
):
    """A published version never changes: its PDF is made once per language, and every
    member who may read it gets that same document, which names none of them."""
    url = f"/publicaties/{publication.pk}/pdf/"
    first = client_for(demo.teacher2).get(url)
    again = client_for(demo.coordinator).get(url)
    assert again.content == first.content
    text = pdf_text(again)
    for name in (demo.teacher2.display_name, demo.coordinator.display_name):
        assert name not in text

    english = client_for(demo.coordinator).get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert english.content != first.content
    assert "SMART goal" in pdf_text(english)
    # Kept or not, the download is only for those who may read the case.
    assert client_for(demo.outsider).get(url).status_code == 404
