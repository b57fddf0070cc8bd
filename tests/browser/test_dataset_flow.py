from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from playwright.sync_api import expect

from casestudies import services
from casestudies.models import Dataset, DatasetStatus
from netwerk.demo import seed_demo
from tests.browser.conftest import screenshot
from tests.browser.test_login_and_language import log_in
from tests.casestudies.test_datasets import pupil_export
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def _media(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def run_jobs() -> None:
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


def test_upload_roles_preview_and_acceptance(live_url, page, browser, tmp_path):
    seed_demo(password=PASSWORD)
    export = tmp_path / "leerlingen-havo4.csv"
    export.write_bytes(pupil_export(rows=150))

    log_in(page, live_url, "teacher1")
    page.get_by_role("link", name="Het Baken College").first.click()
    page.get_by_role("link", name="Datasets en anonimisering").click()
    page.get_by_label("Bestand (CSV of XLSX)").set_input_files(str(export))
    page.get_by_role("button", name="Uploaden en analyseren").click()
    expect(page.locator("progress")).to_be_visible()

    run_jobs()  # the page follows the job and reloads by itself
    expect(
        page.get_by_role("heading", name="Bevestig wat er met elke kolom gebeurt")
    ).to_be_visible()
    page.get_by_role("combobox", name="leerlingnummer").select_option("pseudonym")
    screenshot(page, "dataset-roles-nl")
    page.get_by_role("button", name="Anonimiseren").click()

    run_jobs()
    expect(page.get_by_role("heading", name="Anonimiseringsrapport")).to_be_visible()
    preview = page.get_by_role("table").last
    expect(preview).not_to_contain_text("Sanne")
    expect(page.get_by_text("alleen een geanonimiseerde versie")).to_have_count(0)
    screenshot(page, "dataset-preview-nl")

    leader = browser.new_context(locale="nl-NL").new_page()
    log_in(leader, live_url, "leader1")
    leader.goto(page.url)
    leader.get_by_role("button", name="Accepteren").click()
    expect(leader.get_by_role("status")).to_contain_text("geaccepteerd")
    dataset = Dataset.objects.get()
    assert dataset.status == DatasetStatus.ACCEPTED
    assert dataset.raw_deleted_at is not None

    # The team compares groups in the accepted dataset: n, means and Cohen's d in Dutch.
    case = services.start_case_study(
        datateam=dataset.school.datateams.filter(memberships__person__username="teacher1")[0],
        person=get_user_model().objects.get(username="teacher1"),
        title="Cijfers havo 4",
        theme="grade_repetition",
        template="five_steps",
    )
    services.add_data_source(case=case, kind="exam_results", description="Export", dataset=dataset)
    page.goto(f"{live_url}/casussen/{case.pk}/?stap=3")
    page.locator("#id_ana-title").fill("Cijfer per geslacht")
    page.locator("#id_ana-statistic").select_option("compare")
    page.locator("#id_ana-group_by").get_by_label("geslacht").check()
    page.locator("#id_ana-measure").select_option("cijfer")
    page.get_by_role("button", name="Tabel maken").click()
    analysis = page.locator("article.analysis")
    expect(analysis).to_contain_text("Cohens d")
    expect(analysis.get_by_role("table")).to_contain_text(",")
    screenshot(page, "analysis-compare-nl")
