"""The network dashboard's attendance and trends: dates and session names in page, JSON and
CSV; cycles per step over time from the steps cycles reached; motivation per session; the
building blocks only over three schools or more; charts legible on a projector."""

from __future__ import annotations

import csv
import datetime
import io
import re
import xml.etree.ElementTree as ET
from typing import Any

import pytest
from django.utils import timezone

from capacity import charts
from capacity.dashboard import network_dashboard
from capacity.periods import Filters
from casestudies.models import StepStatus
from casestudies.services import cases as case_services
from leadership import services as leadership_services
from leadership.blocks import BUILDING_BLOCKS
from meetings.demo import seed_demo_sessions
from meetings.models import NetworkSession, SessionFeedback
from tests.capacity.conftest import case_for
from tests.conftest import Demo, client_for

TODAY = timezone.localdate()
FIVE_YEARS = Filters(start=datetime.date(2022, 8, 1), end=TODAY)


def table_of(body: dict[str, Any], key: str) -> dict[str, Any]:
    return next(table for table in body["tables"] if table["key"] == key)


def test_the_attendance_table_has_the_date_and_name_of_each_session(demo: Demo):
    seed_demo_sessions()
    sessions = NetworkSession.objects.filter(network=demo.network_a, attendances__isnull=False)
    first = sessions.order_by("starts_at").first()
    assert first is not None
    day = timezone.localtime(first.starts_at).date().isoformat()

    api = client_for(demo.coordinator).get(f"/api/networks/{demo.network_a.pk}/dashboard/")
    rows = table_of(api.json(), "attendance")["rows"]
    assert rows
    assert all(row[0] and row[1] for row in rows)
    assert [day, first.title] == rows[0][:2]

    url = f"/netwerken/{demo.network_a.pk}/dashboard/export.csv?tabel=attendance"
    text = client_for(demo.coordinator).get(url).content.decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    assert lines[1][:2] == [day, first.title]

    page = client_for(demo.coordinator).get(f"/netwerken/{demo.network_a.pk}/dashboard/")
    html = page.content.decode()
    assert first.title in html
    assert day in html
    assert "Datum van de bijeenkomst" in html  # the chart's labelled axis


def test_cycles_per_step_over_time_follow_the_steps_a_cycle_reached(demo: Demo):
    case = case_for(demo.team1, demo.teacher1, "Rekenen groep 5")
    quarter = f"{TODAY.year}-Q{(TODAY.month - 1) // 3 + 1}"

    def at_step(step: int) -> int:
        table = network_dashboard(demo.network_a, FIVE_YEARS, with_charts=False).table(
            "cycles_over_time"
        )
        row = next(row for row in table.rows if row[0] == quarter)
        return int(str(row[table.columns.index(f"Step {step}")]))

    before = at_step(2)
    case_services.save_step(case=case, number=1, narrative="Het probleem.")
    case_services.save_step(case=case, number=1, status=StepStatus.DONE)
    assert at_step(2) == before + 1
    case_services.return_to_step(case=case, number=1)
    assert at_step(2) == before


def test_motivation_is_the_mean_rating_per_session(demo: Demo):
    seed_demo_sessions()
    table = network_dashboard(demo.network_a, FIVE_YEARS, with_charts=False).table("motivation")
    assert table.rows
    _date, title, mean, responses = table.rows[0]
    feedback = SessionFeedback.objects.filter(session__title=title, session__network=demo.network_a)
    ratings = [item.motivation for item in feedback]
    assert responses == len(ratings)
    assert mean == round(sum(ratings) / len(ratings), 2)
    assert 1 <= mean <= 5


def test_the_building_blocks_are_shown_only_over_three_schools_or_more(demo: Demo):
    period = "2023-2024-1"
    leaders = [demo.user("leader1"), demo.user("leader2")]
    for school, leader in zip([demo.school1, demo.school2], leaders, strict=True):
        leadership_services.rate_building_blocks(
            school=school,
            person=leader,
            period=period,
            ratings={block.code: {"level": 3} for block in BUILDING_BLOCKS},
        )

    def periods() -> list[object]:
        dashboard = network_dashboard(demo.network_a, FIVE_YEARS, with_charts=False)
        return [row[0] for row in dashboard.table("leadership").rows]

    assert "2023-2024, first half" not in periods()


def font_pixels_at(svg: str, width_px: float) -> list[float]:
    """Every text size of an inline SVG chart, in pixels when drawn `width_px` wide."""
    root = ET.fromstring(svg)  # noqa: S314 - our own chart, not user input
    scale = width_px / float(root.attrib["width"].removesuffix("pt"))
    sizes = []
    for element in root.iter():
        font = element.attrib.get("font") or ""
        match = re.search(r"([\d.]+)px", font) or re.search(
            r"([\d.]+)", element.attrib.get("font-size", "")
        )
        if match:
            sizes.append(float(match.group(1)) * scale)
    return sizes


def test_every_chart_is_legible_on_a_projector(demo: Demo):
    seed_demo_sessions()
    dashboard = network_dashboard(demo.network_a, FIVE_YEARS)
    charts = [table.chart for table in dashboard.tables if table.chart]
    assert len(charts) == 9
    for chart in charts:
        sizes = font_pixels_at(chart, 800)
        assert sizes
        assert min(sizes) >= 12


def test_the_dutch_charts_write_numbers_with_a_decimal_comma(demo: Demo):
    seed_demo_sessions()
    html = client_for(demo.coordinator).get(f"/netwerken/{demo.network_a.pk}/dashboard/").text
    section = html.split('id="table-motivation"', 1)[1].split("</section>", 1)[0]
    texts = re.findall(r"<text[^>]*>([^<]*)</text>", section)
    assert any(re.fullmatch(r"\d,\d", text.strip()) for text in texts)
    assert not any(re.search(r"\d\.\d", text) for text in texts)


def tick_texts(svg: str) -> list[str]:
    return [text.strip() for text in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


@pytest.mark.parametrize("steps", [[1.0, 3.0, 4.0], [0.0, 0.0, 0.0]])
def test_the_charts_of_counts_have_whole_number_ticks(steps: list[float]):
    """Zero bars of goals reached are still drawn: 0 and 1, no 0,008 steps between them."""
    labels = ["2026-Q1", "2026-Q2", "2026-Q3"]
    stacked = charts.stacked_bars_svg(
        labels,
        {"Stap 1": steps, "Stap 2": [v / 2 for v in steps]},
        title="Cycli per stap",
        value_label="Open cycli",
        empty_label="Geen cycli.",
        decimal=",",
        counts=True,
    )
    bars = charts.bars_svg(
        labels,
        {"Geëvalueerd": steps},
        title="Doelen",
        value_label="Cycli",
        empty_label="Geen cycli.",
        decimal=",",
        counts=True,
    )
    for svg in (stacked, bars):
        texts = tick_texts(svg)
        if any(steps) or svg is bars:  # an empty stack draws no value axis at all
            assert {"0", "1"} <= set(texts), texts
        assert not any(re.fullmatch(r"\d+[.,]\d+", text) for text in texts), texts


def test_the_dutch_network_dashboard_passes_whole_number_ticks_to_its_count_charts(demo: Demo):
    html = client_for(demo.coordinator).get(f"/netwerken/{demo.network_a.pk}/dashboard/").text
    for key in ("cycles_over_time", "goals_reached"):
        section = html.split(f'id="table-{key}"', 1)[1].split("</section>", 1)[0]
        texts = tick_texts(section)
        assert not any(re.fullmatch(r"\d+[.,]\d+", text) for text in texts), (key, texts)


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("coordinator", 200),
        ("leader1", 200),
        ("teacher1", 200),
        ("teacher2", 200),
        ("quality_officer", 200),
        ("outsider", 404),
    ],
)
def test_each_role_reaches_the_trends_only_as_a_member(demo: Demo, role: str, expected: int):
    client = client_for(getattr(demo, role))
    api = client.get(f"/api/networks/{demo.network_a.pk}/dashboard/")
    page = client.get(f"/netwerken/{demo.network_a.pk}/dashboard/")
    assert (api.status_code, page.status_code) == (expected, expected)
    if expected == 200:
        keys = [table["key"] for table in api.json()["tables"]]
        assert {"cycles_over_time", "motivation", "leadership", "coach_growth"} <= set(keys)
        assert 'id="table-cycles_over_time"' in page.text
