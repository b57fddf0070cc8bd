"""The rules every room service checks, each written once: the shape of what is sent,
personal data, whether a room is open, the rate limit, the hold on a draft, @mentions,
and who may speak for a school in the room's network."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from casestudies.anonymisation import scrub, singling_out
from discussions import access, limits
from discussions.models import Message, Proposal, Room, RoomStatus
from netwerk.access import schools_of_person_in_network
from netwerk.markdown import mentioned_names, render_markdown
from netwerk.models import LearningNetwork
from schools.access import as_id
from schools.models import School, User

MAX_BODY_CHARS = 10_000
MAX_TITLE_CHARS = 200
MAX_CLIENT_ID_CHARS = 64
MAX_EMOJI_CHARS = 16
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
    "small_group": gettext_lazy("a group of fewer than five pupils"),
    "only_one": gettext_lazy("the only pupil of a kind"),
    "relation": gettext_lazy("a pupil known through a relative"),
    "special_category": gettext_lazy(
        "special personal data (health, religion, origin) about a few pupils"
    ),
}


class RoomError(Exception):
    """A refused room action. `code` is one of the protocol's error codes."""

    def __init__(self, code: str, detail: str) -> None:
        super().__init__(detail)
        self.code = code
        self.detail = detail


# --- What is sent -----------------------------------------------------------------------


def check_client_id(client_id: object) -> str:
    if not isinstance(client_id, str) or not 0 < len(client_id) <= MAX_CLIENT_ID_CHARS:
        raise RoomError("invalid", _("client_id must be a string of 1 to 64 characters."))
    check_storable(client_id)
    return client_id


def check_body(body: object, *, allow_empty: bool = False) -> str:
    if not isinstance(body, str) or (not allow_empty and not body.strip()):
        raise RoomError("invalid", _("The text is missing."))
    if len(body) > MAX_BODY_CHARS:
        raise RoomError("too_large", _("The text is longer than %d characters.") % MAX_BODY_CHARS)
    check_storable(body)
    return body


def clean_title(title: object) -> str:
    if not isinstance(title, str) or not title.strip():
        raise RoomError("invalid", _("The title is missing."))
    if len(title.strip()) > MAX_TITLE_CHARS:
        raise RoomError("invalid", _("The title is longer than %d characters.") % MAX_TITLE_CHARS)
    check_storable(title)
    return title.strip()


def check_storable(text: str) -> None:
    """Refuse what no real text holds and PostgreSQL cannot store: a NUL character, or half
    of a surrogate pair (JSON's `\\ud800` escape alone), which has no UTF-8 form."""
    if "\x00" in text:
        raise RoomError("invalid", _("The text contains a NUL character."))
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as error:
        raise RoomError("invalid", _("The text contains a character that is not text.")) from error


# --- Personal data ----------------------------------------------------------------------


def personal_data_found(text: str) -> list[tuple[str, str]]:
    """Each piece of personal data in a text as (kind, the words): what the scrubber finds
    (names, numbers, dates of birth, …) and statements that single out pupils without a
    name (a small group, the only one, a relative, special categories about a few)."""
    found = [(finding.kind, finding.original) for finding in scrub(text).findings]
    return found + [(concern.kind, concern.original) for concern in singling_out(text)]


def personal_data_spans(text: str) -> list[dict[str, object]]:
    """Where the scrubber finds personal data in a text, to mark it in place: the kind and
    the offsets in UTF-16 code units (as a browser counts them), not the words."""
    marks: list[dict[str, object]] = []
    for finding in scrub(text).findings:
        start = len(text[: finding.start].encode("utf-16-le")) // 2
        end = start + len(text[finding.start : finding.end].encode("utf-16-le")) // 2
        marks.append({"kind": finding.kind, "start": start, "end": end})
    return marks


def personal_data_in(text: str) -> list[str]:
    """The kinds of personal data found in a text, e.g. ["name", "small_group"]."""
    return sorted({kind for kind, _words in personal_data_found(text)})


def check_no_personal_data(*texts: str) -> None:
    """Proposals, edits and outcomes reach every partner at once, so they are refused
    rather than held when personal data is found in them. The refusal quotes what was
    found (the author's own words), so they know what to leave out."""
    found: dict[str, list[str]] = {}
    for text in texts:
        for kind, words in personal_data_found(text):
            quoted = found.setdefault(kind, [])
            if words not in quoted:
                quoted.append(words)
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


def check_proposal_without_personal_data(proposal: Proposal) -> None:
    """A proposal is worked out or adopted only while its merged text, as written together
    and stored now, holds no personal data (co-editing marks findings; it cannot refuse
    a keystroke)."""
    body = Proposal.objects.filter(pk=proposal.pk).values_list("body", flat=True).first()
    check_no_personal_data(proposal.title, body or "")


# --- The room ---------------------------------------------------------------------------


def lock(room: Room) -> Room:
    """The room's row, locked until commit: its seq and status (one SELECT … FOR UPDATE)."""
    return Room.objects.select_for_update().get(pk=room.pk)


def next_seq(locked: Room) -> int:
    locked.last_seq += 1
    locked.save(update_fields=["last_seq"])
    return locked.last_seq


def check_open(room: Room) -> None:
    """For a room read just now (the locked row); others are read again first."""
    if room.status != RoomStatus.OPEN:
        raise RoomError("forbidden", _("This room is closed."))


def check_open_now(room: Room) -> None:
    check_open(Room.objects.only("status").get(pk=room.pk))


def check_rate(person: User) -> None:
    try:
        limits.check(person_id=person.pk)
    except limits.RateLimited as error:
        raise RoomError("rate_limited", _("Slow down: too many posts at once.")) from error


# --- Messages ---------------------------------------------------------------------------


def check_live(message: Message) -> None:
    if message.held or message.deleted_at is not None or message.hidden_at is not None:
        raise RoomError("invalid", _("This message can no longer be changed."))


def check_own_live_message(message: Message, person: User) -> None:
    if message.author_id != person.pk:
        raise RoomError("forbidden", _("Only the author can change this message."))
    check_live(message)


def reply_target(room: Room, message_id: int | None) -> Message | None:
    if message_id is None:
        return None
    number = as_id(message_id)
    target = Message.objects.filter(room=room, pk=number, held=False).first() if number else None
    if target is None:
        raise RoomError("invalid", _("There is no such message in this room."))
    return target


def hold_seconds() -> int:
    return int(getattr(settings, "NETWERK_ROOM_HOLD_SECONDS", DEFAULT_HOLD_SECONDS))


def hold_cutoff(now: datetime.datetime | None = None) -> datetime.datetime:
    """Held drafts created before this are past the hold time: discarded, not released."""
    return (now or timezone.now()) - datetime.timedelta(seconds=hold_seconds())


def hold_expired(message: Message) -> bool:
    return message.created_at < hold_cutoff()


# --- Mentions ---------------------------------------------------------------------------


def names_mentioned(body: str) -> list[str]:
    """The @usernames a text names, at most MAX_MENTIONS, whether or not they exist."""
    return sorted(mentioned_names(body))[:MAX_MENTIONS]


def room_members_named(room: Room, body: str) -> list[User]:
    """The people of the room's network that the text mentions as `@username`."""
    return room_members_called(room, names_mentioned(body))


def room_members_called(room: Room, usernames: list[str]) -> list[User]:
    """The people of the room's network with these usernames (names_mentioned's)."""
    if not usernames:
        return []
    return list(access.people_of(room).filter(username__in=usernames))


def render_message(body: str, mentioned: list[User]) -> str:
    return render_markdown(body, mentions={person.username for person in mentioned})


# --- Schools ----------------------------------------------------------------------------


def school_speaking_in_network(person: User, school_id: int, network: LearningNetwork) -> School:
    """The person's school `school_id`, if it is an active member of the network."""
    number = as_id(school_id)
    schools = schools_of_person_in_network(person, network)
    school = schools.filter(pk=number).first() if number else None
    if school is None:
        raise RoomError("forbidden", _("Only a member of a school in this network can do this."))
    return school
