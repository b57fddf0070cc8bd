"""Uploads and generated files in S3-compatible object storage: a real local S3 server
(moto in server mode) and a real `manage.py worker` process whose own disk holds nothing.
The page uploads to the bucket, the worker reads the upload from the bucket and writes the
anonymised file there, and the page hands it out from the bucket."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from casestudies import services
from casestudies.models import Dataset, DatasetStatus
from netwerk.settings import file_storage
from tests.browser.conftest import free_port
from tests.casestudies.test_datasets import pupil_export
from tests.conftest import Demo, client_for
from tests.e2e.test_worker_faults import Workers, status, wait_for

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

BUCKET = "netwerk-test"


CREDENTIALS = {"AWS_ACCESS_KEY_ID": "netwerk", "AWS_SECRET_ACCESS_KEY": "netwerk-secret"}


@pytest.fixture
def s3_endpoint(monkeypatch) -> Iterator[str]:
    for name, value in CREDENTIALS.items():
        monkeypatch.setenv(name, value)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            assert server.poll() is None, server.communicate()[1][-2000:]
            try:
                boto3.client("s3", endpoint_url=endpoint, region_name="us-east-1").list_buckets()
                break
            except Exception:
                assert time.monotonic() < deadline, "the S3 server did not start"
                time.sleep(0.2)
        yield endpoint
    finally:
        server.terminate()
        server.communicate(timeout=20)


@pytest.fixture
def bucket(s3_endpoint: str, monkeypatch, settings):
    """The platform configured by environment, as in production: this process through the
    settings, the workers it starts through the environment they inherit."""
    for name, value in {
        "NETWERK_S3_BUCKET": BUCKET,
        "NETWERK_S3_ENDPOINT_URL": s3_endpoint,
        "NETWERK_S3_REGION": "eu-west-1",
        "NETWERK_S3_PREFIX": "uploads",
    }.items():
        monkeypatch.setenv(name, value)
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="eu-west-1")
    client.create_bucket(
        Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-1"}
    )
    settings.STORAGES = {**settings.STORAGES, "default": file_storage()}
    return client


def keys(client) -> list[str]:
    listing = client.list_objects_v2(Bucket=BUCKET)
    return sorted(item["Key"] for item in listing.get("Contents", []))


def files_under(path: Path) -> list[Path]:
    return [item for item in path.rglob("*") if item.is_file()] if path.exists() else []


def test_an_upload_is_anonymised_by_a_worker_and_downloaded_through_the_bucket(
    demo: Demo, bucket, postgres, settings, tmp_path: Path
):
    settings.MEDIA_ROOT = tmp_path / "web-media"
    workers = Workers(tmp_path / "worker-var" / "media")
    try:
        teacher = client_for(demo.teacher1)
        page = teacher.post(
            reverse("dataset-list", args=[demo.school1.pk]),
            {"title": "Leerlingen", "file": SimpleUploadedFile("export.csv", pupil_export())},
        )
        assert page.status_code == 302
        dataset = Dataset.objects.get(school=demo.school1, title="Leerlingen")
        raw_key = f"uploads/{dataset.raw_file.name}"
        assert keys(bucket) == [raw_key]

        workers.start()
        wait_for(lambda: status(dataset) == DatasetStatus.AWAITING_ROLES, timeout=60)
        assert dataset.row_count == 120
        services.confirm_roles(
            dataset=dataset, roles=dataset.roles | {"leerlingnummer": "pseudonym"}
        )
        wait_for(lambda: status(dataset) == DatasetStatus.READY, timeout=60)
        assert keys(bucket) == sorted([raw_key, f"uploads/{dataset.anonymised_file.name}"])

        download = teacher.get(reverse("dataset-download", args=[dataset.pk]))
        assert download.status_code == 200
        text = b"".join(download.streaming_content).decode()  # type: ignore[attr-defined]
        stored = bucket.get_object(Bucket=BUCKET, Key=f"uploads/{dataset.anonymised_file.name}")
        assert text == stored["Body"].read().decode("utf-8")
        assert text.startswith("leerlingnummer;")
        assert len(text.splitlines()) == dataset.report["rows_out"] + 1
        for secret in ("voornaam", "Sanne", "300001"):
            assert secret not in text

        services.accept_dataset(dataset=dataset, person=demo.leader1)
        assert keys(bucket) == [f"uploads/{dataset.anonymised_file.name}"]
    finally:
        workers.stop_all()
    # Neither the web process nor the worker wrote anything to a disk of its own.
    assert files_under(tmp_path / "web-media") == []
    assert files_under(tmp_path / "worker-var" / "media") == []
