"""Downloads of attached documents: only for users who may see the record, never rendered as HTML."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.urls import reverse

from dnqp.models import Attachment
from tests import attachment_samples as samples


@pytest.fixture
def documents(settings, tmp_path, worked_example):
    settings.MEDIA_ROOT = tmp_path

    def attach(record, content, name, mime):
        attachment = Attachment(
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            filename=name,
            mime_type=mime,
            size=len(content),
        )
        attachment.file.save(name, ContentFile(content), save=False)
        attachment.save()
        return attachment

    w = worked_example
    return {
        "p1_pdf": attach(w["p1"], samples.PDF, "Văn bản kết nghĩa.pdf", "application/pdf"),
        "s2_photo": attach(w["s2"], samples.JPEG, "Bàn giao.jpg", "image/jpeg"),
        "bp_docx": attach(
            w["bp"],
            samples.docx(),
            "Giới thiệu.docx",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        # A row whose stored type is not an allowed one (e.g. written by hand): sent as plain bytes.
        "odd": attach(w["p1"], samples.HTML, "trang.html", "text/html"),
    }


def download(client, attachment):
    return client.get(reverse("attachment-download", args=[attachment.pk]))


def test_user_in_scope_downloads_with_the_sniffed_type(client, users, documents):
    client.force_login(users["staff"])
    response = download(client, documents["p1_pdf"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "filename*=utf-8''V%C4%83n%20b%E1%BA%A3n" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == samples.PDF


@pytest.mark.parametrize("who", ["commander", "analyst", "district_staff"])
def test_read_only_roles_and_sub_commands_see_what_their_scope_holds(client, users, documents, who):
    client.force_login(users[who])
    expected = 404 if who == "district_staff" else 200  # Lộc Ninh does not see Bình Phước's own agreement
    assert download(client, documents["p1_pdf"]).status_code == expected
    assert download(client, documents["s2_photo"]).status_code == 200  # Lộc Ninh's support line


@pytest.mark.parametrize("who", ["other_staff", "other_analyst", "nobody"])
def test_another_scope_gets_404(client, users, documents, who):
    client.force_login(users[who])
    assert download(client, documents["p1_pdf"]).status_code == 404
    assert download(client, documents["s2_photo"]).status_code == 404


def test_unit_documents_are_reference_data_for_every_logged_in_user(client, users, documents):
    client.force_login(users["other_analyst"])
    response = download(client, documents["bp_docx"])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")


def test_anonymous_is_sent_to_login(client, documents):
    response = download(client, documents["p1_pdf"])
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_never_served_as_html(client, users, documents):
    client.force_login(users["superuser"])
    response = download(client, documents["odd"])
    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert "sandbox" in response["Content-Security-Policy"]


def test_missing_attachment_or_file_is_404(client, users, documents):
    client.force_login(users["superuser"])
    assert client.get(reverse("attachment-download", args=[99999])).status_code == 404
    documents["p1_pdf"].file.delete(save=False)
    assert download(client, documents["p1_pdf"]).status_code == 404


def test_only_get(client, users, documents):
    client.force_login(users["superuser"])
    assert client.post(reverse("attachment-download", args=[documents["p1_pdf"].pk])).status_code == 405
