"""The platform's one markdown renderer: python-markdown, then the nh3 allow-list.

Pure: a string in, safe HTML out; no Django. Every place that shows user text (case
narratives, messages, proposals, minutes) renders through `render_markdown`, and the
browser never turns user text into HTML itself. Raw HTML in the input is escaped, not
passed through; whatever markdown produces is cleaned again, so no script, event handler,
style, iframe or `javascript:` link survives.
"""

from __future__ import annotations

import re
import threading
import xml.etree.ElementTree as etree
from collections.abc import Collection

import markdown
import nh3
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

MAX_MARKDOWN_CHARS = 100_000

ALLOWED_TAGS = {
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
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "th": {"align"}, "td": {"align"}, "ol": {"start"}}
ALLOWED_SCHEMES = {"http", "https", "mailto"}
EXTENSIONS = ["tables", "fenced_code", "sane_lists", "nl2br"]
# `@name` not glued to a word or another `@` (so e-mail addresses are not mentions); a
# trailing dot or comma ends the sentence, not the name.
MENTION = r"(?<![\w@])@([\w.+-]{0,149}[\w+-])"
# The only class the renderer itself adds; any other class is stripped.
ALLOWED_CLASSES = {"span": {"class": {"mention"}}}
# After links and autolinks, so a name inside a URL stays part of the URL; code spans
# are never searched.
MENTION_PRIORITY = 105


class MentionProcessor(InlineProcessor):  # type: ignore[misc]
    """Marks `@name` as a mention when the name is one of the given ones."""

    def __init__(self, names: Collection[str], md: markdown.Markdown) -> None:
        super().__init__(MENTION, md)
        self.names = frozenset(names)

    def handleMatch(
        self, m: re.Match[str], data: str
    ) -> tuple[etree.Element | None, int | None, int | None]:
        if m.group(1) not in self.names:
            return None, None, None
        element = etree.Element("span", {"class": "mention"})
        # Atomic: the inline patterns do not run over the name again (inside emphasis or
        # a link they would wrap it a second time).
        element.text = AtomicString(m.group(0))
        return element, m.start(0), m.end(0)


class ImagesAsLinks(Treeprocessor):  # type: ignore[misc]
    """An image becomes a link to it, named by its alt text (else its address): pages
    load no picture from elsewhere (that would tell its server who reads along), and the
    words the writer gave it stay."""

    def run(self, root: etree.Element) -> None:
        for parent in root.iter():
            for index, child in enumerate(parent):
                if child.tag != "img":
                    continue
                if parent.tag == "a":  # already inside a link: its words only
                    words = etree.Element("span")
                    words.text = AtomicString(child.get("alt") or "")
                    words.tail = child.tail
                    parent[index] = words
                    continue
                link = etree.Element("a", {"href": child.get("src", "")})
                if child.get("title"):
                    link.set("title", child.get("title", ""))
                link.text = AtomicString(child.get("alt") or child.get("src", ""))
                link.tail = child.tail
                parent[index] = link


def _markdown() -> markdown.Markdown:
    md = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    # Disable raw HTML: python-markdown's html preprocessors would keep tags verbatim.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.treeprocessors.register(ImagesAsLinks(md), "images_as_links", 5)
    return md


# One reusable plain renderer per thread (a Markdown instance holds a conversion's state).
_plain = threading.local()

# A line that markdown leaves as it is: letters, digits and punctuation without a meaning
# in markdown, words apart by single spaces; not starting with a digit or a dash (lists,
# rules, headings) and ending without a space (a hard break).
_INERT = r"(?:[^\W_]|[.,;:?!'\"()/%€@-])"
_INERT_LINE = re.compile(rf"(?![\d-]){_INERT}(?:{_INERT}| (?={_INERT}))*")


def mentioned_names(text: str) -> set[str]:
    """Every `@name` in a text, whether or not it names anyone."""
    return set(re.findall(MENTION, text))


def render_markdown(text: str, *, mentions: Collection[str] = ()) -> str:
    """Safe HTML for user-written markdown; `@name` for a name in `mentions` becomes
    `<span class="mention">@name</span>`."""
    text = text[:MAX_MARKDOWN_CHARS]
    if not mentions and (html := _paragraphs_only(text)) is not None:
        return html
    return _parsed_and_cleaned(text, mentions)


def _parsed_and_cleaned(text: str, mentions: Collection[str] = ()) -> str:
    if mentions:
        md = _markdown()
        md.inlinePatterns.register(MentionProcessor(mentions, md), "mention", MENTION_PRIORITY)
    else:
        # Building a Markdown instance costs about as much as converting a chat message,
        # so the plain one is built once per thread and reset between texts.
        md = getattr(_plain, "md", None)
        if md is None:
            md = _plain.md = _markdown()
        md.reset()
    html = md.convert(text)
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS | {"span"},
        attributes=ALLOWED_ATTRIBUTES,
        tag_attribute_values=ALLOWED_CLASSES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )


def _paragraphs_only(text: str) -> str | None:
    """What render_markdown makes of text that is only paragraphs of plain lines (most chat
    messages), without python-markdown's parse; None for anything else. A property test
    holds the two equal."""
    paragraphs = []
    for block in text.split("\n\n"):
        lines = block.split("\n")
        if not all(_INERT_LINE.fullmatch(line) for line in lines):
            return None
        paragraphs.append("<p>" + "<br>\n".join(lines) + "</p>")
    return "\n".join(paragraphs)
