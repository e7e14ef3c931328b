"""The signing ceremony: N command/partner pairs in one step, in one transaction (all or none)."""

import datetime

import pytest
from django.urls import reverse

from dnqp.access.scoping import command_in_scope
from partnerships.models import Agreement
from partnerships.services import CeremonyError, CeremonyPair, agreements_sign_ceremony
from tests import factories as f

URL = "/admin/partnerships/agreement/ceremony/"
DISTRICTS = [("CHAUDUC", "Châu Đức"), ("XUYENMOC", "Xuyên Mộc"), ("DATDO", "Đất Đỏ"), ("LONGDIEN", "Long Điền")]
SECTORS = ["Chhep", "Choam Ksant", "Tbeng Meanchey", "Rovieng", "Sangkum Thmei"]


@pytest.fixture
def brvt_ceremony(db):
    """BR-VT 2020: five district commands twinned with five military sectors of Preah Vihear."""
    qk7 = f.command("QK7", "Bộ Tư lệnh Quân khu 7", level="military_region")
    brvt = f.command("BRVT", "Bộ CHQS tỉnh Bà Rịa – Vũng Tàu", parent=qk7)
    districts = [
        f.command(f"BRVT-{code}", f"Ban CHQS huyện {name}", level="district", parent=brvt) for code, name in DISTRICTS
    ]
    districts.append(f.command("BRVT-PHUMY", "Ban CHQS thị xã Phú Mỹ", level="district", parent=brvt))
    pvh = f.partner("KH-PVH", "Tiểu khu Quân sự Preah Vihear")
    sectors = [
        f.partner(f"KH-PVH-{i}", f"Chi khu quân sự {name}", level="district", parent=pvh)
        for i, name in enumerate(SECTORS)
    ]
    other = f.command("LA", "Bộ CHQS tỉnh Long An", parent=qk7)
    return {
        "qk7": qk7,
        "brvt": brvt,
        "districts": districts,
        "sectors": sectors,
        "other": other,
        "staff": f.user("nhaplieu_brvt", "staff", brvt),
        "superuser": f.user("root", superuser=True),
    }


def ceremony_post(pairs, **shared):
    data = {
        "kind": "twinning",
        "title": "Kết nghĩa giữa Ban CHQS cấp huyện và Chi khu quân sự tỉnh Preah Vihear",
        "signed_on": "15/12/2020",
        "valid_from": "",
        "valid_until": "",
        "reference_prefix": "KN-2020/",
        "signatory_vn_title": "Chỉ huy trưởng",
        "signatory_partner_title": "Chỉ huy trưởng Chi khu",
        "pairs-TOTAL_FORMS": str(len(pairs) + 1),
        "pairs-INITIAL_FORMS": "0",
        "pairs-MIN_NUM_FORMS": "0",
        "pairs-MAX_NUM_FORMS": "50",
        **shared,
    }
    for i, (command, partner) in enumerate(pairs):
        data[f"pairs-{i}-command"] = str(command.pk)
        data[f"pairs-{i}-partner_unit"] = str(partner.pk)
    return data  # the last row stays blank, as in the form, and is ignored


def test_ceremony_page_renders_with_autocomplete_rows(client, brvt_ceremony):
    client.force_login(brvt_ceremony["staff"])
    response = client.get(URL)
    assert response.status_code == 200
    content = response.content.decode()
    assert content.count('data-model-name="agreement"') >= 10  # command + partner unit on 5 rows
    assert "admin/js/autocomplete.js" in content


def test_ceremony_creates_five_agreements_in_one_step(client, brvt_ceremony):
    w = brvt_ceremony
    client.force_login(w["staff"])
    response = client.post(URL, ceremony_post(list(zip(w["districts"], w["sectors"], strict=False))))
    assert response.status_code == 302, response.context and response.context["formset"].errors
    created = Agreement.objects.order_by("reference")
    assert created.count() == 5
    assert [a.reference for a in created] == [f"KN-2020/{i}" for i in range(1, 6)]
    assert {a.signed_on for a in created} == {datetime.date(2020, 12, 15)}
    assert {a.valid_from for a in created} == {datetime.date(2020, 12, 15)}
    assert {a.signatory_vn_title for a in created} == {"Chỉ huy trưởng"}
    assert {(a.command_id, a.partner_unit_id) for a in created} == {
        (c.pk, p.pk) for c, p in zip(w["districts"], w["sectors"], strict=False)
    }
    history = created[0].history.first()
    assert history.history_user == w["staff"]
    assert "Kết nghĩa giữa Ban CHQS" in history.history_change_reason


def test_ceremony_with_one_out_of_scope_row_creates_nothing(client, brvt_ceremony):
    w = brvt_ceremony
    pairs = list(zip(w["districts"], w["sectors"], strict=False))
    pairs[2] = (w["other"], w["sectors"][2])  # Long An is outside the BR-VT staff member's subtree
    client.force_login(w["staff"])
    response = client.post(URL, ceremony_post(pairs))
    assert response.status_code == 200
    assert Agreement.objects.count() == 0
    rows = response.context["formset"].forms
    assert rows[2].errors["command"]
    assert not rows[0].errors and not rows[1].errors and not rows[3].errors
    assert "Chưa có gì được lưu" in response.content.decode()  # "Nothing was saved"


def test_ceremony_with_a_duplicate_pair_creates_nothing(client, brvt_ceremony):
    w = brvt_ceremony
    pairs = [(w["districts"][0], w["sectors"][0]), (w["districts"][1], w["sectors"][1])] * 2
    client.force_login(w["superuser"])
    response = client.post(URL, ceremony_post(pairs))
    assert response.status_code == 200
    assert Agreement.objects.count() == 0
    assert response.context["formset"].forms[2].errors["partner_unit"]


def test_ceremony_with_bad_shared_dates_creates_nothing(client, brvt_ceremony):
    w = brvt_ceremony
    client.force_login(w["superuser"])
    data = ceremony_post(list(zip(w["districts"], w["sectors"], strict=False)), valid_until="01/01/2020")
    response = client.post(URL, data)
    assert response.status_code == 200
    assert response.context["form"].errors["valid_until"]
    assert Agreement.objects.count() == 0


def test_service_is_all_or_none_when_the_database_refuses_a_row(brvt_ceremony):
    """A row that only the model validation catches (reference too long) rolls back every row."""
    w = brvt_ceremony
    pairs = [CeremonyPair(c, p) for c, p in zip(w["districts"], w["sectors"], strict=False)]
    pairs[4] = CeremonyPair(w["districts"][4], w["sectors"][4], reference="X" * 200)
    with pytest.raises(CeremonyError) as excinfo:
        agreements_sign_ceremony(
            command_pairs=pairs, signed_on=datetime.date(2020, 12, 15), kind="twinning", title="Kết nghĩa"
        )
    assert set(excinfo.value.row_errors) == {4}
    assert Agreement.objects.count() == 0


def test_service_refuses_a_command_outside_the_users_scope(brvt_ceremony):
    w = brvt_ceremony
    with pytest.raises(CeremonyError) as excinfo:
        agreements_sign_ceremony(
            command_pairs=[(w["districts"][0], w["sectors"][0]), (w["other"], w["sectors"][1])],
            signed_on=datetime.date(2020, 12, 15),
            kind="twinning",
            title="Kết nghĩa",
            may_record=lambda command: command_in_scope(w["staff"], command),
        )
    assert set(excinfo.value.row_errors) == {1}
    assert Agreement.objects.count() == 0


def test_more_rows_keeps_the_input_and_saves_nothing(client, brvt_ceremony):
    w = brvt_ceremony
    client.force_login(w["staff"])
    data = ceremony_post([(w["districts"][0], w["sectors"][0])], _more_rows="1")
    response = client.post(URL, data)
    assert response.status_code == 200
    assert response.context["formset"].total_form_count() == 7
    assert f'value="{w["districts"][0].pk}" selected' in response.content.decode()
    assert Agreement.objects.count() == 0


@pytest.mark.parametrize("role", ["commander", "analyst"])
def test_read_only_roles_cannot_record_a_ceremony(client, brvt_ceremony, role):
    w = brvt_ceremony
    user = f.user(f"{role}_brvt", role, w["brvt"])
    user.is_staff = True  # even if someone let them into the admin
    user.save()
    client.force_login(user)
    assert client.get(URL).status_code == 403
    pairs = list(zip(w["districts"], w["sectors"], strict=False))
    assert client.post(URL, ceremony_post(pairs)).status_code == 403
    assert Agreement.objects.count() == 0


def test_anonymous_is_sent_to_the_admin_login(client, brvt_ceremony):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
