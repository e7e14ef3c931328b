"""The import's table of refused rows shows what the user wrote in each cell (not "---")."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from dnqp.spreadsheets.event_resources import ExpenditureResource
from tests import spreadsheets as s

HEADER = ["Ngày", "Mã đơn vị ta", "Loại hỗ trợ", "Nguồn kinh phí", "Số tiền (VND)", "Đối tượng thụ hưởng"]


def test_refused_row_keeps_the_typed_values(users, worked_example):
    content = s.csv_file(HEADER, [["31/02/2024", "BP", "gifts", "province", "5.000.000", "Tiểu khu Kratie"]])
    result = s.run(ExpenditureResource(), content, "chi.csv", dry_run=True, user=users["superuser"])
    assert result.invalid_rows, s.problems(result)
    values = result.invalid_rows[0].values
    assert "31/02/2024" in values and "Tiểu khu Kratie" in values and "---" not in values
    assert len(values) == len(result.diff_headers)


def test_the_admin_preview_shows_them(client, users, worked_example):
    client.force_login(users["superuser"])
    content = s.csv_file(HEADER, [["31/02/2024", "BP", "gifts", "province", "5.000.000", "Tiểu khu Kratie"]])
    upload = SimpleUploadedFile("chi.csv", content, content_type="text/csv")
    response = client.post(
        reverse("admin:events_expenditure_import"), {"import_file": upload, "format": "0", "resource": "0"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "31/02/2024" in html and "Tiểu khu Kratie" in html
