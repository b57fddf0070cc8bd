"""What clients see of a poll: its shape, and its results (for whom they are not hidden).

Results are hidden from someone who has not voted in a poll that hides them, until the
poll is closed. The live copy (discussions.live) carries the results with the voters'
keys; each connection drops them for its own person when hidden (consumers_decisions)."""

from __future__ import annotations

from collections import Counter
from typing import Any, TypedDict

from django.urls import reverse
from django.utils import timezone

from discussions.broadcast import Person, person
from discussions.decision_models import Poll, PollKind, Stance, Vote
from discussions.services.polls import is_open_for_votes, voter_key


class OptionPayload(TypedDict):
    id: int
    label: str
    starts_at: str | None
    ends_at: str | None


class ReasonPayload(TypedDict):
    stance: str
    reason: str
    voter: Person | None


class ResultsPayload(TypedDict):
    votes: int
    # Per stance (proposal) or per option id (the other kinds): agree/abstain/… counts,
    # the sum of the scores or dots, or how many chose a time.
    tally: dict[str, int]
    # Score polls: the mean score per option id, one decimal.
    mean: dict[str, float]
    reasons: list[ReasonPayload]
    voters: list[Person]


class SessionLink(TypedDict):
    id: int
    title: str
    url: str


class PollPayload(TypedDict):
    id: int
    room: int
    kind: str
    title: str
    details: str
    author: Person
    options: list[OptionPayload]
    dots: int | None
    anonymous: bool
    hide_results: bool
    closes_at: str
    open: bool
    closed_at: str | None
    closed_by: Person | None
    outcome: str
    chosen_option: int | None
    decision: int | None
    session: SessionLink | None
    results: ResultsPayload | None
    voted: bool


def poll_payload(poll: Poll, *, viewer_id: int | None = None) -> PollPayload:
    """The poll for one viewer (REST), or for the live copy (viewer_id None: results in,
    `voted` false; each connection then fits them to its person)."""
    votes = list(poll.votes.select_related("voter").order_by("pk"))
    voted = viewer_id is not None and any(
        v.voter_key == voter_key(poll.pk, viewer_id) for v in votes
    )
    shown = viewer_id is None or results_visible(poll, voted=voted)
    return {
        "id": poll.pk,
        "room": poll.room_id,
        "kind": poll.kind,
        "title": poll.title,
        "details": poll.details,
        "author": person(poll.author),
        "options": [option_payload(o) for o in poll.options.all()],
        "dots": poll.dots,
        "anonymous": poll.anonymous,
        "hide_results": poll.hide_results,
        "closes_at": poll.closes_at.isoformat(),
        "open": is_open_for_votes(poll, timezone.now()),
        "closed_at": poll.closed_at.isoformat() if poll.closed_at else None,
        "closed_by": person(poll.closed_by) if poll.closed_by else None,
        "outcome": poll.outcome,
        "chosen_option": poll.chosen_option_id,
        "decision": poll.decision_id,
        "session": session_link(poll),
        "results": results_of(poll, votes) if shown else None,
        "voted": voted,
    }


def results_visible(poll: Poll, *, voted: bool) -> bool:
    return not poll.hide_results or voted or poll.closed_at is not None


def option_payload(option: Any) -> OptionPayload:
    return {
        "id": option.pk,
        "label": option.label,
        "starts_at": option.starts_at.isoformat() if option.starts_at else None,
        "ends_at": option.ends_at.isoformat() if option.ends_at else None,
    }


def session_link(poll: Poll) -> SessionLink | None:
    session = poll.planned_session or poll.room.network_session
    if session is None or (poll.planned_session is None and poll.decision_id is None):
        return None
    url = reverse("session-detail", args=[session.pk])
    return {"id": session.pk, "title": session.title, "url": url}


def results_of(poll: Poll, votes: list[Vote]) -> ResultsPayload:
    tally: Counter[str] = Counter()
    counts: Counter[str] = Counter()
    reasons: list[ReasonPayload] = []
    if poll.kind == PollKind.PROPOSAL:
        tally.update(dict.fromkeys(Stance.values, 0))
    for vote in votes:
        if poll.kind == PollKind.PROPOSAL:
            stance = str(vote.choices.get("stance"))
            tally[stance] += 1
            if vote.reason:
                voter = None if vote.voter is None else person(vote.voter)
                reasons.append({"stance": stance, "reason": vote.reason, "voter": voter})
            continue
        for key, value in vote.choices.items():
            tally[key] += int(value)
            counts[key] += 1
    mean: dict[str, float] = {}
    if poll.kind == PollKind.SCORE:
        mean = {key: round(tally[key] / counts[key], 1) for key in counts}
    voters = [person(v.voter) for v in votes if v.voter is not None]
    return {
        "votes": len(votes),
        "tally": dict(tally),
        "mean": mean,
        "reasons": reasons,
        "voters": voters,
    }
