"""What partners do with each other's messages and proposals, seen live by the other
teacher, in real Chromium. New texts may still be English in the Dutch interface, so
controls are found by id, role and data attributes."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from discussions import services
from discussions.models import Room
from netwerk.demo import seed_demo
from netwerk.models import LearningNetwork
from schools.models import User
from tests.browser.conftest import screenshot
from tests.browser.test_room import room_page
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture
def room(live_url) -> Room:
    seed_demo(password=PASSWORD)
    return services.open_theme_room(
        network=LearningNetwork.objects.get(name__startswith="Lerend netwerk"),
        person=User.objects.get(username="coordinator"),
        title="Zittenblijven in havo 4",
    )


@pytest.fixture
def two_teachers(browser, live_url, room):
    lotte_context, lotte = room_page(browser, live_url, "teacher1", room.pk)
    jeroen_context, jeroen = room_page(browser, live_url, "teacher2", room.pk)
    yield lotte, jeroen
    lotte_context.close()
    jeroen_context.close()


def say(page, body: str) -> None:
    page.locator("#room-body").fill(body)
    page.locator("#room-body").press("Enter")


def message(page, seq: int):
    return page.locator(f'#room-messages li[data-seq="{seq}"]')


def test_an_edit_and_a_deletion_reach_the_other_teacher_live(two_teachers):
    lotte, jeroen = two_teachers
    say(lotte, "Wij werken met mentorgesprekken.")
    expect(message(jeroen, 1)).to_contain_text("mentorgesprekken")
    expect(message(jeroen, 1).locator('[data-action="edit"]')).to_have_count(0)

    message(lotte, 1).locator('[data-action="edit"]').focus()
    lotte.keyboard.press("Enter")
    editor = message(lotte, 1).locator("form.message-editor textarea")
    expect(editor).to_be_focused()
    editor.fill("Wij werken met **mentorgesprekken** en een leerlingenarena.")
    message(lotte, 1).locator("form.message-editor button[type=submit]").click()
    expect(message(jeroen, 1).locator(".body strong")).to_have_text("mentorgesprekken")
    expect(message(jeroen, 1).locator(".edited")).to_be_visible()
    expect(message(lotte, 1).locator("form.message-editor")).to_have_count(0)

    lotte.once("dialog", lambda dialog: dialog.accept())
    message(lotte, 1).locator('[data-action="delete"]').click()
    expect(message(jeroen, 1)).to_have_class("deleted")
    expect(message(jeroen, 1)).not_to_contain_text("leerlingenarena")
    expect(message(jeroen, 1).locator(".reactions")).to_have_count(0)


def test_a_reaction_count_updates_for_the_other_teacher(two_teachers):
    lotte, jeroen = two_teachers
    say(lotte, "Wie doet er mee met de pilot?")
    thumbs = message(jeroen, 1).locator('[data-emoji="👍"]')
    thumbs.focus()
    jeroen.keyboard.press("Enter")
    expect(message(lotte, 1).locator('[data-emoji="👍"]')).to_have_text("👍 1")
    expect(message(lotte, 1).locator('[data-emoji="👍"]')).to_have_attribute(
        "aria-pressed", "false"
    )
    expect(thumbs).to_have_attribute("aria-pressed", "true")
    expect(thumbs).to_be_focused()  # the redraw keeps a keyboard user in place
    message(lotte, 1).locator('[data-emoji="👍"]').click()
    expect(thumbs).to_have_text("👍 2")
    jeroen.keyboard.press("Enter")
    expect(message(lotte, 1).locator('[data-emoji="👍"]')).to_have_text("👍 1")


def test_a_reply_shows_a_quote_of_the_original(two_teachers):
    lotte, jeroen = two_teachers
    say(lotte, "Hoe pakken jullie **zittenblijven** aan?")
    message(jeroen, 1).locator('[data-action="reply"]').click()
    expect(jeroen.locator("#room-reply")).to_be_visible()
    expect(jeroen.locator("#room-body")).to_be_focused()
    say(jeroen, "Met een leerlingenarena.")
    quote = message(lotte, 2).locator(".quote")
    expect(quote).to_contain_text("Lotte Jansen")
    expect(quote).to_contain_text("Hoe pakken jullie zittenblijven aan?")
    expect(quote.locator("strong", has_text="zittenblijven")).to_have_count(0)
    expect(jeroen.locator("#room-reply")).to_be_hidden()


def test_a_pinned_message_appears_in_the_pinned_list_for_everyone(two_teachers):
    lotte, jeroen = two_teachers
    say(lotte, "Afspraak: volgende sessie op 12 maart.")
    say(lotte, "Nog iets anders.")
    expect(jeroen.locator("#room-pinned-section")).to_be_hidden()
    # Pinning is for coordinators and the message's author.
    expect(message(jeroen, 1).locator('[data-action="pin"]')).to_have_count(0)
    message(lotte, 1).locator('[data-action="pin"]').click()
    pinned = jeroen.locator("#room-pinned li")
    expect(pinned).to_have_count(1)
    expect(pinned).to_contain_text("volgende sessie op 12 maart")
    expect(message(jeroen, 1)).to_have_class("pinned")
    message(lotte, 1).locator('[data-action="pin"]').click()
    expect(jeroen.locator("#room-pinned-section")).to_be_hidden()


def test_two_teachers_type_in_one_proposal_at_once_and_see_each_others_text_and_cursor(
    two_teachers,
):
    lotte, jeroen = two_teachers
    say(lotte, "Elke twijfelaar krijgt een mentorgesprek.")
    message(jeroen, 1).locator('[data-action="to-proposal"]').click()
    jeroen.locator("#room-proposal-title").fill("Mentorgesprek voor twijfelaars")
    jeroen.locator("#room-proposal-body").fill("Plan:")
    jeroen.locator("#room-proposal-form button[type=submit]").click()
    expect(lotte.locator("#room-proposals li[data-proposal]")).to_have_count(1)

    for page in (lotte, jeroen):
        page.locator('#room-proposals [data-action="edit-proposal"]').click()
        expect(page.locator(".proposal-editor textarea")).to_have_value("Plan:")
        expect(page.locator(".proposal-editor textarea")).to_be_editable()
    lotte_text = lotte.locator(".proposal-editor textarea")
    jeroen_text = jeroen.locator(".proposal-editor textarea")
    lotte_text.press("End")
    jeroen_text.press("Home")
    # Both type at the same moment: one at the end, one at the start.
    lotte_text.press_sequentially(" in week 10 door de mentor.", delay=40, no_wait_after=True)
    jeroen_text.press_sequentially("Voorstel. ", delay=40)
    expected = "Voorstel. Plan: in week 10 door de mentor."
    expect(lotte_text).to_have_value(expected)
    expect(jeroen_text).to_have_value(expected)

    # Each sees the other's cursor, with their name.
    expect(lotte.locator(".coedit-layer .remote-name")).to_be_visible()
    expect(jeroen.locator(".coedit-layer .remote-name")).to_be_visible()
    expect(lotte.locator(".coedit-layer .remote-name")).not_to_have_text("")
    screenshot(lotte, "room-proposal-coediting")

    # Stored with every keystroke: the proposal shows the merged text without a save.
    expect(lotte.locator(".proposal-view .proposal-body")).to_contain_text("door de mentor")
    expect(lotte.locator(".proposal-editor .conflict")).to_have_count(0)


def test_typing_at_suggests_room_members_and_the_mention_is_highlighted(two_teachers):
    lotte, jeroen = two_teachers
    composer = lotte.locator("#room-body")
    composer.press_sequentially("Vraag aan @teach")
    options = lotte.locator("#room-mentions [role=option]")
    expect(options.first).to_be_visible()
    usernames = options.evaluate_all("items => items.map(i => i.dataset.username)")
    assert "teacher2" in usernames
    assert "outsider" not in usernames
    assert "teacher1" not in usernames  # not yourself
    while (
        lotte.locator('#room-mentions [aria-selected="true"]').get_attribute("data-username")
        != "teacher2"
    ):
        composer.press("ArrowDown")
    composer.press("Enter")
    expect(composer).to_have_value("Vraag aan @teacher2 ")
    composer.press("Enter")
    expect(message(jeroen, 1).locator(".mention")).to_have_text("@teacher2")


def test_a_coordinator_closes_the_room_and_the_composer_is_disabled_for_everyone(
    browser, live_url, room, two_teachers
):
    lotte, _jeroen = two_teachers
    context, coordinator = room_page(browser, live_url, "coordinator", room.pk)
    coordinator.locator("#room-close").click()
    expect(lotte.locator("#room-body")).to_be_disabled()
    expect(lotte.locator("#room-state")).to_be_visible()
    expect(coordinator.locator("#room-reopen")).to_be_visible()
    expect(lotte.locator("#room-close")).to_have_count(0)
    coordinator.locator("#room-reopen").click()
    expect(lotte.locator("#room-body")).to_be_enabled()
    expect(lotte.locator("#room-state")).to_be_hidden()
    context.close()


def test_a_school_works_out_adopts_and_evaluates_and_every_partner_sees_the_outcome(
    two_teachers,
):
    lotte, jeroen = two_teachers
    jeroen.locator("#room-proposal-title").fill("Leerlingenarena per leerjaar")
    jeroen.locator("#room-proposal-form button[type=submit]").click()
    lotte.locator('#room-proposals [data-action="worked-out"]').click()
    expect(jeroen.locator('#room-proposals [data-action="worked-out"]')).to_have_count(0)
    expect(jeroen.locator('#room-proposals [data-action="evaluate"]')).to_have_count(0)

    lotte.locator('#room-proposals [data-action="adopt"]').click()
    lotte.locator(".proposal-adopt button[type=submit]").click()  # a new cycle
    expect(jeroen.locator("#room-proposals .adoptions li")).to_have_count(1)
    # Her one school has adopted it: adopting is no longer offered to her.
    expect(lotte.locator('#room-proposals [data-action="adopt"]')).to_have_count(0)
    lotte.locator('#room-proposals [data-action="evaluate"]').click()
    outcome = lotte.locator(".proposal-evaluate textarea")
    expect(outcome).to_be_focused()
    outcome.fill("Twee op de drie twijfelaars gingen over.")
    lotte.locator(".proposal-evaluate button[type=submit]").click()
    expect(jeroen.locator("#room-proposals .adoptions")).to_contain_text(
        "Twee op de drie twijfelaars gingen over."
    )
    expect(jeroen.locator("#room-proposals .badge")).to_have_text("Geëvalueerd")


def test_the_personal_data_warning_names_what_it_found_in_words(two_teachers):
    lotte, _jeroen = two_teachers
    say(lotte, "Bel de ouders op 06-12345678 of mail naar ouders@example.org")
    warning = lotte.locator("#room-held-text")
    expect(warning).to_be_visible()
    expect(warning).to_contain_text("een telefoonnummer")
    expect(warning).to_contain_text("een e-mailadres")
    expect(warning).not_to_contain_text("phone")


def test_the_typing_line_clears_when_the_message_arrives(two_teachers):
    lotte, jeroen = two_teachers
    lotte.locator("#room-body").press_sequentially("Wij doen ")
    expect(jeroen.locator("#room-typing")).not_to_be_empty()
    lotte.locator("#room-body").press("Enter")
    expect(message(jeroen, 1)).to_contain_text("Wij doen")
    expect(jeroen.locator("#room-typing")).to_be_empty(timeout=1500)  # not the 4 s expiry


def test_a_skip_link_takes_the_keyboard_to_the_message_box(two_teachers):
    lotte, _jeroen = two_teachers
    skip = lotte.locator('a.skip[href="#room-body"]')
    skip.focus()
    lotte.keyboard.press("Enter")
    expect(lotte.locator("#room-body")).to_be_focused()
