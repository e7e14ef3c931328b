"""The commands' official order (``sort_order``, revision 2) is in their spreadsheet: the list export writes it, the
import reads it back, and a file that leaves the cell empty puts the command at no particular place (0: by code)."""

from django.urls import reverse

from dnqp.spreadsheets.unit_resources import CommandResource
from partnerships.models import Command
from tests import spreadsheets as s
from tests.test_list_exports import read_csv

HEADER = "Thứ tự sắp xếp"


def test_the_official_order_is_exported_and_imported_back(client, users, worked_example):
    w = worked_example
    Command.objects.filter(pk=w["dn"].pk).update(sort_order=2)
    client.force_login(users["analyst"])
    rows = read_csv(client.get(reverse("command-list"), {"format": "csv"}))
    order = {row[0]: row[rows[0].index(HEADER)] for row in rows[1:]}
    assert order["DN"] == "2" and order["BP"] == "0"

    content = s.csv_file(
        ["Mã đơn vị", "Tên đơn vị", "Cấp", HEADER],
        [["DN", "Bộ CHQS tỉnh Đồng Nai", "province", "5"], ["QK7", "Bộ Tư lệnh Quân khu 7", "military_region", ""]],
    )
    Command.objects.filter(pk=w["qk7"].pk).update(sort_order=9)
    result = s.run(CommandResource(), content, "don-vi.csv", user=users["superuser"])
    assert s.problems(result) == []
    assert dict(Command.objects.filter(code__in=["DN", "QK7"]).values_list("code", "sort_order")) == {"DN": 5, "QK7": 0}
