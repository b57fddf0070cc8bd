"""Deriving contributions from platform events. Each module derives from the events of one
app; services call these functions right after saving an event (in the same transaction),
and `manage.py derive_contributions` replays them over existing data. Every derivation
goes through capacity.ledger.record, idempotent on its source key."""
