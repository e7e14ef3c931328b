"""The admin's import of a big file: every row checked, the first rows shown, files beyond its limits refused."""

from dnqp.spreadsheets import imports
from events.models import Expenditure
from tests import spreadsheets as s
from tests.test_import_admin import CONFIRM_URL, HEADER, upload


def lines(count):
    return [
        ["01/06/2023", "BP" if i % 2 else "BP-LN", "Quà", "Tỉnh", "5.000.000", f"PC-L{i:03d}"] for i in range(count)
    ]


def test_preview_shows_the_first_rows_and_counts_them_all(client, users, monkeypatch):
    monkeypatch.setattr(imports, "PREVIEW_ROWS", 5)
    client.force_login(users["staff"])
    preview = upload(client, s.xlsx(HEADER, lines(12)))
    result = preview.context["result"]
    assert len(result.valid_rows()) == 5 and result.totals["new"] == 12 and result.unshown_rows == 7
    assert preview.content.decode().count('<tr class="new">') == 5
    assert client.post(CONFIRM_URL, {**preview.context["confirm_form"].initial}).status_code == 302
    assert Expenditure.objects.filter(voucher__startswith="PC-L").count() == 12


def test_a_file_with_more_rows_than_the_admin_takes_is_refused(client, users, settings):
    settings.DNQP_IMPORT_MAX_ROWS = 10
    client.force_login(users["staff"])
    for count in (11, 500):  # a file of 500 rows is not even read beyond the limit
        preview = upload(client, s.xlsx(HEADER, lines(count), title_rows=["CHI HỖ TRỢ"]))
        assert not preview.context.get("confirm_form")
        [(row, _column, message)] = s.problems(preview.context["result"])
        assert row == 0 and "10" in message and "import_file" in message
    for fmt in (imports.AdminXLSX(), imports.AdminCSV(encoding="utf-8-sig")):
        content = s.xlsx(HEADER, lines(500)) if fmt.is_binary() else s.csv_file(HEADER, lines(500))
        dataset = fmt.create_dataset(content)
        assert dataset.rows_cut and len(dataset) < 20
    for content, name, fmt in [
        (s.xlsx(HEADER, lines(10)), "chi.xlsx", "1"),
        (s.csv_file(HEADER, lines(10)), "chi.csv", "0"),
    ]:
        assert upload(client, content, name, fmt=fmt).context["confirm_form"] is not None  # ten rows: taken
    assert not Expenditure.objects.filter(voucher__startswith="PC-L").exists()


def test_a_file_bigger_than_the_admin_takes_is_refused_before_it_is_read(client, users, settings):
    content = s.csv_file(HEADER, lines(40))
    settings.DNQP_IMPORT_MAX_BYTES = len(content) - 1
    client.force_login(users["staff"])
    response = upload(client, content, "chi.csv", fmt="0")
    assert response.status_code == 200 and not response.context.get("result")
    [error] = response.context["form"].errors["import_file"]
    assert "import_file" in error
    assert not Expenditure.objects.filter(voucher__startswith="PC-L").exists()
