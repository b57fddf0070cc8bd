"""Everything that changes a room. Pages, the API, the websocket consumer and the admin
all call these functions; each validates, saves in a transaction and publishes its event
after commit (discussions.events)."""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass
from typing import Any

import psycopg
from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from capacity.derivation.proposals import derive_adoption, derive_endorsement
from casestudies import services as case_services
from casestudies.anonymisation import scrub
from casestudies.models import Action, CaseStudy
from discussions import access, dbthreads, events, limits, onloop
from discussions.models import (
    Adoption,
    Endorsement,
    Mention,
    Message,
    MessageRevision,
    Proposal,
    ProposalRevision,
    ProposalStatus,
    Reaction,
    Room,
    RoomKind,
    RoomStatus,
)
from meetings.models import NetworkSession
from netwerk.markdown import mentioned_names, render_markdown
from netwerk.models import LearningNetwork, NetworkMembership
from notifications import rooms as room_notifications
from schools.models import School, SchoolMembership, User

log = logging.getLogger(__name__)

MAX_BODY_CHARS = 10_000
MAX_TITLE_CHARS = 200
MAX_CLIENT_ID_CHARS = 64
MAX_EMOJI_CHARS = 16
SYNC_BATCH = 500
MAX_MENTIONS = 20
DEFAULT_HOLD_SECONDS = 900

# What the scrubber found, in words (the kinds of casestudies.anonymisation.scrub).
FINDING_LABELS = {
    "name": gettext_lazy("a name"),
    "pupil_number": gettext_lazy("a pupil number"),
    "bsn": gettext_lazy("a citizen service number (BSN)"),
    "email": gettext_lazy("an e-mail address"),
    "phone": gettext_lazy("a phone number"),
    "birth_date": gettext_lazy("a date of birth"),
    "postcode": gettext_lazy("a postcode"),
    "address": gettext_lazy("an address"),
}


class RoomError(Exception):
    """A refused room action. `code` is one of the protocol's error codes."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


class VersionConflict(Exception):
    """A proposal edit based on an old version; carries the current proposal."""

    def __init__(self, current: Proposal) -> None:
        super().__init__(f"Proposal {current.pk} is at version {current.version}")
        self.current = current


@dataclass(frozen=True)
class Posted:
    message: Message
    created: bool


@dataclass(frozen=True)
class Created:
    proposal: Proposal
    created: bool


# --- Rooms ------------------------------------------------------------------------------


@transaction.atomic
def open_theme_room(*, network: LearningNetwork, person: User, title: str) -> Room:
    room = Room(network=network, kind=RoomKind.THEME, title=_clean_title(title), created_by=person)
    room.full_clean()
    room.save()
    return room


def close_room(*, room: Room) -> Room:
    return _set_room_status(room=room, status=RoomStatus.CLOSED)


def archive_room(*, room: Room) -> Room:
    return _set_room_status(room=room, status=RoomStatus.ARCHIVED)


def reopen_room(*, room: Room) -> Room:
    return _set_room_status(room=room, status=RoomStatus.OPEN)


@transaction.atomic
def _set_room_status(*, room: Room, status: RoomStatus) -> Room:
    room = Room.objects.select_for_update().get(pk=room.pk)
    room.status = status
    room.save(update_fields=["status"])
    events.publish_room(room)
    return room


def messages_after(*, room: Room, after_seq: int, limit: int = SYNC_BATCH) -> list[Message]:
    """Released messages with seq > after_seq, in seq order (a `sync` or a history page)."""
    if after_seq < 0:
        raise RoomError("invalid", _("after_seq must be 0 or more."))
    last_seq = Room.objects.values_list("last_seq", flat=True).get(pk=room.pk)
    if after_seq > last_seq:
        raise RoomError("invalid", _("after_seq is ahead of this room (last seq %d).") % last_seq)
    visible = Message.objects.filter(room=room, seq__gt=after_seq).select_related("author")
    return list(visible.order_by("seq")[:limit])


# --- Messages ---------------------------------------------------------------------------


def post_message(
    *,
    room: Room,
    author: User,
    client_id: str,
    body: str,
    reply_to: int | None = None,
    confirmed: bool = False,
    plain: bool = True,
) -> Posted:
    """Store a message and broadcast it after commit. A client_id seen before returns the
    stored message and creates nothing. Text that looks like personal data is held for
    its author (Posted.message.held) until confirm_message releases it; a new message
    from the author replaces the held one (see _discard_held).

    A plain message (no reply, no mention, nothing to hold) is one SQL statement, the
    rate limit included (_post_plain). Everything else, and whatever the plain path
    declines, is one transaction of five queries: the room's row lock (which also reads
    its status), the client_id look-up (which also finds held messages to discard), the
    rate limit's count, the insert and the room's new last_seq. `plain=False` skips the
    plain path (apost_message has tried it already)."""
    _check_client_id(client_id)
    _check_body(body)
    findings = [] if confirmed else personal_data_in(body)
    # Rendered before the lock is taken, so the lock is held only for the writes.
    mentioned = _room_members_named(room, body)
    body_html = _render_message(body, mentioned)
    if plain and not findings and not mentioned and reply_to is None:
        posted = _post_plain(room, author, client_id, body, body_html)
        if posted is not None:
            return posted
    with transaction.atomic():
        locked = _lock(room)
        existing, held = _by_client_id_and_held(locked, author, client_id)
        if existing is not None:
            return Posted(existing, created=False)
        _check_open(locked)
        _check_rate(author)
        _discard_held([m for m in held if m.author_id == author.pk or _hold_expired(m)])
        message = Message(
            room=locked,
            author=author,
            client_id=client_id,
            body=body,
            body_html=body_html,
            reply_to=_reply_target(locked, reply_to),
            held=bool(findings),
            held_findings=findings,
        )
        if not message.held:
            message.seq = _next_seq(locked)
        # room, author and reply_to were just read (the locked room, the person posting,
        # a checked reply target): no need for full_clean to query each of them again.
        message.full_clean(
            exclude=["room", "author", "reply_to"],
            validate_unique=False,
            validate_constraints=False,
        )
        message.save()
        _record_mentions(message, mentioned)
        if not message.held:
            events.publish_message(message, new=True)
            room_notifications.message_posted(message=message, mentioned=mentioned)
    return Posted(message, created=True)


# The room's next seq and the message, in one statement (so in one transaction of its own):
# the UPDATE takes the room's row lock, which orders the seqs; it matches only an open
# room with no held message to discard first (the author's own draft, or anyone's past
# the hold time) and an author within the rate limit, so those cases, like a repeated
# client_id (the unique constraint), fall through to the full path, which tells which.
_PLAIN_INSERT = f"""
WITH room AS (
    UPDATE "{Room._meta.db_table}" SET "last_seq" = "last_seq" + 1
    WHERE "id" = %(room)s AND "status" = %(open)s AND NOT EXISTS (
        SELECT 1 FROM "{Message._meta.db_table}" AS held
        WHERE held."room_id" = %(room)s AND held."seq" IS NULL AND held."held"
          AND (held."author_id" = %(author)s OR held."created_at" < %(expired)s)
    ) AND {limits.RECENT_POSTS_SQL} < %(limit)s
    RETURNING "id", "last_seq"
)
INSERT INTO "{Message._meta.db_table}" (
    "room_id", "seq", "author_id", "client_id", "body", "body_html", "reply_to_id",
    "held", "held_findings", "pinned", "created_at", "edited_at", "deleted_at"
)
SELECT room."id", room."last_seq", %(author)s, %(client_id)s, %(body)s, %(body_html)s,
       NULL, false, '[]'::jsonb, false, %(now)s, NULL, NULL
FROM room
RETURNING "id", "seq"
"""  # noqa: S608 (table names from the models; every value is a parameter)


def _post_plain(
    room: Room, author: User, client_id: str, body: str, body_html: str
) -> Posted | None:
    """The common case, a plain message, without a transaction block: one round trip to
    PostgreSQL instead of seven (BEGIN, five queries, COMMIT). None when the full path
    must decide: a repeated client_id, a closed room, held messages to discard, a full
    rate window (the full path checks the client_id first, so a repeat is never refused),
    or a caller's open transaction. PostgreSQL only."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        return None
    now = timezone.now()
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                _PLAIN_INSERT, _plain_params(room, author, client_id, body, body_html, now)
            )
            row = cursor.fetchone()
    except IntegrityError:
        row = None
    if row is None:
        return None
    message = _plain_message(row, room, author, client_id, body, body_html, now)
    # Autocommit: the statement has committed, so this broadcasts at once.
    events.publish_message(message, new=True)
    return Posted(message, created=True)


async def apost_message(
    *, room: Room, author: User, client_id: object, body: object, reply_to: int | None = None
) -> Posted:
    """post_message for the room websocket, called on its event loop: a plain message is
    checked, rendered and stored right there (one statement over a connection of the
    loop's own, onloop.database); anything else, or whatever that path declines (as in
    _post_plain), goes to post_message in a database thread."""
    client_id = _check_client_id(client_id)
    body = _check_body(body)
    if reply_to is None and not mentioned_names(body) and onloop.database_available():
        posted = await _apost_plain(room, author, client_id, body)
        if posted is not None:
            return posted
    posted_by_thread: Posted = await dbthreads.call(
        post_message,
        room=room,
        author=author,
        client_id=client_id,
        body=body,
        reply_to=reply_to,
        plain=False,
    )
    return posted_by_thread


async def _apost_plain(room: Room, author: User, client_id: str, body: str) -> Posted | None:
    if personal_data_in(body):
        return None  # held: the full path stores and holds it
    body_html = render_markdown(body)
    now = timezone.now()
    try:
        async with onloop.database() as database:
            params = _plain_params(room, author, client_id, body, body_html, now)
            # Prepared on the connection's first post: later ones skip parsing and planning.
            cursor = await database.execute(_PLAIN_INSERT, params, prepare=True)
            row = await cursor.fetchone()
    except psycopg.IntegrityError:
        row = None
    except psycopg.OperationalError:
        # The connection broke (PostgreSQL restarted, say): the thread path, with Django's
        # connection handling, decides, and finds the message if it was stored.
        log.warning("Room post on the event loop failed; trying a database thread", exc_info=True)
        row = None
    if row is None:
        return None
    message = _plain_message(row, room, author, client_id, body, body_html, now)
    events.broadcast_soon(room.pk, events.message_event(message, new=True))
    return Posted(message, created=True)


def _plain_params(
    room: Room, author: User, client_id: str, body: str, body_html: str, now: datetime.datetime
) -> dict[str, Any]:
    return {
        "room": room.pk,
        "open": RoomStatus.OPEN.value,
        "author": author.pk,
        "expired": now - datetime.timedelta(seconds=hold_seconds()),
        "client_id": client_id,
        "body": body,
        "body_html": body_html,
        "now": now,
        **limits.sql_params(now),
    }


def _plain_message(
    row: tuple[Any, ...],
    room: Room,
    author: User,
    client_id: str,
    body: str,
    body_html: str,
    now: datetime.datetime,
) -> Message:
    """The message _PLAIN_INSERT stored (its id and seq in `row`), as a saved instance."""
    message = Message(
        pk=row[0],
        room=room,
        seq=row[1],
        author=author,
        client_id=client_id,
        body=body,
        body_html=body_html,
        created_at=now,
    )
    message._state.adding = False
    message._state.db = connection.alias
    return message


def confirm_message(*, message: Message, author: User, body: str | None = None) -> Message:
    """Release a held message, as written or with the author's corrected text. A message
    held for longer than the hold time is discarded instead (RoomError `invalid`)."""
    if message.author_id != author.pk:
        raise RoomError("forbidden", _("Only the author can release this message."))
    if not message.held:
        return message
    if body is not None:
        _check_body(body)
    mentioned = _room_members_named(message.room, body) if body is not None else []
    with transaction.atomic():
        locked = _lock(message.room)
        found = Message.objects.select_for_update().filter(pk=message.pk).first()
        if found is None:
            raise RoomError("invalid", _("This message is no longer waiting for you."))
        message = found
        if not message.held:
            return message
        _check_open(locked)
        if _hold_expired(message):
            _discard_held([message])
            expired = True
        else:
            expired = False
            if body is not None:
                message.body, message.body_html = body, _render_message(body, mentioned)
                message.mentions.all().delete()
                _record_mentions(message, mentioned)
            message.held, message.held_findings = False, []
            message.seq = _next_seq(locked)
            message.save(update_fields=["body", "body_html", "held", "held_findings", "seq"])
            events.publish_message(message, new=True)
            room_notifications.message_posted(message=message, mentioned=_mentioned_in(message))
    if expired:
        raise RoomError(
            "invalid", _("This message waited too long and was discarded; send it again.")
        )
    return message


def hold_seconds() -> int:
    return int(getattr(settings, "NETWERK_ROOM_HOLD_SECONDS", DEFAULT_HOLD_SECONDS))


def _hold_cutoff() -> datetime.datetime:
    """Held drafts created before this are past the hold time: discarded, not released."""
    return timezone.now() - datetime.timedelta(seconds=hold_seconds())


def _hold_expired(message: Message) -> bool:
    return message.created_at < _hold_cutoff()


def held_drafts(*, room: Room, author: User) -> list[Message]:
    """The author's own messages in the room still held after a personal-data warning
    (never anyone else's), oldest first; none past the hold time."""
    drafts = Message.objects.filter(
        room=room, author=author, held=True, seq__isnull=True, created_at__gte=_hold_cutoff()
    )
    return list(drafts.order_by("created_at", "pk"))


def _discard_held(messages: list[Message]) -> None:
    """Delete held messages for good: never released, so nobody else saw them, and their
    text is what looked like personal data. Done when their author writes a new message
    in the room instead of confirming (the rewrite replaces the draft), and for any held
    message older than the hold time, at the next post in its room."""
    if messages:
        Message.objects.filter(pk__in=[m.pk for m in messages], held=True).delete()


@transaction.atomic
def edit_message(*, message: Message, editor: User, body: str) -> Message:
    _check_own_live_message(message, editor)
    _check_body(body)
    _check_open_now(message.room)
    _check_no_personal_data(body)
    MessageRevision.objects.create(message=message, body=message.body)
    mentioned = _room_members_named(message.room, body)
    message.body, message.body_html = body, _render_message(body, mentioned)
    message.edited_at = timezone.now()
    message.save(update_fields=["body", "body_html", "edited_at"])
    message.mentions.all().delete()
    _record_mentions(message, mentioned)
    events.publish_message(message, new=False)
    room_notifications.message_posted(message=message, mentioned=mentioned)
    return message


@transaction.atomic
def delete_message(*, message: Message, person: User) -> Message:
    _check_own_live_message(message, person)
    MessageRevision.objects.create(message=message, body=message.body)
    message.deleted_at = timezone.now()
    message.save(update_fields=["deleted_at"])
    events.publish_message(message, new=False)
    return message


@transaction.atomic
def react(*, message: Message, person: User, emoji: str, on: bool = True) -> Message:
    emoji = emoji.strip()
    if not emoji or len(emoji) > MAX_EMOJI_CHARS or any(c.isspace() for c in emoji):
        raise RoomError("invalid", _("A reaction is one short emoji or word."))
    _check_live(message)
    _check_open_now(message.room)
    if on:
        Reaction.objects.get_or_create(message=message, person=person, emoji=emoji)
    else:
        Reaction.objects.filter(message=message, person=person, emoji=emoji).delete()
    events.publish_message(message, new=False)
    return message


@transaction.atomic
def pin_message(*, message: Message, pinned: bool = True) -> Message:
    _check_live(message)
    _check_open_now(message.room)
    message.pinned = pinned
    message.save(update_fields=["pinned"])
    events.publish_message(message, new=False)
    return message


def personal_data_in(text: str) -> list[str]:
    """The kinds of personal data the scrubber finds in a text, e.g. ["name", "phone"]."""
    return sorted({finding.kind for finding in scrub(text).findings})


# --- Proposals --------------------------------------------------------------------------


def create_proposal(
    *,
    room: Room,
    author: User,
    client_id: str,
    title: str,
    body: str = "",
    from_message: int | None = None,
) -> Created:
    _check_client_id(client_id)
    title = _clean_title(title)
    _check_body(body, allow_empty=True)
    _check_no_personal_data(title, body)
    with transaction.atomic():
        locked = _lock(room)
        existing = Proposal.objects.filter(room=room, author=author, client_id=client_id).first()
        if existing is not None:
            return Created(existing, created=False)
        _check_open(locked)
        _check_rate(author)
        proposal = Proposal(
            room=room,
            author=author,
            client_id=client_id,
            title=title,
            body=body,
            body_html=render_markdown(body),
            from_message=_reply_target(room, from_message),
        )
        proposal.full_clean(validate_unique=False, validate_constraints=False)
        proposal.save()
        ProposalRevision.objects.create(
            proposal=proposal, version=1, title=title, body=body, edited_by=author
        )
        events.publish_proposal(proposal, new=True)
        room_notifications.proposal_created(proposal=proposal)
    return Created(proposal, created=True)


@transaction.atomic
def edit_proposal(
    *, proposal: Proposal, editor: User, base_version: int, title: str, body: str
) -> Proposal:
    """Save a new version, or raise VersionConflict with the current one when the edit
    was based on an older version: nobody overwrites another's work."""
    title = _clean_title(title)
    _check_body(body, allow_empty=True)
    _check_no_personal_data(title, body)
    _check_open_now(proposal.room)
    proposal = Proposal.objects.select_for_update().select_related("author").get(pk=proposal.pk)
    if proposal.version != base_version:
        raise VersionConflict(proposal)
    proposal.title, proposal.body, proposal.body_html = title, body, render_markdown(body)
    proposal.version += 1
    proposal.save(update_fields=["title", "body", "body_html", "version", "updated_at"])
    ProposalRevision.objects.create(
        proposal=proposal, version=proposal.version, title=title, body=body, edited_by=editor
    )
    events.publish_proposal(proposal, new=False)
    return proposal


@transaction.atomic
def mark_worked_out(*, proposal: Proposal) -> Proposal:
    _check_open_now(proposal.room)
    if proposal.status != ProposalStatus.IDEA:
        raise RoomError("invalid", _("Only an idea can be marked as worked out."))
    proposal.status = ProposalStatus.WORKED_OUT
    proposal.save(update_fields=["status", "updated_at"])
    events.publish_proposal(proposal, new=False)
    return proposal


@transaction.atomic
def endorse_proposal(*, proposal: Proposal, person: User) -> Proposal:
    _check_open_now(proposal.room)
    if proposal.author_id == person.pk:  # support comes from partners
        raise RoomError("invalid", _("You cannot endorse your own proposal."))
    if Endorsement.objects.filter(proposal=proposal, person=person).exists():
        raise RoomError("invalid", _("You have already endorsed this proposal."))
    endorsement = Endorsement.objects.create(proposal=proposal, person=person)
    derive_endorsement(endorsement)
    events.publish_proposal(proposal, new=False)
    return proposal


@transaction.atomic
def adopt_proposal(*, proposal: Proposal, school_id: int, person: User) -> Adoption:
    """A school of the room's network takes the proposal into its action plan; the
    person adopting must belong to that school."""
    _check_open_now(proposal.room)
    school = _school_speaking_in_network(person, school_id, proposal.room.network)
    if Adoption.objects.filter(proposal=proposal, school=school).exists():
        raise RoomError("invalid", _("This school has already adopted this proposal."))
    adoption = Adoption.objects.create(proposal=proposal, school=school, adopted_by=person)
    adoption.action = create_case_study_action(adoption=adoption)
    adoption.save(update_fields=["action"])
    derive_adoption(adoption)
    if proposal.status in {ProposalStatus.IDEA, ProposalStatus.WORKED_OUT}:
        proposal.status = ProposalStatus.ADOPTED
        proposal.save(update_fields=["status", "updated_at"])
    events.publish_proposal(proposal, new=False)
    return adoption


ADOPTED_ACTION_DAYS = 60


def create_case_study_action(*, adoption: Adoption) -> Action | None:
    """The adopted proposal becomes an action in the adopting school's action plan: that of
    its most recently worked-on case study without an evaluation (None if it has none)."""
    case = (
        CaseStudy.objects.filter(datateam__school=adoption.school, evaluation__isnull=True)
        .order_by("-updated_at")
        .first()
    )
    if case is None:
        return None
    # Stored text, read by the whole school: in the platform's language, not the actor's.
    with translation.override(settings.LANGUAGE_CODE):
        description = _("From the network: %(title)s") % {"title": adoption.proposal.title}
    return case_services.add_action(
        case=case,
        description=description,
        owner=adoption.adopted_by.display_name,
        due_date=timezone.localdate() + datetime.timedelta(days=ADOPTED_ACTION_DAYS),
    )


@transaction.atomic
def open_case_room(*, case: CaseStudy, network: LearningNetwork, person: User) -> Room:
    """The room where partners discuss a published case: one per case and network, opened
    the first time someone wants to talk about it."""
    room, _created = Room.objects.get_or_create(
        kind=RoomKind.CASE,
        case_study=case,
        network=network,
        defaults={"title": case.title[:200], "created_by": person},
    )
    return room


@transaction.atomic
def open_session_room(*, session: NetworkSession, person: User) -> Room:
    """The live room of a network session, in the session's network: one per session,
    opened the first time someone goes in."""
    if session.status == NetworkSession.Status.CANCELLED:
        raise RoomError("invalid", _("This session was cancelled."))
    room, _created = Room.objects.get_or_create(
        kind=RoomKind.SESSION,
        network_session=session,
        defaults={"network": session.network, "title": session.title[:200], "created_by": person},
    )
    return room


@transaction.atomic
def evaluate_adoption(
    *, proposal: Proposal, school_id: int, person: User, outcome: str
) -> Adoption:
    """The adopting school reports how it went; every partner sees the outcome."""
    school = _school_speaking_in_network(person, school_id, proposal.room.network)
    adoption = Adoption.objects.filter(proposal=proposal, school=school).first()
    if adoption is None:
        raise RoomError("invalid", _("This school has not adopted this proposal."))
    if not isinstance(outcome, str) or not outcome.strip():
        raise RoomError("invalid", _("Describe the outcome."))
    _check_body(outcome)
    _check_no_personal_data(outcome)
    adoption.outcome, adoption.evaluated_at = outcome.strip(), timezone.now()
    adoption.save(update_fields=["outcome", "evaluated_at"])
    proposal.status = ProposalStatus.EVALUATED
    proposal.save(update_fields=["status", "updated_at"])
    events.publish_proposal(proposal, new=False)
    return adoption


# --- Helpers ----------------------------------------------------------------------------


def _lock(room: Room) -> Room:
    """The room's row, locked until commit: its seq and status (one SELECT … FOR UPDATE)."""
    return Room.objects.select_for_update().get(pk=room.pk)


def _next_seq(locked: Room) -> int:
    locked.last_seq += 1
    locked.save(update_fields=["last_seq"])
    return locked.last_seq


def _by_client_id_and_held(
    room: Room, author: User, client_id: str
) -> tuple[Message | None, list[Message]]:
    """In one query: the author's message with this client_id, if any, and the room's held
    messages (no seq yet: found through the (room, seq) index, normally none)."""
    found = list(
        Message.objects.filter(room=room)
        .filter(Q(author=author, client_id=client_id) | Q(seq__isnull=True))
        .order_by()
    )
    existing = None
    for message in found:
        if message.author_id == author.pk and message.client_id == client_id:
            existing, message.author = message, author
    return existing, [m for m in found if m is not existing and m.held]


def _reply_target(room: Room, message_id: int | None) -> Message | None:
    if message_id is None:
        return None
    target = Message.objects.filter(room=room, pk=message_id, held=False).first()
    if target is None:
        raise RoomError("invalid", _("There is no such message in this room."))
    return target


def _room_members_named(room: Room, body: str) -> list[User]:
    """The people of the room's network that the text mentions as `@username`."""
    usernames = sorted(mentioned_names(body))[:MAX_MENTIONS]
    if not usernames:
        return []
    return list(access.people_of(room).filter(username__in=usernames))


def _render_message(body: str, mentioned: list[User]) -> str:
    return render_markdown(body, mentions={person.username for person in mentioned})


def _record_mentions(message: Message, mentioned: list[User]) -> None:
    Mention.objects.bulk_create([Mention(message=message, person=u) for u in mentioned])


def _mentioned_in(message: Message) -> list[User]:
    return list(User.objects.filter(room_mentions__message=message))


def _school_speaking_in_network(person: User, school_id: int, network: LearningNetwork) -> School:
    in_network = NetworkMembership.objects.active().filter(network=network)
    own = SchoolMembership.objects.filter(person=person)
    school = (
        School.objects.filter(
            pk=school_id,
            pk__in=in_network.values("school_id"),
        )
        .filter(pk__in=own.values("school_id"))
        .first()
    )
    if school is None:
        raise RoomError("forbidden", _("Only a member of a school in this network can do this."))
    return school


def _check_rate(person: User) -> None:
    try:
        limits.check(person_id=person.pk)
    except limits.RateLimited as error:
        raise RoomError("rate_limited", _("Slow down: too many posts at once.")) from error


def _check_open(room: Room) -> None:
    """For a room read just now (the locked row); others are read again first."""
    if room.status != RoomStatus.OPEN:
        raise RoomError("forbidden", _("This room is closed."))


def _check_open_now(room: Room) -> None:
    _check_open(Room.objects.only("status").get(pk=room.pk))


def _check_live(message: Message) -> None:
    if message.held or message.deleted_at is not None:
        raise RoomError("invalid", _("This message can no longer be changed."))


def _check_own_live_message(message: Message, person: User) -> None:
    if message.author_id != person.pk:
        raise RoomError("forbidden", _("Only the author can change this message."))
    _check_live(message)


def _check_no_personal_data(*texts: str) -> None:
    """Proposals, edits and outcomes reach every partner at once, so they are refused
    rather than held when the scrubber finds personal data in them. The refusal quotes
    what was found (the author's own words), so they know what to leave out."""
    found: dict[str, list[str]] = {}
    for text in texts:
        for finding in scrub(text).findings:
            quoted = found.setdefault(finding.kind, [])
            if finding.original not in quoted:
                quoted.append(finding.original)
    if found:
        what = "; ".join(
            f"{FINDING_LABELS.get(kind, kind)}: " + ", ".join(f"“{o}”" for o in quoted[:3])
            for kind, quoted in sorted(found.items())
        )
        raise RoomError(
            "invalid",
            _("This looks like it contains personal data (%s). Leave it out: nothing that "
              "identifies a pupil or a person may leave the school.") % what,
        )  # fmt: skip


def _check_client_id(client_id: object) -> str:
    if not isinstance(client_id, str) or not 0 < len(client_id) <= MAX_CLIENT_ID_CHARS:
        raise RoomError("invalid", _("client_id must be a string of 1 to 64 characters."))
    return client_id


def _check_body(body: object, *, allow_empty: bool = False) -> str:
    if not isinstance(body, str) or (not allow_empty and not body.strip()):
        raise RoomError("invalid", _("The text is missing."))
    if len(body) > MAX_BODY_CHARS:
        raise RoomError("too_large", _("The text is longer than %d characters.") % MAX_BODY_CHARS)
    if "\x00" in body:  # PostgreSQL stores no NUL characters; no real text holds them
        raise RoomError("invalid", _("The text contains a NUL character."))
    return body


def _clean_title(title: object) -> str:
    if not isinstance(title, str) or not title.strip():
        raise RoomError("invalid", _("The title is missing."))
    if len(title.strip()) > MAX_TITLE_CHARS:
        raise RoomError("invalid", _("The title is longer than %d characters.") % MAX_TITLE_CHARS)
    if "\x00" in title:
        raise RoomError("invalid", _("The title contains a NUL character."))
    return title.strip()
