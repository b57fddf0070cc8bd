"""The platform's one markdown renderer: python-markdown, then the nh3 allow-list.

Pure: a string in, safe HTML out; no Django. Every place that shows user text (case
narratives, messages, proposals, minutes) renders through `render_markdown`, and the
browser never turns user text into HTML itself. Raw HTML in the input is escaped, not
passed through; whatever markdown produces is cleaned again, so no script, event handler,
style, iframe or `javascript:` link survives.
"""

from __future__ import annotations

import markdown
import nh3

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


def render_markdown(text: str) -> str:
    """Safe HTML for user-written markdown."""
    md = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    # Disable raw HTML: python-markdown's html preprocessors would keep tags verbatim.
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    html = md.convert(text[:MAX_MARKDOWN_CHARS])
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=ALLOWED_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
