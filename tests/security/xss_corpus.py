"""At least 150 XSS and markdown payloads: hand-written classics plus systematic variants
(every dangerous tag with every way to run script, every URL scheme in every markdown
and HTML link form, with the usual obfuscations)."""

from __future__ import annotations

from itertools import product

from tests.netwerk.test_markdown import XSS as CLASSICS

HANDLERS = ["onerror", "onload", "onmouseover", "onfocus", "onclick", "onanimationstart"]
TAGS = ["img src=x", "svg", "video", "audio src=x", "body", "iframe", "input autofocus", "marquee"]
SCHEMES = [
    "javascript:alert(1)",
    "JAVASCRIPT:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "java&#x09;script:alert(1)",
    "&#x6A;avascript:alert(1)",
    "javascript&colon;alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "vbscript:msgbox(1)",
    "livescript:alert(1)",
]
LINK_FORMS = [
    "[x]({url})",
    "![x]({url})",
    "[x][r]\n\n[r]: {url}",
    "<{url}>",
    '<a href="{url}">x</a>',
    '<img src="{url}">',
    '<iframe src="{url}"></iframe>',
]
EXTRA = [
    "<scr\u200bipt>alert(1)</script>",  # NUL itself is refused before it is stored
    "<img src=x onerror=&#97;&#108;&#101;&#114;&#116;(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<svg><a xlink:href=javascript:alert(1)><text>x</text></a></svg>",
    "<math href=javascript:alert(1)>x</math>",
    "<template><script>alert(1)</script></template>",
    "<textarea></textarea><script>alert(1)</script>",
    "<title></title><script>alert(1)</script>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "</p><script>alert(1)</script><p>",
    '<a href="#" style="position:fixed;inset:0">x</a>',
    '[x](#" onclick="alert(1))',
    "**<img src=x onerror=alert(1)>**",
    "_<svg onload=alert(1)>_",
    "~~<script>alert(1)</script>~~",
    "@<img src=x onerror=alert(1)>",
    "@teacher1<script>alert(1)</script>",
    '<div data-x="" onmouseover=alert(1)>x</div>',
    "<isindex type=image src=1 onerror=alert(1)>",
    "<keygen autofocus onfocus=alert(1)>",
    "<xss id=x tabindex=1 onfocus=alert(1)></xss>",
]


def corpus() -> list[str]:
    payloads = list(CLASSICS)
    payloads += [f"<{tag} {handler}=alert(1)>" for tag, handler in product(TAGS, HANDLERS)]
    payloads += [form.format(url=url) for form, url in product(LINK_FORMS, SCHEMES)]
    payloads += EXTRA
    unique = list(dict.fromkeys(payloads))
    assert len(unique) >= 150, len(unique)
    return unique


PAYLOADS = corpus()
