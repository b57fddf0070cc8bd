"""A leader invites a teacher; the teacher opens the link from the e-mail, sets her
password and lands on her home page, in Dutch."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from playwright.sync_api import expect

from netwerk.demo import seed_demo
from tests.browser.conftest import screenshot
from tests.browser.test_login_and_language import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

NEW_PASSWORD = "Groene-Appel-Boven-9"


def test_a_leader_invites_a_teacher_who_sets_her_password_and_lands_home(live_url, browser, page):
    seed_demo(password=PASSWORD)
    log_in(page, live_url, "leader1")
    page.get_by_role("link", name="Hendrik Bakker").click()
    page.get_by_role("link", name="Iemand uitnodigen").click()
    page.get_by_label("E-mailadres").fill("fenna.devries@example.org")
    page.get_by_label("School").select_option(label="Het Baken College")
    page.get_by_label("Rol").select_option(value="teacher")
    page.get_by_role("button", name="Verstuur de uitnodiging").click()
    expect(page.get_by_role("status")).to_contain_text("fenna.devries@example.org")

    body = str(mail.outbox[-1].body)
    link = re.search(r"https?://[^/\s]+(/uitnodiging/\S+/)", body)
    assert link, body
    teacher = browser.new_context(locale="nl-NL").new_page()
    teacher.goto(live_url + link.group(1))
    expect(teacher.get_by_role("heading", name="Welkom bij Netwerk")).to_be_visible()
    teacher.get_by_label("Voornaam").fill("Fenna")
    teacher.get_by_label("Achternaam").fill("de Vries")
    teacher.locator("#id_password1").fill(NEW_PASSWORD)
    teacher.locator("#id_password2").fill(NEW_PASSWORD)
    screenshot(teacher, "invitation-accept-nl")
    teacher.get_by_role("button", name="Maak mijn account").click()
    expect(teacher.get_by_role("heading", name="Welkom, Fenna")).to_be_visible()
    assert teacher.url == f"{live_url}/"

    # The link worked once: opened again, it says so.
    teacher.goto(live_url + link.group(1))
    expect(teacher.get_by_role("heading", name="Deze uitnodiging is al gebruikt")).to_be_visible()
    teacher.context.close()
