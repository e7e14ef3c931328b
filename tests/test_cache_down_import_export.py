"""With the shared cache unreachable, a small file is imported through the admin and a list exports to CSV."""

from django.urls import reverse

from dnqp.access.scoping import scope_records
from dnqp.core.resilient_cache import breaker
from dnqp.models import ExportLog
from events.models import Expenditure
from tests.test_import_admin import CONFIRM_URL, support_file, upload
from tests.test_list_exports import read_csv


def test_import_preview_then_confirm(client, users, worked_example, cache_down):
    client.force_login(users["staff"])
    preview = upload(client, support_file("BP", "BP-LN"))
    assert preview.status_code == 200
    confirm = preview.context["confirm_form"]
    assert confirm is not None, preview.context.get("result") and preview.context["result"].invalid_rows
    done = client.post(CONFIRM_URL, {**confirm.initial})
    assert done.status_code == 302
    assert Expenditure.objects.filter(voucher__startswith="PC-A").count() == 2
    assert breaker.is_down()


def test_csv_export_of_a_list(client, users, worked_example, cache_down):
    client.force_login(users["analyst"])
    response = client.get(reverse("expenditure-list"), {"format": "csv"})
    assert response.status_code == 200
    rows = read_csv(response)
    visible = scope_records(users["analyst"], Expenditure.objects.all()).values_list("pk", flat=True)
    assert sorted(int(row[0]) for row in rows[1:]) == sorted(visible) != []
    assert ExportLog.objects.filter(user=users["analyst"]).count() == 1
