from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from privacy.services import export_person
from schools.models import User


def find_person(identifier: str) -> User:
    field = "email__iexact" if "@" in identifier else "username__iexact"
    person = User.objects.filter(**{field: identifier.strip()}).first()
    if person is None:
        raise CommandError(f"No person with username or e-mail address {identifier!r}.")
    return person


class Command(BaseCommand):
    help = "Write everything Netwerk holds about one person as JSON (AVG right of access)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("person", help="username or e-mail address")
        parser.add_argument("-o", "--output", help="file to write (default: standard output)")

    def handle(self, *args: Any, **options: Any) -> None:
        data = export_person(find_person(options["person"]))
        text = json.dumps(data, indent=2, ensure_ascii=False, default=str)
        if options["output"]:
            with open(options["output"], "w", encoding="utf-8") as file:
                file.write(text + "\n")
            self.stderr.write(self.style.SUCCESS(f"Written to {options['output']}."))
        else:
            self.stdout.write(text)
