"""Uploaded documents in S3-compatible object storage (MEDIA_BUCKET), against an in-process S3 (moto)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from moto import mock_aws

from minutes.models import Document, Meeting
from tests import records

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
PDF = b"%PDF-1.7\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
BUCKET = "wealdshire-minutes"


def storage_settings(**env):
    """STORAGES["default"] as settings.py builds it from the environment."""
    script = "import json; from django.conf import settings; print(json.dumps(settings.STORAGES['default']))"
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT, env={**os.environ, "DEBUG": "1", **env}, capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_local_disk_unless_a_bucket_is_named():
    assert storage_settings(MEDIA_BUCKET="")["BACKEND"] == "django.core.files.storage.FileSystemStorage"


@pytest.fixture
def s3(settings, monkeypatch):
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing"}.items():
        monkeypatch.setenv(name, value)
    configured = storage_settings(MEDIA_BUCKET=BUCKET, MEDIA_S3_REGION="eu-west-2")
    with mock_aws():
        client = boto3.client("s3", region_name="eu-west-2")
        client.create_bucket(Bucket=BUCKET, CreateBucketConfiguration={"LocationConstraint": "eu-west-2"})
        settings.STORAGES = {**settings.STORAGES, "default": configured}
        yield client


def test_documents_are_stored_in_the_bucket_and_served_through_the_public_rule(s3, client):
    item = records.build_seed(status=Meeting.Status.APPROVED)
    document = Document.objects.create(item=item, title="Report", file=SimpleUploadedFile("report.pdf", PDF))
    keys = [entry["Key"] for entry in s3.list_objects_v2(Bucket=BUCKET)["Contents"]]
    assert keys == [document.file.name]
    assert type(document.file.storage._wrapped).__name__ == "S3Storage"
    # Private in the bucket: no grant to everyone; readers get it only through the download view.
    grants = s3.get_object_acl(Bucket=BUCKET, Key=document.file.name)["Grants"]
    assert not [g for g in grants if g["Grantee"].get("URI", "").endswith("/AllUsers")]
    response = client.get(document.get_absolute_url())
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"


def test_a_draft_meetings_document_in_the_bucket_stays_private(s3, client):
    item = records.build_seed(status=Meeting.Status.DRAFT)
    document = Document.objects.create(item=item, title="Report", file=SimpleUploadedFile("report.pdf", PDF))
    assert s3.head_object(Bucket=BUCKET, Key=document.file.name)["ContentLength"] == len(PDF)
    assert client.get(document.get_absolute_url()).status_code == 404


def test_a_second_upload_of_the_same_name_does_not_overwrite_the_first(s3):
    item = records.build_seed(status=Meeting.Status.APPROVED)
    first = Document.objects.create(item=item, title="A", file=SimpleUploadedFile("report.pdf", PDF))
    second = Document.objects.create(item=item, title="B", file=SimpleUploadedFile("report.pdf", PDF + b"2"))
    assert first.file.name != second.file.name
    assert s3.get_object(Bucket=BUCKET, Key=first.file.name)["Body"].read() == PDF
