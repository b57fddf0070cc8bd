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

An event emitted on a running event loop (the rooms' fast path, which commits before it
emits) reaches only ``AFTER_COMMIT`` subscribers, at once and on the loop: they must not
touch the ORM there, and an ``IN_TRANSACTION`` subscriber for such an event is refused.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from django.db import transaction

log = logging.getLogger(__name__)


@dataclass(frozen=True, kw_only=True)
class DomainEvent:
    """Base class of every domain event."""


E = TypeVar("E", bound=DomainEvent)
Handler = Callable[[E], None]


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
    on_loop = _on_event_loop()
    for subscription in subscriptions(type(event)):
        if subscription.delivery is Delivery.IN_TRANSACTION:
            if on_loop:
                raise RuntimeError(f"{subscription.name} needs a transaction, not an event loop")
            subscription.handler(event)
        elif on_loop:
            _run_logged(subscription, event)
        else:
            transaction.on_commit(_deferred(subscription, event))


def _deferred(subscription: Subscription, event: DomainEvent) -> Callable[[], None]:
    return lambda: _run_logged(subscription, event)


def _run_logged(subscription: Subscription, event: DomainEvent) -> None:
    try:
        subscription.handler(event)
    except Exception:
        log.exception("%s failed on %s", subscription.name, type(event).__name__)


def _on_event_loop() -> bool:
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return False
    return True
