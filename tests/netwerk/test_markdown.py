"""The one markdown renderer: formatting survives, nothing executable does."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from hypothesis import given
from hypothesis import strategies as st

from netwerk import markdown
from netwerk.markdown import render_markdown

XSS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<iframe src=javascript:alert(1)></iframe>",
    "<body onload=alert(1)>",
    '<a href="javascript:alert(1)">x</a>',
    "[klik](javascript:alert(1))",
    "[klik](JaVaScRiPt:alert(1))",
    "[klik](  javascript:alert(1))",
    "[klik](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[klik](vbscript:msgbox(1))",
    "![x](javascript:alert(1))",
    '![x](x "onerror=alert(1)")',
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>*{x:expression(alert(1))}</style>",
    "<object data=javascript:alert(1)>",
    "<embed src=javascript:alert(1)>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<input autofocus onfocus=alert(1)>",
    "<form action=javascript:alert(1)><button>x</button></form>",
    '<meta http-equiv=refresh content="0;url=javascript:alert(1)">',
    "<base href=javascript:alert(1)//>",
    "<link rel=stylesheet href=javascript:alert(1)>",
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;:alert(1)">x</a>',
    "[x](&#106;avascript:alert(1))",
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</script>",
    "`<script>alert(1)</script>`",
    "```html\n<script>alert(1)</script>\n```",
    "> <img src=x onerror=alert(1)>",
    "* <svg/onload=alert(1)>",
    "| <img src=x onerror=alert(1)> | b |\n|---|---|\n| c | d |",
    "<a href=x onmouseover=alert(1)>x</a>",
    "<p onclick=alert(1)>x</p>",
    "<video><source onerror=alert(1)></video>",
    "<!--<img src=x onerror=alert(1)>-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '[x](https://example.org" onmouseover="alert(1))',
]

SAFE_TAGS = {
    "p",
    "br",
    "hr",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "em",
    "del",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "sup",
    "sub",
}


def safe_url(value: str) -> bool:
    """As a browser's URL parser reads it: tabs and newlines removed, surrounding control
    characters and spaces trimmed; then either no scheme at all (a relative address) or
    http, https or mailto."""
    url = re.sub(r"[\t\n\r]", "", value).strip("\x00\x01\x02\x03\x04\x05\x06\x07\x08 ")
    scheme = re.match(r"^([a-zA-Z][a-zA-Z0-9+.-]*):", url)
    return scheme is None or scheme.group(1).lower() in {"http", "https", "mailto"}


class ExecutableFinder(HTMLParser):
    """Parses the output as a browser would and lists anything that could run."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in SAFE_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in {"style", "src", "srcdoc", "action"}:
                self.found.append(f"{tag}[{name}]")
            if name == "href" and not safe_url(value or ""):
                self.found.append(f"href={value}")


def executable_parts(html: str) -> list[str]:
    finder = ExecutableFinder()
    finder.feed(html)
    return finder.found


@pytest.mark.parametrize("payload", XSS)
def test_nothing_executable_survives(payload):
    html = render_markdown(payload)
    assert executable_parts(html) == [], html


@given(st.text(alphabet=st.sampled_from(list("<>\"'=/:;()[]!`*#- \nabcjsvrtpion&")), max_size=80))
def test_random_markup_never_produces_anything_executable(text):
    assert executable_parts(render_markdown(text)) == []


def test_ordinary_formatting_is_kept():
    html = render_markdown("## Doel\n\n**Minder** zittenblijvers in *havo 4*.\n\n- a\n- b")
    assert "<h2>Doel</h2>" in html
    assert "<strong>Minder</strong>" in html
    assert "<li>a</li>" in html


def test_safe_links_keep_their_address_and_get_rel():
    html = render_markdown("[rapport](https://example.org/r)")
    assert 'href="https://example.org/r"' in html
    assert "noopener" in html


def test_tables_render():
    assert "<td>1</td>" in render_markdown("| a | b |\n|---|---|\n| 1 | 2 |")


def test_the_checker_itself_sees_executable_html():
    assert executable_parts('<img src=x onerror="alert(1)"><a href="javascript:x">y</a>') == [
        "<img>",
        "img[src]",
        "img[onerror]",
        "href=javascript:x",
    ]


def test_mentions_are_marked_only_for_the_given_names_and_never_in_code_or_links():
    html = render_markdown(
        "Hoi @jan, @piet. `@jan` [link](https://x.nl/@jan) jan@school.nl",
        mentions={"jan", "piet"},
    )
    assert html.count('<span class="mention">') == 2
    assert '<span class="mention">@piet</span>.' in html
    assert "<code>@jan</code>" in html
    assert 'href="https://x.nl/@jan"' in html
    assert "jan@school.nl" in html


def test_a_mention_in_emphasis_or_a_link_text_is_marked_once():
    html = render_markdown("**@jan** en [@jan](https://x.nl/@jan)", mentions={"jan"})
    assert '<strong><span class="mention">@jan</span></strong>' in html
    assert ">@jan</span></a>" in html
    assert html.count('<span class="mention">') == 2


def test_an_image_becomes_a_link_named_by_its_alt_text_and_loads_nothing():
    html = render_markdown(
        '![grafiek](https://x.nl/a.png) ![](https://x.nl/b.png "titel") ![kwaad](javascript:x)'
    )
    assert "<img" not in html
    assert '<a href="https://x.nl/a.png" rel="noopener noreferrer nofollow">grafiek</a>' in html
    assert '<a href="https://x.nl/b.png" title="titel"' in html
    assert ">https://x.nl/b.png</a>" in html
    assert "javascript" not in html
    assert ">kwaad</a>" in html


def test_an_image_inside_a_link_leaves_its_words_in_that_link():
    html = render_markdown("[![logo](https://x.nl/logo.png) en meer](https://x.nl/)")
    assert "<img" not in html
    assert html.count("<a ") == 1
    assert ">logo</span> en meer</a>" in html


def test_a_mention_class_cannot_be_written_by_hand():
    html = render_markdown('<span class="mention">@jan</span>', mentions={"jan"})
    assert "&lt;span" in html


def test_the_checker_reads_addresses_as_a_browser_does():
    assert not safe_url("java\tscript:alert(1)")
    assert not safe_url(" JavaScript:alert(1)")
    assert not safe_url("data:text/html,x")
    assert safe_url("java    script:alert(1)")  # no scheme: a relative address
    assert safe_url("https://example.org/")
    assert safe_url("#top")


# --- The shortcut for plain paragraphs --------------------------------------------------

PLAIN = "aZéß9ü.,;:?!'\"()/%€@-"
WORDS = st.one_of(
    st.text(alphabet=st.sampled_from(list(PLAIN)), min_size=1, max_size=8),
    st.text(alphabet=st.sampled_from(list(PLAIN + "*_#`<>&[]|~=+\\{}\t\r\u00a0")), max_size=8),
)
SPACES = st.sampled_from(
    [" ", " ", " ", "\n", "\n\n", "", "  ", "\n\n\n", "\n \n", " \n", "\n    "]
)


@st.composite
def chat_texts(draw: st.DrawFn) -> str:
    """Texts mostly of plain words, with now and then a character or a spacing that means
    something in markdown."""
    parts = draw(st.lists(st.tuples(SPACES, WORDS), min_size=1, max_size=12))
    text = "".join(space + word for space, word in parts)[len(parts[0][0]) :]
    start = draw(st.sampled_from(["", "", "", " ", "1. ", "- ", "\n", "    "]))
    return start + text + draw(st.sampled_from(["", "", "", " ", "\n", "  "]))


@given(chat_texts())
def test_the_shortcut_for_plain_paragraphs_renders_as_markdown_does(text):
    shortcut = markdown._paragraphs_only(text)
    if shortcut is not None:
        assert shortcut == markdown._parsed_and_cleaned(text)


@given(
    st.lists(
        st.tuples(
            st.text(alphabet=st.sampled_from(list("aZéßü")), min_size=1, max_size=3),
            st.text(alphabet=st.sampled_from(list(PLAIN)), max_size=6),
        ),
        min_size=1,
        max_size=12,
    ),
    st.lists(st.sampled_from([" ", "\n", "\n\n"]), min_size=12, max_size=12),
)
def test_plain_paragraphs_take_the_shortcut(words, spaces):
    pieces = zip(spaces[: len(words)], words, strict=True)
    text = "".join(space + start + rest for space, (start, rest) in pieces)[1:]
    text = text.lstrip("\n")
    assert markdown._paragraphs_only(text) == markdown._parsed_and_cleaned(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kunnen we volgende sessie de data van begrijpend lezen naast elkaar leggen?",
        "Eens. Ik neem de vragenlijst mee (die van 2025), dan vergelijken we 50% sneller!",
        "Eerste regel\nTweede regel\n\nNieuwe alinea: e-mail jan@school.nl of 'bel even'.",
    ],
)
def test_ordinary_chat_text_takes_the_shortcut_and_renders_as_markdown_does(text):
    assert markdown._paragraphs_only(text) == markdown._parsed_and_cleaned(text)
    assert render_markdown(text) == markdown._parsed_and_cleaned(text)


@pytest.mark.parametrize(
    "text",
    ["1. lijst", "- lijst", "**vet**", "regel  \nbreuk", "    code", "Titel\n===", "a\n\n\nb"],
)
def test_text_with_markdown_in_it_does_not_take_the_shortcut(text):
    assert markdown._paragraphs_only(text) is None
