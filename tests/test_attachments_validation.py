"""Attached documents are checked by content, not by name, and limited in size."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dnqp.core import uploads as attachments
from dnqp.models import Attachment
from tests import attachment_samples as samples
from tests.admin_helpers import change_form_data

PREFIX = "dnqp-attachment-content_type-object_id"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (samples.PDF, attachments.PDF),
        (samples.PNG, attachments.PNG),
        (samples.JPEG, attachments.JPEG),
        (samples.docx(), attachments.DOCX),
        (samples.xlsx(), attachments.XLSX),
    ],
)
def test_allowed_types_are_recognised_by_content_whatever_the_name(content, expected):
    upload = SimpleUploadedFile("tai-lieu.txt", content)
    assert attachments.validate_attachment(upload) == (expected, len(content))


@pytest.mark.parametrize(
    "content",
    [samples.HTML, samples.GIF, samples.EXE, samples.docm(), samples.plain_zip(), b"PK\x03\x04broken"],
    ids=["html", "gif", "exe", "docm-macros", "zip-without-content-types", "broken-zip"],
)
def test_other_contents_are_refused_even_with_an_allowed_name(content):
    for name in ("van-ban.pdf", "anh.png", "bien-ban.docx", "bang.xlsx"):
        with pytest.raises(ValidationError) as excinfo:
            attachments.validate_attachment(SimpleUploadedFile(name, content))
        assert excinfo.value.code == "type"


def test_size_limit_and_empty_file(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as excinfo:
        attachments.validate_attachment(SimpleUploadedFile("lon.pdf", samples.PDF + b"0" * 1024))
    assert excinfo.value.code == "too_large"
    with pytest.raises(ValidationError) as excinfo:
        attachments.validate_attachment(SimpleUploadedFile("rong.pdf", b""))
    assert excinfo.value.code == "empty"


@pytest.mark.parametrize(
    ("name", "mime", "expected"),
    [
        ("Biên bản bàn giao.pdf", attachments.PDF, "Biên bản bàn giao.pdf"),
        ("../../etc/passwd", attachments.PDF, "passwd.pdf"),
        ("van-ban.html", attachments.PDF, "van-ban.html.pdf"),
        ("anh\r\nSet-Cookie: x.JPEG", attachments.JPEG, "anh Set-Cookie: x.JPEG"),
        ("", attachments.PNG, "tai-lieu.png"),
    ],
)
def test_stored_file_name_is_safe_and_matches_the_type(name, mime, expected):
    assert attachments.safe_filename(name, mime) == expected


def post_with_upload(client, obj, upload):
    url = reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])
    data = change_form_data(
        client.get(url),
        **{f"{PREFIX}-TOTAL_FORMS": "1", f"{PREFIX}-0-kind": "signed_text", f"{PREFIX}-0-description": "Bản ký"},
    )
    data[f"{PREFIX}-0-file"] = upload
    return client.post(url, data)


def test_admin_upload_records_type_size_name_and_uploader(client, users, worked_example):
    p1 = worked_example["p1"]
    client.force_login(users["staff"])
    response = post_with_upload(client, p1, SimpleUploadedFile("Văn bản kết nghĩa.html", samples.PDF))
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.record == p1
    assert attachment.content_type == ContentType.objects.get_for_model(p1)
    assert (attachment.mime_type, attachment.size) == ("application/pdf", len(samples.PDF))
    assert attachment.filename == "Văn bản kết nghĩa.html.pdf"
    assert attachment.uploaded_by == users["staff"]
    assert attachment.history.first().history_user == users["staff"]


@pytest.mark.parametrize("key", ["p1", "d1", "t2", "s1", "bp", "krt"])
def test_admin_refuses_html_disguised_as_pdf_on_every_record(client, users, worked_example, key):
    client.force_login(users["admin"])
    response = post_with_upload(client, worked_example[key], SimpleUploadedFile("van-ban.pdf", samples.HTML))
    assert response.status_code == 200
    formset = response.context["inline_admin_formsets"][-1].formset
    assert formset.model is Attachment
    assert formset.forms[0].errors["file"]
    assert not Attachment.objects.exists()


def test_admin_refuses_a_file_over_the_limit(client, users, worked_example, settings):
    settings.ATTACHMENT_MAX_BYTES = 100
    client.force_login(users["staff"])
    response = post_with_upload(client, worked_example["p1"], SimpleUploadedFile("lon.pdf", samples.PDF * 3))
    assert response.status_code == 200
    assert not Attachment.objects.exists()
