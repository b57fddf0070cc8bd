"""The keystroke path of shared documents in as few statements as PostgreSQL allows: every
update of a document waits for the one before it (a row lock), so the time that lock is
held bounds how fast a document can be written. Two statements: lock the document and
read what other processes stored since (`lock`), then store the update and the merged
text at once (`append`). discussions.services.documents decides; this only reads and
writes. On another database (SQLite, the embedded default) the same steps run through the
ORM, where one writer at a time is all the database allows anyway."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from discussions.models import DocumentUpdate, Proposal, Room, SharedDocument
from meetings.models import NetworkSession

DOCUMENTS = SharedDocument._meta.db_table
UPDATES = DocumentUpdate._meta.db_table
ROOMS = Room._meta.db_table

LOCK = f"""
SELECT d.last_seq, d.snapshot_seq, r.status,
       CASE WHEN d.snapshot_seq > %(after)s THEN d.snapshot END, u.seq, u.update
FROM {DOCUMENTS} d
JOIN {ROOMS} r ON r.id = d.room_id
LEFT JOIN {UPDATES} u ON u.document_id = d.id AND u.seq > GREATEST(%(after)s, d.snapshot_seq)
WHERE d.id = %(id)s
ORDER BY u.seq
FOR UPDATE OF d
"""  # noqa: S608 (table names from the models)

# Table names come from the models, values only as parameters.
TARGETS = {
    "proposal": f"UPDATE {Proposal._meta.db_table} SET body = %(text)s, "  # noqa: S608
    "updated_at = now() WHERE id = %(target)s",
    "minutes": f"UPDATE {NetworkSession._meta.db_table} SET minutes = %(text)s, "  # noqa: S608
    "minutes_updated_at = now(), minutes_updated_by_id = %(author)s WHERE id = %(target)s",
}

APPEND = """
WITH stored AS (
    INSERT INTO {updates} (document_id, seq, update, author_id, client_id, created_at)
    SELECT %(id)s, row.seq, row.update, row.author, row.client_id, now()
    FROM unnest(%(seqs)s::bigint[], %(updates)s::bytea[], %(authors)s::bigint[],
                %(client_ids)s::text[]) AS row(seq, update, author, client_id)
), document AS (
    UPDATE {documents} SET last_seq = %(seq)s, text = %(text)s, updated_at = now()
    WHERE id = %(id)s
), target AS ({target})
SELECT 1
"""


@dataclass(frozen=True)
class Row:
    seq: int
    update: bytes
    author_id: int | None
    client_id: str


@dataclass
class Locked:
    last_seq: int
    snapshot_seq: int
    room_status: str
    snapshot: bytes | None  # only when the caller's copy is older than the snapshot
    updates: list[bytes] = field(default_factory=list)  # stored after the caller's copy


NEWER = f"SELECT update FROM {UPDATES} WHERE document_id = %s AND seq > %s ORDER BY seq"  # noqa: S608


def lock(document_id: int, *, after: int) -> Locked:
    """Lock the document's row until commit; the updates stored after seq `after`.

    A statement that waited for the lock sees the document's row as the other writer
    committed it, but the joined updates as they were when the statement began: the
    updates that writer added are missing then (seqs have no gaps, so this is counted),
    and are read again in a statement of their own."""
    if connection.vendor != "postgresql":
        return _lock_portably(document_id, after=after)
    with connection.cursor() as cursor:
        cursor.execute(LOCK, {"id": document_id, "after": after})
        rows = cursor.fetchall()
    last_seq, snapshot_seq, status, snapshot, _seq, _update = rows[0]
    updates = [bytes(update) for *_rest, update in rows if update is not None]
    since = max(after, snapshot_seq)
    if len(updates) != last_seq - since:
        updates = updates_after(document_id, since)
    snapshot = None if snapshot is None else bytes(snapshot)
    return Locked(last_seq, snapshot_seq, status, snapshot, updates)


def append(*, document: SharedDocument, rows: list[Row], text: str, author_id: int | None) -> None:
    """Store updates and the merged text: the document's and its proposal's (or
    minutes'), in one statement."""
    kind, target = document.name.split(":")
    if connection.vendor != "postgresql":
        _append_portably(document, rows, text, author_id, kind, int(target))
        return
    sql = APPEND.format(updates=UPDATES, documents=DOCUMENTS, target=TARGETS[kind])
    parameters: dict[str, object] = {
        "id": document.pk, "seq": rows[-1].seq, "text": text, "target": int(target),
        "author": author_id,
        "seqs": [row.seq for row in rows], "updates": [row.update for row in rows],
        "authors": [row.author_id for row in rows],
        "client_ids": [row.client_id for row in rows],
    }  # fmt: skip
    with connection.cursor() as cursor:
        cursor.execute(sql, parameters)  # type: ignore[arg-type]


def updates_after(document_id: int, seq: int) -> list[bytes]:
    """The updates of a document stored after `seq`, in order."""
    if connection.vendor != "postgresql":
        newer = DocumentUpdate.objects.filter(document_id=document_id, seq__gt=seq)
        return [bytes(update) for update in newer.order_by("seq").values_list("update", flat=True)]
    with connection.cursor() as cursor:
        cursor.execute(NEWER, [document_id, seq])
        return [bytes(update) for (update,) in cursor.fetchall()]


def _lock_portably(document_id: int, *, after: int) -> Locked:
    document = SharedDocument.objects.select_for_update().select_related("room").get(pk=document_id)
    snapshot = bytes(document.snapshot) if document.snapshot_seq > after else None
    updates = updates_after(document_id, max(after, document.snapshot_seq))
    return Locked(document.last_seq, document.snapshot_seq, document.room.status, snapshot, updates)


def _append_portably(
    document: SharedDocument,
    rows: list[Row],
    text: str,
    author_id: int | None,
    kind: str,
    target: int,
) -> None:
    now = timezone.now()
    DocumentUpdate.objects.bulk_create(
        DocumentUpdate(
            document_id=document.pk,
            seq=row.seq,
            update=row.update,
            author_id=row.author_id,
            client_id=row.client_id,
        )
        for row in rows
    )
    SharedDocument.objects.filter(pk=document.pk).update(
        last_seq=rows[-1].seq, text=text, updated_at=now
    )
    if kind == "proposal":
        Proposal.objects.filter(pk=target).update(body=text, updated_at=now)
    else:
        NetworkSession.objects.filter(pk=target).update(
            minutes=text, minutes_updated_at=now, minutes_updated_by_id=author_id
        )
