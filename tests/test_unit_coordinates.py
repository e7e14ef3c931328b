"""A unit's place on the map: latitude and longitude on the admin forms of commands and partner units (both or
neither, a form error otherwise, never a 500), and in the units' spreadsheets ("Vĩ độ", "Kinh độ"), exported and
imported back like every other column."""

from decimal import Decimal

import pytest
from django.urls import reverse

from dnqp.spreadsheets.unit_resources import CommandResource, PartnerUnitResource
from partnerships.models import Command, PartnerUnit
from tests import spreadsheets as s
from tests.admin_helpers import change_form_data
from tests.map_helpers import map_json

# Bà Rịa and Svay Rieng (decimal degrees).
BA_RIA = ("10.49611", "107.16861")
SVAY_RIENG = ("11.08700", "105.79900")


@pytest.mark.parametrize(
    ("role", "url_name", "unit"),
    [
        ("admin", "admin:partnerships_command_change", "bp"),
        ("admin", "admin:partnerships_partnerunit_change", "krt"),
        ("staff", "admin:partnerships_partnerunit_change", "krt"),
    ],
)
def test_the_admin_forms_place_a_unit(client, users, worked_example, role, url_name, unit):
    obj = worked_example[unit]
    url = reverse(url_name, args=[obj.pk])
    client.force_login(users[role])
    form = client.get(url)
    html = form.content.decode()
    assert 'name="latitude"' in html and 'name="longitude"' in html
    assert "Vị trí trên bản đồ" in html

    response = client.post(url, change_form_data(form, latitude=BA_RIA[0], longitude=BA_RIA[1]))
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else response
    obj.refresh_from_db()
    assert (obj.latitude, obj.longitude) == (Decimal(BA_RIA[0]), Decimal(BA_RIA[1]))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"latitude": "10.49611", "longitude": ""}, "longitude", "Đồng chí ghi cả vĩ độ và kinh độ."),
        ({"latitude": "", "longitude": "107.16861"}, "latitude", "Đồng chí ghi cả vĩ độ và kinh độ."),
        ({"latitude": "95", "longitude": "107.16861"}, "latitude", "Vĩ độ nằm trong khoảng -90 đến 90 độ."),
    ],
)
def test_half_a_position_or_one_off_the_globe_is_a_form_error(client, users, worked_example, changes, field, message):
    unit = worked_example["krt"]
    url = reverse("admin:partnerships_partnerunit_change", args=[unit.pk])
    client.force_login(users["staff"])
    response = client.post(url, change_form_data(client.get(url), **changes))
    assert response.status_code == 200
    assert field in response.context["adminform"].form.errors
    assert message in response.content.decode()
    unit.refresh_from_db()
    assert unit.latitude is None and unit.longitude is None


def test_a_commander_is_refused_the_admin_form(client, users, worked_example):
    client.force_login(users["commander"])
    url = reverse("admin:partnerships_partnerunit_change", args=[worked_example["krt"].pk])
    response = client.get(url)
    assert response.status_code in (302, 403)


def test_the_units_spreadsheets_carry_the_position_both_ways(worked_example):
    header = ["Mã đơn vị", "Tên đơn vị", "Quốc gia", "Cấp", "Vĩ độ", "Kinh độ"]
    result = s.run(
        PartnerUnitResource(),
        s.xlsx(header, [["KH-SVR", "Tiểu khu Quân sự Svay Rieng", "KH", "province", *SVAY_RIENG]]),
    )
    assert s.problems(result) == []
    svr = PartnerUnit.objects.get(code="KH-SVR")
    assert (svr.latitude, svr.longitude) == (Decimal(SVAY_RIENG[0]), Decimal(SVAY_RIENG[1]))

    bp = worked_example["bp"]
    bp.latitude, bp.longitude = Decimal(BA_RIA[0]), Decimal(BA_RIA[1])
    bp.save()
    exported = s.load(s.export_file(CommandResource(), Command.objects.filter(pk=bp.pk), "csv"), "don-vi.csv")
    row = dict(zip(exported.headers, exported[0], strict=True))
    assert (row["Vĩ độ"], row["Kinh độ"]) == BA_RIA
    # A file without the two columns leaves the position as it is.
    result = s.run(CommandResource(), s.xlsx(["Mã đơn vị", "Tên đơn vị"], [["BP", "Bộ CHQS tỉnh Bình Phước (cũ)"]]))
    assert s.problems(result) == []
    bp.refresh_from_db()
    assert bp.name.endswith("(cũ)") and bp.latitude == Decimal(BA_RIA[0])


def test_half_a_position_in_a_file_is_refused_with_its_row(worked_example):
    header = ["Mã đơn vị", "Tên đơn vị", "Quốc gia", "Cấp", "Vĩ độ", "Kinh độ"]
    result = s.run(
        PartnerUnitResource(),
        s.xlsx(header, [["KH-SVR", "Tiểu khu Quân sự Svay Rieng", "KH", "province", "11.087", ""]]),
    )
    problems = s.problems(result)
    assert problems and problems[0][0] == 2
    assert not PartnerUnit.objects.filter(code="KH-SVR").exists()


def test_a_partner_s_name_in_its_own_script_goes_from_the_admin_to_the_map(client, users, worked_example):
    """The map labels a partner unit with its name in Khmer or Lao script too: staff enter it on the same form."""
    unit = worked_example["snl"]
    url = reverse("admin:partnerships_partnerunit_change", args=[unit.pk])
    client.force_login(users["staff"])
    response = client.post(
        url, change_form_data(client.get(url), name_original="ស្នួល", latitude="12.074", longitude="106.427")
    )
    assert response.status_code == 302
    data = map_json(client.get(reverse("map"), {"year": 2022}))
    assert {u["code"]: u["name_original"] for u in data["partner_units"]}["KH-KRT-SNL"] == "ស្នួល"
