"""Shared documents: proposal bodies and session minutes written together live (Yjs, on
the room socket; docs/realtime-protocol.md).

Every acknowledged update is stored before its `doc.ack`, under a row lock on the
document, so the updates of every process line up in one order (`seq`). Each process
keeps the documents it serves in memory and catches up on what other processes stored
since; a snapshot takes the stored updates in now and then. The merged text is copied to
the proposal (or the minutes) in the same transaction, so the API returns it at once; the
slower work (the personal-data check, the rendered markdown, a version for the history)
follows a moment later in `review_document`.
"""

from __future__ import annotations

import datetime
import threading
from collections import OrderedDict
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from discussions import ydocs
from discussions.events import DocumentEdited, ProposalChanged
from discussions.models import (
    DocumentUpdate,
    DocumentVersion,
    Proposal,
    Room,
    SharedDocument,
)
from discussions.services import docstore
from discussions.services.rules import (
    RoomError,
    check_client_id,
    check_open,
    check_storable,
    personal_data_spans,
)
from meetings.models import NetworkSession
from netwerk.events import emit
from netwerk.markdown import render_markdown
from schools.models import User

MAX_UPDATE_BYTES = 32 * 1024
MAX_DOCUMENT_CHARS = 50_000
# Stored updates a snapshot takes in at once; and how long the history waits between two
# versions of a document that keeps changing.
COMPACT_EVERY = 500
VERSION_EVERY = datetime.timedelta(minutes=10)
LIVE_DOCUMENTS = 64

Target = Proposal | NetworkSession


@dataclass
class Live:
    """A document in this process's memory, as stored up to `seq`."""

    doc: ydocs.YDoc
    seq: int


@dataclass(frozen=True)
class Applied:
    seq: int | None  # None: it changed nothing (a repeated update), and nothing was stored
    text: str


_live: OrderedDict[int, Live] = OrderedDict()
_live_lock = threading.Lock()


def document_name(target: Target) -> str:
    kind = "proposal" if isinstance(target, Proposal) else "minutes"
    return f"{kind}:{target.pk}"


def open_document(*, room: Room, target: Target) -> SharedDocument:
    """The shared document of a proposal or of minutes; made from the current text the
    first time anyone opens it."""
    name = document_name(target)
    found = SharedDocument.objects.filter(name=name).first()
    if found is not None:
        return found
    text = target.body if isinstance(target, Proposal) else target.minutes
    with transaction.atomic():
        document, _created = SharedDocument.objects.get_or_create(
            name=name,
            defaults={"room": room, "snapshot": ydocs.seeded(text), "text": text},
        )
        if _created:
            DocumentVersion.objects.create(document=document, text=text)
    return document


def document_sync(*, document: SharedDocument, state_vector: bytes) -> bytes:
    """What a client at `state_vector` lacks, as one update."""
    if len(state_vector) > MAX_UPDATE_BYTES:
        raise RoomError("too_large", _("This state vector is too large."))
    with transaction.atomic():
        locked = SharedDocument.objects.select_for_update().get(pk=document.pk)
        live = _caught_up(locked)
        try:
            return ydocs.missing(live.doc, state_vector)
        except ydocs.InvalidUpdate as error:
            raise RoomError("invalid", _("This is not a Yjs state vector.")) from error


@dataclass(frozen=True)
class Edit:
    """One update someone sent, with whose it is and its client_id."""

    author: User
    client_id: object
    update: bytes


def apply_document_update(
    *, document: SharedDocument, author: User, client_id: object, update: bytes
) -> Applied:
    """Merge one update into the document and store it before anyone is told."""
    result = apply_document_updates(document=document, edits=[Edit(author, client_id, update)])
    if isinstance(result[0], RoomError):
        raise result[0]
    return result[0]


def apply_document_updates(
    *, document: SharedDocument, edits: list[Edit]
) -> list[Applied | RoomError]:
    """Merge and store the updates that arrived while the last ones were being stored, in
    one transaction (the document's lock taken once: a group commit). Each is answered on
    its own: when one is refused, the others are stored one by one, so a refusal costs
    only its sender."""
    try:
        with transaction.atomic():
            return list(_apply_locked(document, edits))
    except RoomError as refused:
        _forget(document.pk)  # memory may hold what was not stored
        if len(edits) == 1:
            return [refused]
        return [apply_document_updates(document=document, edits=[edit])[0] for edit in edits]
    except BaseException:
        _forget(document.pk)
        raise


def _apply_locked(document: SharedDocument, edits: list[Edit]) -> list[Applied]:
    live = _cached(document.pk)
    state = docstore.lock(document.pk, after=live.seq if live is not None else -1)
    check_open(Room(status=state.room_status))
    live = _caught_up_with(document, live, state)
    stored: list[docstore.Row] = []
    seqs: list[int | None] = []
    for edit in edits:
        client_id = check_client_id(edit.client_id)
        if len(edit.update) > MAX_UPDATE_BYTES:
            raise RoomError("too_large", _("This change is too large; send it in parts."))
        try:
            changed = ydocs.apply(live.doc, edit.update)
        except ydocs.InvalidUpdate as error:
            raise RoomError("invalid", _("This is not a Yjs update of this text.")) from error
        seq = state.last_seq + len(stored) + 1 if changed else None
        if seq is not None:
            stored.append(docstore.Row(seq, edit.update, edit.author.pk, client_id))
        seqs.append(seq)
    text = ydocs.text_of(live.doc)
    if stored:
        _check_text(text)
        _store_rows(document, live, stored, state, text)
    return [Applied(seq=seq, text=text) for seq in seqs]


def _check_text(text: str) -> None:
    if len(text) > MAX_DOCUMENT_CHARS:
        raise RoomError(
            "too_large", _("The text is longer than %d characters.") % MAX_DOCUMENT_CHARS
        )
    check_storable(text)


def _store_rows(
    document: SharedDocument, live: Live, rows: list[docstore.Row], state: docstore.Locked,
    text: str,
) -> None:  # fmt: skip
    author = rows[-1].author_id
    docstore.append(document=document, rows=rows, text=text, author_id=author)
    live.seq = rows[-1].seq
    if live.seq - state.snapshot_seq >= COMPACT_EVERY:  # now and then: a snapshot
        _compact(SharedDocument.objects.get(pk=document.pk), live)


def _compact(locked: SharedDocument, live: Live) -> None:
    locked.snapshot, locked.snapshot_seq = ydocs.full_state(live.doc), live.seq
    locked.save(update_fields=["snapshot", "snapshot_seq"])
    locked.updates.filter(seq__lte=live.seq).delete()


def _cached(document_id: int) -> Live | None:
    with _live_lock:
        return _live.get(document_id)


def _caught_up_with(document: SharedDocument, live: Live | None, state: docstore.Locked) -> Live:
    """The memory copy brought up to the locked row: from the snapshot when it is older
    than the snapshot (or newer than what is stored: a rolled-back write), else with the
    updates other processes stored since."""
    if live is None or live.seq < state.snapshot_seq or live.seq > state.last_seq:
        if state.snapshot is None:  # a copy ahead of the store; read everything again
            return _caught_up(SharedDocument.objects.get(pk=document.pk))
        live = Live(ydocs.load(state.snapshot, state.updates), state.last_seq)
    else:
        ydocs.load_into(live.doc, state.updates)
        live.seq = state.last_seq
    _remember(document.pk, live)
    return live


def _remember(document_id: int, live: Live) -> None:
    with _live_lock:
        _live[document_id] = live
        _live.move_to_end(document_id)
        while len(_live) > LIVE_DOCUMENTS:
            _live.popitem(last=False)


def _store(
    locked: SharedDocument, live: Live, update: bytes, *, author: User | None, client_id: str,
    text: str,
) -> None:  # fmt: skip
    locked.last_seq += 1
    DocumentUpdate.objects.create(
        document=locked, seq=locked.last_seq, update=update, author=author, client_id=client_id
    )
    locked.text = text
    locked.save(update_fields=["last_seq", "text", "updated_at"])
    _copy_text(locked, text, author)
    live.seq = locked.last_seq
    if locked.last_seq - locked.snapshot_seq >= COMPACT_EVERY:
        _compact(locked, live)


def _copy_text(document: SharedDocument, text: str, author: User | None) -> None:
    """The merged text where the API and the pages read it."""
    kind, pk = document.name.split(":")
    now = timezone.now()
    if kind == "proposal":
        Proposal.objects.filter(pk=int(pk)).update(body=text, updated_at=now)
    else:
        NetworkSession.objects.filter(pk=int(pk)).update(
            minutes=text, minutes_updated_at=now, minutes_updated_by=author
        )


def _locked(document: SharedDocument) -> SharedDocument:
    """The document's row, locked until commit, with its room's (unlocked) status."""
    rows = SharedDocument.objects.select_for_update(of=("self",)).select_related("room")
    return rows.defer("text", "findings").get(pk=document.pk)


def _caught_up(locked: SharedDocument) -> Live:
    """This process's copy of a document whose row is locked, with every stored update."""
    with _live_lock:
        live = _live.get(locked.pk)
        if live is not None:
            _live.move_to_end(locked.pk)
    if live is None or live.seq < locked.snapshot_seq or live.seq > locked.last_seq:
        live = Live(ydocs.load(bytes(locked.snapshot), []), locked.snapshot_seq)
    if live.seq < locked.last_seq:
        newer = locked.updates.filter(seq__gt=live.seq).order_by("seq")
        updates = list(newer.values_list("seq", "update"))
        ydocs.load_into(live.doc, [bytes(update) for _seq, update in updates])
        live.seq = locked.last_seq
    _remember(locked.pk, live)
    return live


def _forget(document_id: int) -> None:
    with _live_lock:
        _live.pop(document_id, None)


def load_document(document: SharedDocument) -> str:
    """The text as stored, from the snapshot and every update since (no memory copy)."""
    snapshot, snapshot_seq = SharedDocument.objects.values_list("snapshot", "snapshot_seq").get(
        pk=document.pk
    )
    updates = docstore.updates_after(document.pk, snapshot_seq)
    return ydocs.text_of(ydocs.load(bytes(snapshot), updates))


# --- Review, history, restore -------------------------------------------------------------


@dataclass(frozen=True)
class Reviewed:
    document: SharedDocument
    findings: list[dict[str, object]]


def review_document(*, document_id: int) -> Reviewed | None:
    """Check the merged text for personal data (marked in place by the findings' offsets),
    render it, and keep a version for the history now and then; None when nothing changed
    since the last review."""
    document = SharedDocument.objects.select_related("room").get(pk=document_id)
    if document.reviewed_seq == document.last_seq:
        return None
    findings = personal_data_spans(document.text)
    html = render_markdown(document.text)
    with transaction.atomic():
        done = SharedDocument.objects.filter(pk=document.pk, last_seq=document.last_seq)
        if not done.update(findings=findings, reviewed_seq=document.last_seq):
            return None  # changed meanwhile: the next review takes it
        document.findings, document.reviewed_seq = findings, document.last_seq
        _keep_version(document)
        kind, pk = document.name.split(":")
        if kind == "proposal":
            Proposal.objects.filter(pk=int(pk)).update(body_html=html)
            emit(ProposalChanged(proposal=Proposal.objects.select_related("author").get(pk=pk)))
    return Reviewed(document, findings)


def _keep_version(document: SharedDocument, *, person: User | None = None) -> None:
    latest = document.versions.first()
    if latest is not None and latest.text == document.text:
        return
    if latest is None or timezone.now() - latest.created_at >= VERSION_EVERY or person:
        DocumentVersion.objects.create(document=document, text=document.text, made_by=person)


def document_versions(*, document: SharedDocument) -> list[DocumentVersion]:
    return list(document.versions.select_related("made_by")[:50])


def restore_version(*, version: DocumentVersion, person: User) -> SharedDocument:
    """Make an older version the current text, as one more edit (relayed like anyone's,
    so nobody's open editor loses its place), and keep it as a version of its own."""
    document = write_text(document=version.document, text=version.text, person=person)
    DocumentVersion.objects.create(
        document=document, text=version.text, made_by=person, restored_from=version
    )
    return document


def write_text(*, document: SharedDocument, text: str, person: User) -> SharedDocument:
    """Replace the text from the server (the API, a restore): the smallest splice from the
    current text, stored and relayed as an update (DocumentEdited)."""
    if len(text) > MAX_DOCUMENT_CHARS:
        raise RoomError(
            "too_large", _("The text is longer than %d characters.") % MAX_DOCUMENT_CHARS
        )
    check_storable(text)
    try:
        with transaction.atomic():
            locked = _locked(document)
            check_open(locked.room)
            live = _caught_up(locked)
            if ydocs.text_of(live.doc) == text:
                return locked
            update = ydocs.replace_text(live.doc, text)
            _store(locked, live, update, author=person, client_id="server", text=text)
            emit(DocumentEdited(document=locked, update=update))
    except BaseException:
        _forget(document.pk)
        raise
    return locked
