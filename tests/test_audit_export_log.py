"""Every export is logged (who, when, what, which filter, how many rows); administrators browse the log,
nobody edits or deletes it, and other roles do not see it."""

import pytest

from dnqp.models import ExportLog


@pytest.fixture
def logged_export(users, worked_example, client):
    client.force_login(users["analyst"])
    response = client.get("/support/", {"format": "csv", "category": "gifts"})
    assert response.status_code == 200
    if response.streaming:
        b"".join(response.streaming_content)  # a streamed export logs once it has been read to the end
    client.logout()
    return ExportLog.objects.get()


def test_a_page_export_writes_one_log_entry(logged_export, users):
    assert logged_export.user == users["analyst"]
    assert logged_export.file_format == "csv"
    assert logged_export.filters.get("category") in ("gifts", ["gifts"])
    assert logged_export.row_count == 1  # s1, the gifts of BP (s2 is materials)


def test_an_api_report_export_is_logged_too(users, worked_example, client):
    client.force_login(users["commander"])
    response = client.get("/api/v1/reports/yearly/", {"year": 2022, "format": "xlsx"})
    assert response.status_code == 200
    entry = ExportLog.objects.get()
    assert (entry.user, entry.file_format) == (users["commander"], "xlsx")


@pytest.mark.parametrize("role", ["superuser", "admin"])
def test_administrators_browse_the_export_log_read_only(client, users, logged_export, role):
    client.force_login(users[role])

    changelist = client.get("/admin/dnqp/exportlog/")
    assert changelist.status_code == 200
    assert changelist.context["cl"].result_count == 1
    detail = client.get(f"/admin/dnqp/exportlog/{logged_export.pk}/change/")
    assert detail.status_code == 200
    assert not detail.context["has_change_permission"]
    assert client.get("/admin/dnqp/exportlog/add/").status_code == 403
    assert client.post(f"/admin/dnqp/exportlog/{logged_export.pk}/delete/", {"post": "yes"}).status_code == 403
    assert client.post(f"/admin/dnqp/exportlog/{logged_export.pk}/change/", {"what": "x"}).status_code == 403
    assert ExportLog.objects.get().what == logged_export.what


@pytest.mark.parametrize("role", ["staff", "other_staff", "commander", "analyst", "nobody"])
def test_other_roles_do_not_see_the_export_log(client, users, logged_export, role):
    client.force_login(users[role])
    response = client.get("/admin/dnqp/exportlog/")
    if users[role].is_staff:
        assert response.status_code == 403
    else:
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
