"""Contributions counted per network, month, school and category, kept by the database.

Triggers on the ledger keep `capacity_monthlycount` equal to the ledger grouped by network,
month, school and category, whichever way rows arrive or go: `record`, bulk derivation,
COPY, `loaddata`, a restore, the admin, a cascade. PostgreSQL counts once per statement
from its transition tables, so a bulk load of a million rows costs one grouped upsert;
SQLite counts row by row. A deleted row lowers its count, and a count that reaches zero is
removed; a deletion never creates a row, so flushing the two tables in either order leaves
both empty. The existing ledger is counted once here.
"""

from __future__ import annotations

from typing import Any

import django.db.models.deletion
from django.db import migrations, models

POSTGRESQL_MONTH = "date_trunc('month', {row}.occurred_on::timestamp)::date"
SQLITE_MONTH = "date({row}.occurred_on, 'start of month')"
KEY = "network_id, month, school_key, category"

POSTGRESQL = [
    f"""
    CREATE OR REPLACE FUNCTION capacity_count_contributions() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
            UPDATE capacity_monthlycount AS kept SET count = kept.count - gone_counts.n
            FROM (
                SELECT network_id, {POSTGRESQL_MONTH.format(row="gone")} AS month,
                       COALESCE(school_id, 0) AS school_key, category, count(*) AS n
                FROM gone GROUP BY 1, 2, 3, 4
            ) AS gone_counts
            WHERE kept.network_id = gone_counts.network_id
              AND kept.month = gone_counts.month
              AND kept.school_key = gone_counts.school_key
              AND kept.category = gone_counts.category;
            DELETE FROM capacity_monthlycount AS kept
            USING (
                SELECT DISTINCT network_id, {POSTGRESQL_MONTH.format(row="gone")} AS month
                FROM gone
            ) AS touched
            WHERE kept.network_id = touched.network_id AND kept.month = touched.month
              AND kept.count <= 0;
        END IF;
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
            INSERT INTO capacity_monthlycount AS kept ({KEY}, count)
            SELECT network_id, {POSTGRESQL_MONTH.format(row="came")},
                   COALESCE(school_id, 0), category, count(*)
            FROM came GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
            ON CONFLICT ({KEY}) DO UPDATE SET count = kept.count + EXCLUDED.count;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    """
    CREATE TRIGGER capacity_count_inserted AFTER INSERT ON capacity_contribution
    REFERENCING NEW TABLE AS came
    FOR EACH STATEMENT EXECUTE FUNCTION capacity_count_contributions()
    """,
    """
    CREATE TRIGGER capacity_count_updated AFTER UPDATE ON capacity_contribution
    REFERENCING OLD TABLE AS gone NEW TABLE AS came
    FOR EACH STATEMENT EXECUTE FUNCTION capacity_count_contributions()
    """,
    """
    CREATE TRIGGER capacity_count_deleted AFTER DELETE ON capacity_contribution
    REFERENCING OLD TABLE AS gone
    FOR EACH STATEMENT EXECUTE FUNCTION capacity_count_contributions()
    """,
    f"""
    INSERT INTO capacity_monthlycount ({KEY}, count)
    SELECT network_id, {POSTGRESQL_MONTH.format(row="capacity_contribution")},
           COALESCE(school_id, 0), category, count(*)
    FROM capacity_contribution GROUP BY 1, 2, 3, 4
    """,
]


def _sqlite_count(row: str, change: str) -> str:
    """The statements that move one SQLite row's count by `change` (+1 or -1)."""
    where = (
        f"network_id = {row}.network_id AND month = {SQLITE_MONTH.format(row=row)}"
        f" AND school_key = COALESCE({row}.school_id, 0) AND category = {row}.category"
    )
    if change > 0:
        return (
            f"INSERT INTO capacity_monthlycount ({KEY}, count) VALUES ({row}.network_id, "
            f"{SQLITE_MONTH.format(row=row)}, COALESCE({row}.school_id, 0), {row}.category, 1)"
            f" ON CONFLICT ({KEY}) DO UPDATE SET count = count + 1;"
        )
    return (
        f"UPDATE capacity_monthlycount SET count = count - 1 WHERE {where};"
        f" DELETE FROM capacity_monthlycount WHERE {where} AND count <= 0;"
    )


SQLITE = [
    f"""
    CREATE TRIGGER capacity_count_inserted AFTER INSERT ON capacity_contribution
    BEGIN {_sqlite_count("NEW", +1)} END
    """,
    f"""
    CREATE TRIGGER capacity_count_updated
    AFTER UPDATE OF network_id, school_id, occurred_on, category ON capacity_contribution
    BEGIN {_sqlite_count("OLD", -1)} {_sqlite_count("NEW", +1)} END
    """,
    f"""
    CREATE TRIGGER capacity_count_deleted AFTER DELETE ON capacity_contribution
    BEGIN {_sqlite_count("OLD", -1)} END
    """,
    f"""
    INSERT INTO capacity_monthlycount ({KEY}, count)
    SELECT network_id, {SQLITE_MONTH.format(row="capacity_contribution")},
           COALESCE(school_id, 0), category, count(*)
    FROM capacity_contribution GROUP BY 1, 2, 3, 4
    """,
]

DROP = [
    "DROP TRIGGER IF EXISTS capacity_count_inserted{on}",
    "DROP TRIGGER IF EXISTS capacity_count_updated{on}",
    "DROP TRIGGER IF EXISTS capacity_count_deleted{on}",
]


def create_triggers(apps: Any, schema_editor: Any) -> None:
    vendor = schema_editor.connection.vendor
    for statement in {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(vendor, []):
        schema_editor.execute(statement)


def drop_triggers(apps: Any, schema_editor: Any) -> None:
    postgresql = schema_editor.connection.vendor == "postgresql"
    for statement in DROP:
        schema_editor.execute(statement.format(on=" ON capacity_contribution" if postgresql else ""))
    if postgresql:
        schema_editor.execute("DROP FUNCTION IF EXISTS capacity_count_contributions()")


class Migration(migrations.Migration):

    dependencies = [
        ('capacity', '0003_step_reached'),
        ('netwerk', '0004_invitation'),
    ]

    operations = [
        migrations.CreateModel(
            name='MonthlyCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('school_key', models.PositiveIntegerField()),
                ('month', models.DateField(verbose_name='month')),
                ('category', models.CharField(choices=[('motivation', 'Regulating motivation'), ('knowledge', 'Sharing knowledge'), ('cocreation', 'Co-creating solutions'), ('capacity', 'Building capacity at scale')], max_length=20, verbose_name='category')),
                ('count', models.IntegerField(verbose_name='contributions')),
                ('network', models.ForeignKey(db_constraint=False, on_delete=django.db.models.deletion.DO_NOTHING, db_index=False, related_name='+', to='netwerk.learningnetwork')),
            ],
            options={
                'verbose_name': 'monthly count',
                'verbose_name_plural': 'monthly counts',
                'ordering': ['network', 'month', 'school_key', 'category'],
                'constraints': [models.UniqueConstraint(fields=('network', 'month', 'school_key', 'category'), name='monthly_count_key')],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
