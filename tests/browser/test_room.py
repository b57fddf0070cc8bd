"""Two teachers of partner schools in one live room, in real Chromium."""

from __future__ import annotations

import re
import threading

import pytest
from playwright.sync_api import expect

from discussions import services
from discussions.models import Room
from netwerk.demo import seed_demo
from netwerk.models import LearningNetwork
from schools.models import User
from tests.browser.conftest import screenshot
from tests.browser.test_login_and_language import log_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


def room_page(browser, live_url: str, username: str, room_id: int):
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    log_in(page, live_url, username)
    page.goto(f"{live_url}/ruimtes/{room_id}/")
    expect(page.locator("#room-connection")).to_have_text("Verbonden")
    return context, page


def test_two_teachers_talk_live_and_one_catches_up_after_being_offline(live_url, browser):
    seed_demo(password=PASSWORD)
    room = services.open_theme_room(
        network=LearningNetwork.objects.get(name__startswith="Lerend netwerk"),
        person=User.objects.get(username="coordinator"),
        title="Zittenblijven in havo 4",
    )
    lotte_context, lotte = room_page(browser, live_url, "teacher1", room.pk)
    jeroen_context, jeroen = room_page(browser, live_url, "teacher2", room.pk)
    expect(lotte.locator("#room-presence")).to_contain_text("Jeroen Smit")

    lotte.locator("#room-body").fill("Hoe pakken jullie **zittenblijven** aan?")
    lotte.locator("#room-body").press("Enter")
    jeroen_log = jeroen.locator("#room-messages li[data-seq]")
    expect(jeroen_log).to_have_count(1)
    expect(jeroen_log.first.locator("strong", has_text="zittenblijven")).to_be_visible()
    expect(jeroen_log.first).to_contain_text("Lotte Jansen")

    jeroen_context.set_offline(True)
    expect(jeroen.locator("#room-connection")).not_to_have_text("Verbonden")
    for text in ("Wij werken met mentorgesprekken.", "En met een leerlingenarena."):
        lotte.locator("#room-body").fill(text)
        lotte.locator("#room-body").press("Enter")
    expect(lotte.locator("#room-messages li[data-seq]")).to_have_count(3)
    jeroen_context.set_offline(False)
    expect(jeroen.locator("#room-connection")).to_have_text("Verbonden", timeout=20_000)
    expect(jeroen_log).to_have_count(3)
    assert jeroen_log.evaluate_all("items => items.map(i => Number(i.dataset.seq))") == [1, 2, 3]
    expect(jeroen_log.nth(2)).to_contain_text("leerlingenarena")

    jeroen.locator("#room-proposal-title").fill("Mentorgesprek voor elke twijfelaar")
    jeroen.locator("#room-proposal-form button").press("Enter")
    endorse = lotte.get_by_role("button", name="Steunen: Mentorgesprek voor elke twijfelaar")
    endorse.focus()
    lotte.keyboard.press("Enter")
    expect(jeroen.locator("#room-proposals")).to_contain_text("1 keer gesteund")
    screenshot(lotte, "room-teacher1")
    lotte_context.close()
    jeroen_context.close()


# --- The room page's own behaviour: held drafts, closed rooms, scrolling, times ----------


def in_thread(function, *args, **kwargs):
    """Runs ORM work that broadcasts to the room in a thread of its own: the broadcast
    crosses into async code, and Playwright keeps an event loop running in this one."""
    errors: list[BaseException] = []

    def run() -> None:
        try:
            function(*args, **kwargs)
        except BaseException as error:  # handed to the test below
            errors.append(error)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if errors:
        raise errors[0]


def theme_room(title: str = "Zittenblijven in havo 4") -> Room:
    seed_demo(password=PASSWORD)
    return services.open_theme_room(
        network=LearningNetwork.objects.get(name__startswith="Lerend netwerk"),
        person=User.objects.get(username="coordinator"),
        title=title,
    )


def say(page, body: str) -> None:
    page.locator("#room-body").fill(body)
    page.locator("#room-body").press("Enter")


def message(page, seq: int):
    return page.locator(f'#room-messages li[data-seq="{seq}"]')


def test_the_held_warning_and_draft_go_when_the_authors_next_message_is_posted(live_url, browser):
    room = theme_room()
    context, lotte = room_page(browser, live_url, "teacher1", room.pk)
    say(lotte, "Mail naar emma.bakker@gmail.com")
    expect(lotte.locator("#room-held-text")).to_contain_text("een e-mailadres")
    draft = lotte.locator("#room-messages li.pending")
    expect(draft).to_contain_text("emma.bakker@gmail.com")
    expect(draft).not_to_contain_text("verzenden")  # held, not on its way

    say(lotte, "Een gewone zin zonder gegevens")
    expect(message(lotte, 1)).to_contain_text("Een gewone zin zonder gegevens")
    # The server discarded the draft: its warning and its line in the log go too.
    expect(lotte.locator("#room-held")).to_be_hidden()
    expect(draft).to_have_count(0)
    expect(lotte.locator("#room-error")).to_be_empty()

    # A draft replaced by a new draft: one warning, about the new one.
    say(lotte, "Bel 06-12345678")
    expect(lotte.locator("#room-held-text")).to_contain_text("een telefoonnummer")
    say(lotte, "Of mail emma.bakker@gmail.com")
    expect(lotte.locator("#room-held-text")).to_contain_text("een e-mailadres")
    expect(lotte.locator("#room-held-text")).not_to_contain_text("telefoonnummer")
    expect(draft).to_have_count(1)
    context.close()


def test_a_held_draft_comes_back_for_its_author_only_after_a_reload(live_url, browser):
    room = theme_room()
    lotte_context, lotte = room_page(browser, live_url, "teacher1", room.pk)
    jeroen_context, jeroen = room_page(browser, live_url, "teacher2", room.pk)
    say(lotte, "Mail naar emma.bakker@gmail.com")
    expect(lotte.locator("#room-held")).to_be_visible()

    lotte.reload()
    expect(lotte.locator("#room-connection")).to_have_text("Verbonden")
    expect(lotte.locator("#room-held-text")).to_contain_text("een e-mailadres")
    expect(lotte.locator("#room-messages li.pending.held")).to_contain_text("emma.bakker@gmail.com")
    jeroen.reload()
    expect(jeroen.locator("#room-connection")).to_have_text("Verbonden")
    expect(jeroen.locator("#room-messages")).not_to_contain_text("emma.bakker")
    expect(jeroen.locator("#room-held")).to_be_hidden()

    lotte.locator("#room-held-send").click()
    expect(message(jeroen, 1)).to_contain_text("emma.bakker@gmail.com")
    expect(message(lotte, 1)).to_contain_text("emma.bakker@gmail.com")
    expect(lotte.locator("#room-messages li.pending")).to_have_count(0)
    expect(lotte.locator("#room-held")).to_be_hidden()

    # "Edit my message" after a reload puts the draft back into the composer.
    say(lotte, "Bel 06-12345678")
    expect(lotte.locator("#room-held")).to_be_visible()
    lotte.reload()
    lotte.locator("#room-body").fill("Ook dit nog")  # typed since: kept, after the draft
    lotte.locator("#room-held-edit").click()
    expect(lotte.locator("#room-body")).to_have_value("Bel 06-12345678\n\nOok dit nog")
    expect(lotte.locator("#room-messages li.pending")).to_have_count(0)
    lotte_context.close()
    jeroen_context.close()


def test_a_closed_or_archived_room_offers_no_control_that_writes(live_url, browser):
    room = theme_room()
    lotte_context, lotte = room_page(browser, live_url, "teacher1", room.pk)
    coordinator_context, coordinator = room_page(browser, live_url, "coordinator", room.pk)
    say(lotte, "Elke twijfelaar krijgt een mentorgesprek.")
    message(lotte, 1).locator('[data-emoji="👍"]').click()
    expect(message(lotte, 1).locator('[data-emoji="👍"]')).to_have_text("👍 1")
    lotte.locator("#room-proposal-title").fill("Mentorgesprek voor twijfelaars")
    lotte.locator("#room-proposal-form button[type=submit]").click()
    expect(lotte.locator('#room-proposals [data-action="edit-proposal"]')).to_have_count(1)
    expect(lotte.locator('#room-proposals [data-action="adopt"]')).to_have_count(1)
    expect(message(lotte, 1).locator('[data-action="pin"]')).to_have_count(1)

    def assert_read_only(page) -> None:
        expect(page.locator("#room-state")).to_be_visible()
        # Only deleting one's own message is left (what was said can still be withdrawn).
        writes = '#room-messages [data-action]:enabled:not([data-action="delete"])'
        expect(page.locator(writes)).to_have_count(0)
        expect(message(page, 1).locator('[data-action="delete"]')).to_be_enabled()
        expect(message(page, 1).locator('[data-emoji="👍"]')).to_be_disabled()
        expect(message(page, 1).locator('[data-emoji="👍"]')).to_have_text("👍 1")
        expect(page.locator("#room-proposals button")).to_have_count(0)
        expect(page.locator("#room-proposals")).to_contain_text("Mentorgesprek voor twijfelaars")
        expect(page.locator("#room-adopt-school")).to_be_hidden()
        expect(page.locator("#room-body")).to_be_disabled()

    coordinator.locator("#room-close").click()
    assert_read_only(lotte)
    lotte.reload()  # a page that loads a closed room
    expect(lotte.locator("#room-connection")).to_have_text("Verbonden")
    expect(message(lotte, 1)).to_be_visible()
    assert_read_only(lotte)

    coordinator.locator("#room-archive").click()
    expect(lotte.locator("#room-state")).to_contain_text("gearchiveerd")
    assert_read_only(lotte)
    coordinator.reload()
    expect(coordinator.locator("#room-connection")).to_have_text("Verbonden")
    coordinator.locator("#room-reopen").click()
    expect(lotte.locator('#room-proposals [data-action="edit-proposal"]')).to_have_count(1)
    expect(message(lotte, 1).locator('[data-action="reply"]')).to_be_enabled()
    expect(lotte.locator("#room-adopt-school")).to_be_visible()
    lotte_context.close()
    coordinator_context.close()


# How far the log's last message reaches below the log's visible area (0 or less: in view).
LAST_MESSAGE_OVERHANG = """() => {
  const log = document.getElementById("room-messages");
  const items = log.querySelectorAll(":scope > li[data-seq]");
  const last = items[items.length - 1];
  return last.getBoundingClientRect().bottom - log.getBoundingClientRect().bottom;
}"""


def test_the_log_shows_the_newest_message_and_keeps_a_reader_where_they_are(live_url, browser):
    room = theme_room()
    people = [User.objects.get(username=name) for name in ("teacher1", "teacher2")]

    def fill_history() -> None:
        for number in range(1, 17):
            body = f"Bericht {number}: zo pakken wij het aan, met een **mentorgesprek**."
            services.post_message(
                room=room, author=people[number % 2], client_id=f"m{number}", body=body
            )

    in_thread(fill_history)
    lotte_context, lotte = room_page(browser, live_url, "teacher1", room.pk)
    jeroen_context, jeroen = room_page(browser, live_url, "teacher2", room.pk)
    log = lotte.locator("#room-messages")
    expect(log.locator("li[data-seq]")).to_have_count(16)
    assert lotte.evaluate("document.getElementById('room-messages').scrollTop") > 0
    assert lotte.evaluate(LAST_MESSAGE_OVERHANG) <= 1

    say(jeroen, "Een nieuw bericht terwijl Lotte onderaan staat.")
    expect(message(lotte, 17)).to_be_visible()
    assert lotte.evaluate(LAST_MESSAGE_OVERHANG) <= 1
    expect(lotte.locator("#room-new-messages")).to_be_hidden()

    # Lotte scrolls up to read: a new message neither moves the log nor goes unnoticed.
    log.evaluate("log => { log.scrollTop = 0; }")
    say(jeroen, "Nog een bericht terwijl Lotte terugleest.")
    expect(log.locator("li[data-seq]")).to_have_count(18)
    assert log.evaluate("log => log.scrollTop") == 0
    new_messages = lotte.locator("#room-new-messages")
    expect(new_messages).to_be_visible()
    new_messages.click()
    expect(new_messages).to_be_hidden()
    assert lotte.evaluate(LAST_MESSAGE_OVERHANG) <= 1

    # Her own message is always brought into view.
    log.evaluate("log => { log.scrollTop = 0; }")
    say(lotte, "Dank jullie wel!")
    expect(message(lotte, 19)).to_be_visible()
    assert lotte.evaluate(LAST_MESSAGE_OVERHANG) <= 1
    lotte_context.close()
    jeroen_context.close()


def test_times_follow_the_pages_language_not_the_browsers(live_url, browser):
    room = theme_room()
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{live_url}/")
    page.get_by_role("button", name="Nederlands").click()
    log_in(page, live_url, "teacher1")
    page.goto(f"{live_url}/ruimtes/{room.pk}/")
    expect(page.locator("html")).to_have_attribute("lang", "nl")
    expect(page.locator("#room-connection")).to_have_text("Verbonden")
    say(page, "Hoe laat is het?")
    time = message(page, 1).locator(".meta time")
    expect(time).to_have_text(re.compile(r"^\d{2}:\d{2}$"))  # "00:04", not "12:04 AM"
    context.close()


def test_the_room_page_in_dutch_on_a_laptop_and_a_phone(live_url, browser):
    """The layout, in screenshots (var/screenshots/room-nl-*.png) and in a few numbers."""
    room = theme_room()
    lotte_context, lotte = room_page(browser, live_url, "teacher1", room.pk)
    say(lotte, "Hoe pakken jullie **zittenblijven** aan?")
    say(lotte, "Wij werken met mentorgesprekken.")
    lotte.locator("#room-proposal-title").fill("Mentorgesprek voor elke twijfelaar")
    lotte.locator("#room-proposal-form button[type=submit]").click()
    lotte.locator('#room-proposals [data-action="adopt"]').click()
    lotte.locator(".proposal-adopt button[type=submit]").click()  # a new cycle, its title
    expect(lotte.locator("#room-proposals .adoptions li")).to_have_count(1)
    expect(lotte.locator("#room-proposal-form button[type=submit]")).to_have_text("Voorstel doen")
    lotte.mouse.move(0, 0)

    for name, viewport in {"laptop": (1280, 900), "phone": (390, 844)}.items():
        lotte.set_viewport_size({"width": viewport[0], "height": viewport[1]})
        # The header stays on one row on a laptop.
        if name == "laptop":
            tops = lotte.locator(".topbar > *").evaluate_all(
                "items => items.map(i => Math.round(i.getBoundingClientRect().top))"
            )
            assert max(tops) - min(tops) < 10, tops
        # A school and its adoption on one line.
        adoption = lotte.locator("#room-proposals .adoptions li").first
        line = float(adoption.evaluate("e => parseFloat(getComputedStyle(e).lineHeight)"))
        assert adoption.bounding_box()["height"] < 1.5 * line
        # No blank room under a message for tools that are not shown.
        gap = message(lotte, 2).evaluate(
            """item => item.getBoundingClientRect().bottom
                 - item.querySelector('.body').getBoundingClientRect().bottom"""
        )
        assert gap < 16, gap
        screenshot(lotte, f"room-nl-{name}")
        message(lotte, 2).hover()  # the message's tools float over its corner
        screenshot(lotte, f"room-nl-{name}-tools")
        lotte.mouse.move(0, 0)
    lotte_context.close()


def test_an_adopted_proposal_leads_to_its_action_and_the_action_back_to_the_proposal(
    live_url, browser
):
    from casestudies.demo import seed_demo_cases

    room = theme_room()
    seed_demo_cases()  # a running case at both schools; De Regenboog's first is evaluated
    lotte_context, lotte = room_page(browser, live_url, "teacher1", room.pk)
    jeroen_context, jeroen = room_page(browser, live_url, "teacher2", room.pk)
    lotte.locator("#room-proposal-title").fill("Mentorgesprek voor elke twijfelaar")
    lotte.locator("#room-proposal-form button[type=submit]").click()

    # De Regenboog's evaluated cycle is not offered; nothing is placed before a choice.
    jeroen.locator('#room-proposals [data-action="adopt"]').click()
    expect(jeroen.locator(".proposal-adopt select option")).to_have_text(
        ["Leestempo in groep 5", "Een nieuwe cyclus starten"]
    )
    jeroen.get_by_role("button", name="Annuleren").click()
    expect(jeroen.locator(".proposal-adopt")).to_have_count(0)
    lotte.locator('#room-proposals [data-action="adopt"]').click()
    cycle = lotte.locator(".proposal-adopt select")
    # Het Baken runs two cycles: both are offered, and the person chooses.
    expect(cycle.locator("option")).to_have_text(
        ["Minder zittenblijvers in havo 4", "Verzuim in havo 3", "Een nieuwe cyclus starten"]
    )
    cycle.select_option(label="Minder zittenblijvers in havo 4")
    lotte.locator(".proposal-adopt button[type=submit]").click()
    note = lotte.locator("#room-proposals .adoption-note")
    expect(note).to_contain_text("Overgenomen: het staat nu als actie in het actieplan van")
    note.get_by_role("link", name="Minder zittenblijvers in havo 4").click()
    expect(lotte.locator("#h-actions")).to_be_visible()
    lotte.get_by_role(
        "link", name="Voorstel “Mentorgesprek voor elke twijfelaar” in de netwerkruimte"
    ).click()
    expect(lotte).to_have_url(re.compile(rf"/ruimtes/{room.pk}/#voorstel-\d+$"))
    expect(lotte.locator("#room-proposals li.linked")).to_be_focused()
    expect(lotte.locator("#room-proposals li.linked")).to_contain_text("Mentorgesprek")

    # Once the room closes, the adopting school can still report how it went.
    coordinator_context, coordinator = room_page(browser, live_url, "coordinator", room.pk)
    coordinator.locator("#room-close").click()
    expect(lotte.locator("#room-state")).to_be_visible()
    expect(lotte.locator('#room-proposals [data-action="evaluate"]')).to_have_count(1)
    expect(lotte.locator('#room-proposals [data-action="edit-proposal"]')).to_have_count(0)
    coordinator_context.close()
    lotte_context.close()
    jeroen_context.close()


def test_a_proposal_refused_for_personal_data_keeps_its_text_and_says_why(live_url, browser):
    room = theme_room()
    context, lotte = room_page(browser, live_url, "teacher1", room.pk)
    lotte.locator("#room-proposal-title").fill("Extra begeleiding")
    lotte.locator("#room-proposal-body").fill("Vraag het na via sanne.devries@gmail.com")
    lotte.locator("#room-proposal-form button[type=submit]").click()
    expect(lotte.locator("#room-error")).to_contain_text(
        "een e-mailadres: “sanne.devries@gmail.com”"
    )
    expect(lotte.locator("#room-proposal-title")).to_have_value("Extra begeleiding")
    expect(lotte.locator("#room-proposal-body")).to_have_value(
        "Vraag het na via sanne.devries@gmail.com"
    )
    expect(lotte.locator("#room-proposals li")).to_have_count(0)
    context.close()


# --- History in windows: the latest messages first, older ones on the way up -----------


def long_history(count: int, settings) -> Room:
    settings.NETWERK_ROOM_RATE_LIMIT = count  # the history is written at once
    room = theme_room("Een lange geschiedenis")
    people = [User.objects.get(username=name) for name in ("teacher1", "teacher2")]

    def fill() -> None:
        for number in range(1, count + 1):
            services.post_message(
                room=room,
                author=people[number % 2],
                client_id=f"h{number}",
                body=f"Bericht {number}",
            )

    in_thread(fill)
    return room


def seqs_shown(page) -> list[int]:
    shown = page.locator("#room-messages li[data-seq]").evaluate_all(
        "items => items.map(i => Number(i.dataset.seq))"
    )
    return [int(seq) for seq in shown]


def test_a_long_room_opens_with_its_latest_messages_and_loads_older_ones_on_the_way_up(
    live_url, browser, settings
):
    room = long_history(130, settings)
    context, lotte = room_page(browser, live_url, "teacher1", room.pk)
    log = lotte.locator("#room-messages")
    expect(message(lotte, 130)).to_be_visible()
    assert seqs_shown(lotte) == list(range(81, 131))
    older = lotte.locator("#room-older")
    expect(older).to_be_visible()
    assert lotte.evaluate(LAST_MESSAGE_OVERHANG) <= 1

    # Scrolling to the top loads the 50 before, and the reader stays where they were.
    log.evaluate("log => { log.scrollTop = 0; }")
    expect(message(lotte, 31)).to_be_attached()
    assert seqs_shown(lotte) == list(range(31, 131))
    assert log.evaluate("log => log.scrollTop") > 0
    expect(message(lotte, 81)).to_be_in_viewport()

    log.evaluate("log => { log.scrollTop = 0; }")
    expect(message(lotte, 1)).to_be_attached()
    assert seqs_shown(lotte) == list(range(1, 131))
    expect(older).to_be_hidden()
    context.close()


def test_a_link_to_an_old_message_opens_the_history_around_it(live_url, browser, settings):
    room = long_history(130, settings)
    context = browser.new_context(locale="nl-NL", viewport={"width": 1280, "height": 900})
    lotte = context.new_page()
    log_in(lotte, live_url, "teacher1")
    lotte.goto(f"{live_url}/ruimtes/{room.pk}/#bericht-12")
    linked = message(lotte, 12)
    expect(linked).to_be_in_viewport()
    expect(linked).to_have_class(re.compile(r"\blinked\b"))
    assert seqs_shown(lotte) == list(range(1, 37))
    expect(message(lotte, 130)).to_have_count(0)

    # A partner writes meanwhile: it is announced, not added to this old part of the log.
    in_thread(
        services.post_message,
        room=room,
        author=User.objects.get(username="teacher2"),
        client_id="new",
        body="Nieuw onderaan",
    )
    new_messages = lotte.locator("#room-new-messages")
    expect(new_messages).to_be_visible()
    expect(message(lotte, 131)).to_have_count(0)

    # Scrolling down loads the newer messages, window by window.
    log = lotte.locator("#room-messages")
    log.evaluate("log => { log.scrollTop = log.scrollHeight; }")
    expect(message(lotte, 37)).to_be_attached()

    # "New messages" jumps to the latest window, with the partner's message in view.
    new_messages.click()
    expect(message(lotte, 131)).to_be_in_viewport()
    assert seqs_shown(lotte) == list(range(82, 132))
    expect(lotte.locator("#room-older")).to_be_visible()
    context.close()
