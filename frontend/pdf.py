"""Pages as PDF documents: the page's own template, laid out by the print stylesheet
(frontend/css/print.css) with its server-side SVG charts, by WeasyPrint.

Only the platform's own static files are read, from disk; any other address in the page
(an image in a person's text, say) is never fetched, so a PDF cannot be made to reach
into the network."""

from __future__ import annotations

import functools
import hashlib
import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.http import content_disposition_header

# A document that never changes (a published version) is kept this long once made.
KEPT_FOR = 7 * 24 * 3600
# What decides how a kept document looks besides its own data: a change to any of these
# files makes every kept PDF be made anew.
LAYOUT_FILES = [
    "frontend/templates/base.html",
    "frontend/templates/cases/publication.html",
    "frontend/static/frontend/css/netwerk.css",
    "frontend/static/frontend/css/print.css",
]


def pdf_response(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    filename: str,
    unchanging: str = "",
) -> HttpResponse:
    """The page as a PDF. With `unchanging` (a key naming a document that never changes,
    such as a published version), the PDF is made once per language and layout and then
    served from the cache: every member sees the same document, for the print stylesheet
    hides the page's personal parts (the top bar, forms)."""
    key = ""
    if unchanging:
        key = f"pdf:{_layout_digest()}:{translation.get_language()}:{unchanging}"
        kept = cache.get(key)
        if isinstance(kept, bytes):
            return _pdf(kept, filename)
    # Imported here: WeasyPrint loads Pango, which only the PDF downloads need.
    from weasyprint import HTML

    html = render_to_string(template, context, request=request)
    document = HTML(
        string=html, base_url=request.build_absolute_uri("/"), url_fetcher=_static_fetcher()
    )
    body = document.write_pdf()
    if key:
        cache.set(key, body, KEPT_FOR)
    return _pdf(body, filename)


def _pdf(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


@functools.cache
def _layout_digest() -> str:
    digest = hashlib.sha256()
    for name in LAYOUT_FILES:
        digest.update((Path(settings.BASE_DIR) / name).read_bytes())
    return digest.hexdigest()[:16]


def pdf_filename(title: str) -> str:
    safe = "".join(c if c.isalnum() or c in " -_" else " " for c in title)
    return f"{'-'.join(safe.split())[:80] or 'netwerk'}.pdf"


def static_file(url: str) -> tuple[bytes, str] | None:
    """The bytes and type of one of the platform's static files named by its URL: from
    the app's own folder, or the collected copy (hashed names in production)."""
    path = urlsplit(url).path
    prefix = "/" + settings.STATIC_URL.lstrip("/")
    if not path.startswith(prefix) or ".." in path:
        return None
    name = path.removeprefix(prefix)
    found = finders.find(name)
    if isinstance(found, str):
        with open(found, "rb") as stream:
            return stream.read(), _type(name)
    if staticfiles_storage.exists(name):
        with staticfiles_storage.open(name) as stream:
            return stream.read(), _type(name)
    return None


def _type(name: str) -> str:
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def _static_fetcher() -> Any:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticOnly(URLFetcher):  # type: ignore[misc]
        def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
            found = static_file(url) if url.startswith(("http:", "https:")) else None
            if found is None:
                raise ValueError(f"not one of the platform's static files: {url[:200]}")
            body, content_type = found
            return URLFetcherResponse(url, body, {"Content-Type": content_type})

    return StaticOnly()
