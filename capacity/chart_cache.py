"""Dashboard charts kept in the cache by what they show: drawing takes matplotlib a few
tenths of a second per chart, while the figures behind most charts rarely change between
two views. The key is a digest of the drawing function and every argument, so a change in
any figure, label or language draws the chart anew; nothing needs to be invalidated."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import ParamSpec

from django.core.cache import cache

P = ParamSpec("P")
KEPT_FOR = 7 * 24 * 3600
VERSION = 2  # raise when the charts' look changes, so that no old drawing is served


def cached_chart(draw: Callable[P, str], *args: P.args, **kwargs: P.kwargs) -> str:
    shown = repr((VERSION, draw.__module__, draw.__qualname__, args, sorted(kwargs.items())))
    key = "dashboard-chart:" + hashlib.sha256(shown.encode()).hexdigest()
    svg = cache.get(key)
    if not isinstance(svg, str):
        svg = draw(*args, **kwargs)
        cache.set(key, svg, KEPT_FOR)
    return svg
