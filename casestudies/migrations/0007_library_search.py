"""The library's search vector, kept by PostgreSQL itself.

On PostgreSQL a publication gets a stored generated column `search_vector` (the title
weighted A, the rest of the published text B) and a GIN index on it. Because the database
computes the column, rows loaded by COPY, `bulk_create`, `loaddata` or a restore are
searchable without any application code. The text search configuration `netwerk_dutch` is
PostgreSQL's `dutch` with `unaccent` before the stemmer, so "zoë" and "Zoe" are the same
word in texts and queries alike. The column is not part of the Django model (the ORM never
writes it); `casestudies.library` reads it. SQLite has none of this and searches with
`icontains`, as before.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations, models

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS unaccent",
    """
    DO $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'netwerk_dutch') THEN
            CREATE TEXT SEARCH CONFIGURATION netwerk_dutch (COPY = pg_catalog.dutch);
            ALTER TEXT SEARCH CONFIGURATION netwerk_dutch
                ALTER MAPPING FOR hword, hword_part, word WITH unaccent, dutch_stem;
        END IF;
    END
    $$
    """,
    """
    ALTER TABLE casestudies_publication ADD COLUMN search_vector tsvector
        GENERATED ALWAYS AS (
            setweight(to_tsvector('netwerk_dutch'::regconfig, coalesce(title, '')), 'A')
            || setweight(to_tsvector('netwerk_dutch'::regconfig, coalesce(search_text, '')), 'B')
        ) STORED
    """,
    "CREATE INDEX publication_search ON casestudies_publication USING gin (search_vector)",
]

DROP = [
    "DROP INDEX IF EXISTS publication_search",
    "ALTER TABLE casestudies_publication DROP COLUMN IF EXISTS search_vector",
    "DROP TEXT SEARCH CONFIGURATION IF EXISTS netwerk_dutch",
]


def create_search(apps: Any, schema_editor: Any) -> None:
    _execute(schema_editor, CREATE)


def drop_search(apps: Any, schema_editor: Any) -> None:
    _execute(schema_editor, DROP)


def _execute(schema_editor: Any, statements: list[str]) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("casestudies", "0006_dataset_output_findings"),
    ]

    operations = [
        migrations.RunPython(create_search, drop_search),
        migrations.AddIndex(
            model_name="publication",
            index=models.Index(fields=["-published_at"], name="publication_newest"),
        ),
        migrations.AddIndex(
            model_name="publication",
            index=models.Index(
                condition=models.Q(("withdrawn_at__isnull", True)),
                fields=["case", "version"],
                name="publication_shown",
            ),
        ),
    ]
