"""Domain events: what happened, announced by the service that made it happen.

A service that changes state emits a typed event (a frozen dataclass that subclasses
:class:`DomainEvent`, defined in the emitting app's ``events.py``). Apps above it subscribe
in their ``AppConfig.ready()``, so the emitting service never imports them and the layers
keep pointing down (docs/architecture.md).

Two deliveries:

- ``IN_TRANSACTION``: the subscriber runs at once, inside the emitting transaction. For
  what must never be missed nor outlive a rollback: the audit log, the contributions
  ledger. An exception in it rolls the whole change back.
- ``AFTER_COMMIT``: the subscriber runs once the transaction has committed (at once in
  autocommit). For what only follows the data: the live broadcast, notifications. A
  failure is logged and never undoes the change.

A coroutine on an event loop that has committed its change already (the rooms' fast
path, one statement in autocommit) announces it with :func:`emit_from_loop`: only
``AFTER_COMMIT`` subscribers may hear such an event, at once and on the loop, where they
must not touch the ORM; :func:`on_event_loop` tells them where they run.
"""

from __future__ import annotations

import enum
import logging
from collections import defaultdict
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TypeVar

from django.db import transaction

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class DomainEvent:
    """Base class of every domain event."""


E = TypeVar("E", bound=DomainEvent)


class Delivery(enum.Enum):
    IN_TRANSACTION = "in_transaction"
    AFTER_COMMIT = "after_commit"


@dataclass(frozen=True)
class Subscription:
    event_type: type[DomainEvent]
    handler: Callable[[DomainEvent], None]
    delivery: Delivery

    @property
    def name(self) -> str:
        return f"{self.handler.__module__}.{self.handler.__qualname__}"


_on_loop: ContextVar[bool] = ContextVar("netwerk_events_on_loop", default=False)
_subscriptions: defaultdict[type[DomainEvent], list[Subscription]] = defaultdict(list)


def subscribe(
    event_type: type[E], *, delivery: Delivery
) -> Callable[[Callable[[E], None]], Callable[[E], None]]:
    """Register the decorated function for `event_type` and its subclasses. Registering the
    same function twice (an app's ready() run again) keeps one subscription."""

    def register(handler: Callable[[E], None]) -> Callable[[E], None]:
        subscription = Subscription(event_type, handler, delivery)  # type: ignore[arg-type]
        known = _subscriptions[event_type]
        if all(s.name != subscription.name for s in known):
            known.append(subscription)
        return handler

    return register


def subscriptions(event_type: type[DomainEvent]) -> list[Subscription]:
    """Who hears an event of this type, in registration order (most specific type last)."""
    return [s for base in reversed(event_type.__mro__) for s in _subscriptions.get(base, [])]


def emit(event: DomainEvent) -> None:
    """Announce `event` to its subscribers (see the module's docstring for when each runs)."""
    for subscription in subscriptions(type(event)):
        if subscription.delivery is Delivery.IN_TRANSACTION:
            subscription.handler(event)
        else:
            transaction.on_commit(_deferred(subscription, event))


def emit_from_loop(event: DomainEvent) -> None:
    """Announce a committed change from a coroutine on the event loop: its subscribers run
    at once, on the loop."""
    token = _on_loop.set(True)
    try:
        for subscription in subscriptions(type(event)):
            if subscription.delivery is Delivery.IN_TRANSACTION:
                raise RuntimeError(f"{subscription.name} needs a transaction, not an event loop")
            _run_logged(subscription, event)
    finally:
        _on_loop.reset(token)


def on_event_loop() -> bool:
    """Whether the subscriber running now was called by emit_from_loop."""
    return _on_loop.get()


def _deferred(subscription: Subscription, event: DomainEvent) -> Callable[[], None]:
    return lambda: _run_logged(subscription, event)


def _run_logged(subscription: Subscription, event: DomainEvent) -> None:
    try:
        subscription.handler(event)
    except Exception:
        log.exception("%s failed on %s", subscription.name, type(event).__name__)
