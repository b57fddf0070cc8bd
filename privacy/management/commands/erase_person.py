from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from privacy.management.commands.export_person import find_person
from privacy.services import erase_person


class Command(BaseCommand):
    help = (
        "Erase one person on request (AVG right to erasure): name and contact details are "
        "replaced and the account closed; anonymised content shared with partners stays."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("person", help="username or e-mail address")
        parser.add_argument("--yes", action="store_true", help="confirm: this cannot be undone")

    def handle(self, *args: Any, **options: Any) -> None:
        person = find_person(options["person"])
        if person.erased_at is not None:
            raise CommandError("This person has been erased already.")
        if not options["yes"]:
            raise CommandError("Erasure cannot be undone: repeat with --yes to confirm.")
        erased = erase_person(person)
        self.stdout.write(self.style.SUCCESS(f"Erased; the account is now {erased.username}."))
