"""Domain events: in-transaction subscribers share the emitting transaction's fate,
after-commit ones run only once it has committed and never undo it, a subscription covers
subclasses, and an event announced from the event loop reaches only after-commit ones."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.db import transaction

from netwerk.events import (
    Delivery,
    DomainEvent,
    emit,
    emit_from_loop,
    on_event_loop,
    subscribe,
    subscriptions,
)
from privacy.models import AuditEvent
from schools.models import School

heard: list[tuple[str, str, bool]] = []


@dataclass(frozen=True, kw_only=True)
class Happened(DomainEvent):
    what: str


@dataclass(frozen=True, kw_only=True)
class HappenedAgain(Happened):
    pass


@dataclass(frozen=True, kw_only=True)
class OnlyAfterCommit(DomainEvent):
    what: str


@subscribe(Happened, delivery=Delivery.IN_TRANSACTION)
def write_a_row(event: Happened) -> None:
    heard.append(("in transaction", event.what, on_event_loop()))
    school = School.objects.order_by("pk").first()
    assert school is not None
    AuditEvent.objects.create(
        school=school, action="view", object_type="test", object_label=event.what
    )


@subscribe(Happened, delivery=Delivery.AFTER_COMMIT)
def after_commit(event: Happened) -> None:
    heard.append(("after commit", event.what, on_event_loop()))
    if event.what == "fails":
        raise ValueError("a subscriber's own fault")


@subscribe(OnlyAfterCommit, delivery=Delivery.AFTER_COMMIT)
def only_after_commit(event: OnlyAfterCommit) -> None:
    heard.append(("after commit", event.what, on_event_loop()))


@pytest.fixture(autouse=True)
def fresh() -> None:
    heard.clear()


@transaction.atomic
def failing_service(what: str) -> None:
    emit(Happened(what=what))
    raise RuntimeError("the service fails after emitting")


def rows(what: str) -> int:
    return AuditEvent.objects.filter(object_type="test", object_label=what).count()


@pytest.mark.django_db(transaction=True)
def test_after_commit_subscribers_wait_for_the_commit(demo) -> None:
    with transaction.atomic():
        emit(Happened(what="saved"))
        assert heard == [("in transaction", "saved", False)]
    assert heard == [("in transaction", "saved", False), ("after commit", "saved", False)]
    assert rows("saved") == 1


@pytest.mark.django_db(transaction=True)
def test_a_rollback_takes_the_in_transaction_work_with_it_and_tells_nobody_after(demo) -> None:
    with pytest.raises(RuntimeError):
        failing_service("undone")
    assert heard == [("in transaction", "undone", False)]
    assert rows("undone") == 0


@pytest.mark.django_db(transaction=True)
def test_a_failing_after_commit_subscriber_is_logged_and_undoes_nothing(demo, caplog) -> None:
    with transaction.atomic():
        emit(Happened(what="fails"))
    assert rows("fails") == 1
    assert "a subscriber's own fault" in caplog.text


def test_a_subscription_covers_the_subclasses_and_registers_once() -> None:
    names = [s.name for s in subscriptions(HappenedAgain)]
    assert names == [f"{__name__}.write_a_row", f"{__name__}.after_commit"]
    subscribe(Happened, delivery=Delivery.AFTER_COMMIT)(after_commit)
    assert [s.name for s in subscriptions(Happened)] == names


def test_from_the_event_loop_only_after_commit_subscribers_run_and_know_it() -> None:
    emit_from_loop(OnlyAfterCommit(what="posted"))
    assert heard == [("after commit", "posted", True)]
    assert not on_event_loop()
    with pytest.raises(RuntimeError, match="needs a transaction"):
        emit_from_loop(Happened(what="refused"))
    assert heard == [("after commit", "posted", True)]
