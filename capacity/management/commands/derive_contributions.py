from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from capacity.derivation.history import derive_history
from netwerk.models import LearningNetwork


class Command(BaseCommand):
    help = (
        "Derive the contributions ledger from existing publications, evaluations, "
        "endorsements and adoptions (idempotent: running it again records nothing new)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--network", type=int, help="only this network (id)")

    def handle(self, *args: Any, **options: Any) -> None:
        networks = LearningNetwork.objects.order_by("pk")
        if options["network"] is not None:
            networks = networks.filter(pk=options["network"])
            if not networks.exists():
                raise CommandError(f"No network with id {options['network']}.")
        for network in networks:
            derived = derive_history(network)
            self.stdout.write(f"{network.name}: {derived.added} added, {derived.after} in all")
