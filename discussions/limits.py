"""Per-person rate limit for what people post in rooms: at most NETWERK_ROOM_RATE_LIMIT
posts (messages and proposals, held messages included) in any NETWERK_ROOM_RATE_WINDOW
seconds. The defaults, 20 in 10 seconds, let a person post a message every second and
still send a burst of ten.

What is counted is what is stored, so the count is shared by every process and costs no
round trip of its own: a plain message's one statement checks it as it stores the message
(RECENT_POSTS_SQL, in services.posting.PLAIN_INSERT), and the full path asks once under the
room's row lock (`check`). A repeated client_id stores nothing, so it never counts, and a
refused post is not stored, so a flood never locks its sender out for longer than the
window. Two posts of one person at the same moment in different rooms both see the count
from before the other: a person can pass the limit by at most one post per extra
connection they have open, which keeps the check free of a lock per person.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.utils import timezone

from discussions.models import Message, Proposal

DEFAULT_LIMIT = 20
DEFAULT_WINDOW_SECONDS = 10

# The number of posts of %(author)s since %(since)s; the index on (author, created_at) of
# both tables finds them. Used in a WHERE clause: `… AND RECENT_POSTS_SQL < %(limit)s`.
RECENT_POSTS_SQL = f"""(
    (SELECT count(*) FROM "{Message._meta.db_table}"
     WHERE "author_id" = %(author)s AND "created_at" > %(since)s)
  + (SELECT count(*) FROM "{Proposal._meta.db_table}"
     WHERE "author_id" = %(author)s AND "created_at" > %(since)s)
)"""  # noqa: S608 (table names from the models; every value is a parameter)


class RateLimited(Exception):
    pass


def limit() -> tuple[int, int]:
    """(posts, seconds)."""
    return (
        int(getattr(settings, "NETWERK_ROOM_RATE_LIMIT", DEFAULT_LIMIT)),
        int(getattr(settings, "NETWERK_ROOM_RATE_WINDOW", DEFAULT_WINDOW_SECONDS)),
    )


def sql_params(now: datetime.datetime) -> dict[str, Any]:
    """`since` and `limit` for RECENT_POSTS_SQL, for a post made `now`."""
    posts, seconds = limit()
    return {"since": now - datetime.timedelta(seconds=seconds), "limit": posts}


def posted_since(person_id: int, since: datetime.datetime) -> int:
    """RECENT_POSTS_SQL through the ORM (so on every database), as one query."""
    recent = {"author_id": person_id, "created_at__gt": since}
    messages = Message.objects.filter(**recent).order_by().values("pk")
    proposals = Proposal.objects.filter(**recent).order_by().values("pk")
    return messages.union(proposals, all=True).count()


def check(*, person_id: int) -> None:
    """Raise RateLimited when this person may not post now."""
    params = sql_params(timezone.now())
    if posted_since(person_id, params["since"]) >= params["limit"]:
        raise RateLimited
