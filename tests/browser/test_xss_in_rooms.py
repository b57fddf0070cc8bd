"""The XSS corpus (tests/security/xss_corpus.py) as messages, proposals and titles in a
room, opened by a partner in real Chromium: no dialog opens, no request leaves for
another host, and nothing executable is in the rendered texts."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from playwright.sync_api import expect

from discussions import services
from netwerk.demo import seed_demo
from netwerk.models import LearningNetwork
from schools.models import User
from tests.browser.conftest import screenshot
from tests.browser.test_room import room_page
from tests.security.xss_corpus import PAYLOADS

pytestmark = pytest.mark.browser

# Run in the page: every element in server-rendered user text that could run script.
SCAN = """
() => {
  const allowed = new Set(["P","BR","HR","H1","H2","H3","H4","H5","H6","STRONG","EM","DEL",
    "CODE","PRE","BLOCKQUOTE","UL","OL","LI","A","TABLE","THEAD","TBODY","TR","TH","TD",
    "SUP","SUB","SPAN"]);
  const found = [];
  const roots = document.querySelectorAll(
    "#room-messages .body, #room-proposals .proposal-body, #room-proposals h3, h1");
  for (const root of roots) {
    for (const el of root.querySelectorAll("*")) {
      if (!allowed.has(el.tagName)) found.push(el.tagName);
      for (const attr of el.attributes) {
        if (attr.name.startsWith("on") || ["style","src","srcdoc","action","formaction"]
            .includes(attr.name)) found.push(el.tagName + "[" + attr.name + "]");
      }
      if (el.tagName === "A" && el.hasAttribute("href") &&
          !["http:","https:","mailto:"].includes(el.protocol))
        found.push("href=" + el.getAttribute("href"));
    }
  }
  return {roots: roots.length, found};
}
"""


def post_corpus(room, author: User, chunks: list[list[str]]) -> None:
    for number, chunk in enumerate(chunks):
        services.post_message(
            room=room,
            author=author,
            client_id=f"xss-{number}",
            body="\n\n".join(chunk),
            confirmed=True,
        )
    for number, chunk in enumerate(chunks[:6]):
        services.create_proposal(
            room=room,
            author=User.objects.get(username="coach"),
            client_id=f"xss-proposal-{number}",
            title=chunk[0][:200],
            body="\n\n".join(chunk),
        )
    connection.close()


def test_no_payload_runs_in_a_room(live_url, browser):
    seed_demo(password="test-password-123")
    room = services.open_theme_room(
        network=LearningNetwork.objects.get(name__startswith="Lerend netwerk"),
        person=User.objects.get(username="coordinator"),
        title="<img src=x onerror=alert(1)> ruimte",
    )
    chunks = [PAYLOADS[i : i + 12] for i in range(0, len(PAYLOADS), 12)]
    # Services broadcast after commit through async_to_sync, which cannot run in the
    # thread where Playwright's event loop lives: post from a thread of their own.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(post_corpus, room, User.objects.get(username="teacher1"), chunks).result()

    context, page, dialogs, foreign = room_page_with_traps(browser, live_url, room.pk)
    try:
        expect(page.locator("#room-messages li[data-seq]")).to_have_count(len(chunks))
        expect(page.locator("#room-proposals > li")).to_have_count(6)
        page.wait_for_timeout(500)  # let any onload/onerror handler fire
        result = page.evaluate(SCAN)
        screenshot(page, "xss-room")
        assert result["roots"] >= len(chunks) + 6
        assert result["found"] == []
        assert dialogs == []
        assert foreign == []
    finally:
        context.close()


def room_page_with_traps(browser, live_url: str, room_id: int):
    """The room page as teacher2, recording every dialog and every request to another
    host from the moment the page loads."""
    context, page = room_page(browser, live_url, "teacher2", room_id)
    dialogs: list[str] = []
    foreign: list[str] = []

    def on_dialog(dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    def on_request(request) -> None:
        if not request.url.startswith((live_url, "data:", "ws://127.0.0.1")):
            foreign.append(request.url)

    page.on("dialog", on_dialog)
    page.on("request", on_request)
    page.reload()
    expect(page.locator("#room-connection")).to_have_text("Verbonden")
    return context, page, dialogs, foreign
