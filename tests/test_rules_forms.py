"""The same rules at the form level: a plain ``ModelForm`` (what the admin builds) names the field and says why,
in Vietnamese. Project messages are compared with their catalogue entry, so the test holds before and after the
Vietnamese catalogue is compiled; Django's own messages are checked in Vietnamese."""

import datetime

import pytest
from django.forms import modelform_factory
from django.utils import translation
from django.utils.translation import gettext

from events.models import Activity, Delegation, Expenditure
from partnerships.models import Agreement, Command, PartnerUnit
from tests import factories as f

D = datetime.date


def errors_in_vietnamese(model, data, instance=None):
    """Validate ``data`` with a ``fields="__all__"`` form of ``model`` under Vietnamese; return the errors."""
    form_class = modelform_factory(model, fields="__all__")
    with translation.override("vi"):
        form = form_class(data=data, instance=instance)
        assert not form.is_valid()
        return {field: [str(message) for message in messages] for field, messages in form.errors.items()}


def vi(msgid, **params):
    """The Vietnamese text of a project message (the English msgid until the catalogue is compiled)."""
    with translation.override("vi"):
        text = gettext(msgid)
    return text % params if params else text


@pytest.fixture
def units(db):
    qk7 = f.command("QK7", "Bộ Tư lệnh Quân khu 7", level="military_region")
    brvt = f.command("BRVT", "Bộ CHQS tỉnh Bà Rịa – Vũng Tàu", parent=qk7)
    chau_duc = f.command("BRVT-CHAUDUC", "Ban CHQS huyện Châu Đức", level="district", parent=brvt)
    pvh = f.partner("KH-PVH", "Tiểu khu Quân sự Preah Vihear")
    sector = f.partner("KH-PVH-CITY", "Chi khu quân sự thành phố Preah Vihear", level="district", parent=pvh)
    return {"qk7": qk7, "brvt": brvt, "chau_duc": chau_duc, "pvh": pvh, "sector": sector}


def command_data(**overrides):
    return {"code": "LONGAN", "name": "Bộ CHQS tỉnh Long An", "level": "province"} | overrides


# --- Command -------------------------------------------------------------------------------------------------


def test_command_bad_level_is_a_field_error(units):
    errors = errors_in_vietnamese(Command, command_data(level="battalion"))
    assert "lựa chọn" in errors["level"][0]  # Django's "Select a valid choice", in Vietnamese


def test_command_duplicate_code(units):
    errors = errors_in_vietnamese(Command, command_data(code="BRVT"))
    assert "đã tồn tại" in errors["code"][0]


def test_command_cannot_be_its_own_parent(units):
    brvt = units["brvt"]
    data = command_data(code="BRVT", name=brvt.name, parent=brvt.pk)
    errors = errors_in_vietnamese(Command, data, instance=brvt)
    assert errors["parent"] == [vi("A command cannot report to itself or to one of its own sub-commands.")]


def test_command_parent_cycle_refused(units):
    qk7 = units["qk7"]
    data = command_data(code="QK7", name=qk7.name, level="military_region", parent=units["chau_duc"].pk)
    errors = errors_in_vietnamese(Command, data, instance=qk7)
    assert errors["parent"] == [vi("A command cannot report to itself or to one of its own sub-commands.")]


def test_command_successor_needs_last_day(units):
    errors = errors_in_vietnamese(Command, command_data(successor=units["qk7"].pk))
    assert errors["valid_until"] == [vi("Give the last day of the dissolved command before naming its successor.")]


def test_command_dissolution_not_before_start(units):
    errors = errors_in_vietnamese(Command, command_data(valid_from="2025-07-01", valid_until="2025-06-30"))
    assert errors["valid_until"] == [vi("The dissolution date cannot be before the start date.")]


# --- PartnerUnit ---------------------------------------------------------------------------------------------


def partner_data(**overrides):
    return {"code": "KH-SVR", "name": "Tiểu khu Quân sự Svay Rieng", "country": "KH", "level": "province"} | overrides


def test_partner_country_xx_refused(units):
    errors = errors_in_vietnamese(PartnerUnit, partner_data(country="XX"))
    assert "lựa chọn" in errors["country"][0]


def test_partner_duplicate_code_and_bad_level(units):
    errors = errors_in_vietnamese(PartnerUnit, partner_data(code="KH-PVH", level="brigade"))
    assert "đã tồn tại" in errors["code"][0]
    assert "lựa chọn" in errors["level"][0]


def test_partner_parent_cycle_refused(units):
    pvh = units["pvh"]
    data = partner_data(code="KH-PVH", name=pvh.name, parent=units["sector"].pk)
    errors = errors_in_vietnamese(PartnerUnit, data, instance=pvh)
    assert errors["parent"] == [vi("A unit cannot belong to itself or to one of its own sub-units.")]


# --- Agreement -----------------------------------------------------------------------------------------------


def agreement_data(units, **overrides):
    return {
        "reference": "08/2015/KN-BRVT-PVH",
        "title": "Văn bản kết nghĩa",
        "kind": "twinning",
        "command": units["brvt"].pk,
        "partner_unit": units["pvh"].pk,
        "signed_on": "2015-04-16",
    } | overrides


def test_agreement_bad_kind(units):
    errors = errors_in_vietnamese(Agreement, agreement_data(units, kind="treaty"))
    assert "lựa chọn" in errors["kind"][0]


def test_agreement_validity_ordered(units):
    errors = errors_in_vietnamese(Agreement, agreement_data(units, valid_until="2015-04-15"))
    assert errors["valid_until"] == [vi("The last day in force cannot be before the first day in force.")]


def test_agreement_terminated_before_signing(units):
    errors = errors_in_vietnamese(Agreement, agreement_data(units, terminated_on="2015-04-15"))
    assert errors["terminated_on"] == [vi("The termination date cannot be before the signing date.")]


def test_draft_cannot_be_terminated(units):
    errors = errors_in_vietnamese(Agreement, agreement_data(units, signed_on="", terminated_on="2020-01-01"))
    assert errors["terminated_on"] == [vi("A draft that was never signed cannot be terminated.")]


def test_agreement_cannot_renew_itself(units):
    agreement = f.agreement(units["brvt"], units["pvh"], "annual_plan", D(2020, 1, 16))
    data = agreement_data(units, kind="annual_plan", renews=agreement.pk)
    errors = errors_in_vietnamese(Agreement, data, instance=agreement)
    assert errors["renews"] == [vi("An agreement cannot renew itself.")]


# --- Delegation and Activity ---------------------------------------------------------------------------------


def delegation_data(units, **overrides):
    return {
        "direction": "inbound",
        "purpose": "courtesy",
        "command": units["brvt"].pk,
        "country": "KH",
        "member_count": "15",
        "start_date": "2019-11-26",
        "end_date": "2019-11-27",
        "status": "completed",
    } | overrides


@pytest.mark.parametrize("field,value", [("direction", "sideways"), ("purpose", "tourism"), ("status", "done")])
def test_delegation_bad_choices(units, field, value):
    errors = errors_in_vietnamese(Delegation, delegation_data(units, **{field: value}))
    assert "lựa chọn" in errors[field][0]


def test_delegation_country_xx(units):
    errors = errors_in_vietnamese(Delegation, delegation_data(units, country="XX"))
    assert "lựa chọn" in errors["country"][0]


def test_delegation_needs_a_member(units):
    errors = errors_in_vietnamese(Delegation, delegation_data(units, member_count="0"))
    assert errors["member_count"] == [vi("A delegation has at least one member.")]


def test_delegation_end_before_start(units):
    errors = errors_in_vietnamese(Delegation, delegation_data(units, end_date="2019-11-25"))
    assert errors["end_date"] == [vi("The end date cannot be before the start date.")]


def activity_data(units, **overrides):
    return {
        "kind": "border_meeting",
        "title": "Giao ban biên giới quý 3/2022",
        "command": units["chau_duc"].pk,
        "start_date": "2022-08-15",
        "end_date": "2022-08-15",
        "status": "completed",
    } | overrides


def test_activity_rules(units):
    errors = errors_in_vietnamese(Activity, activity_data(units, kind="party", end_date="2022-08-14"))
    assert "lựa chọn" in errors["kind"][0]
    errors = errors_in_vietnamese(Activity, activity_data(units, end_date="2022-08-14"))
    assert errors["end_date"] == [vi("The end date cannot be before the start date.")]
    errors = errors_in_vietnamese(Activity, activity_data(units, participant_count="0"))
    assert errors["participant_count"] == [vi("The number of participants must be at least 1.")]


# --- Expenditure ---------------------------------------------------------------------------------------------


def expenditure_data(units, **overrides):
    return {
        "date": "2019-08-20",
        "command": units["brvt"].pk,
        "partner_unit": units["pvh"].pk,
        "category": "construction",
        "funding_source": "province",
        "amount_vnd": "380000000",
    } | overrides


@pytest.mark.parametrize("amount", ["0", "-5"])
def test_expenditure_amount_positive(units, amount):
    errors = errors_in_vietnamese(Expenditure, expenditure_data(units, amount_vnd=amount))
    assert errors["amount_vnd"] == [vi("The amount must be greater than zero.")]


def test_expenditure_bad_choices(units):
    errors = errors_in_vietnamese(Expenditure, expenditure_data(units, category="bribes", funding_source="lottery"))
    assert "lựa chọn" in errors["category"][0]
    assert "lựa chọn" in errors["funding_source"][0]


def test_expenditure_foreign_amount_must_match_rate(units):
    data = expenditure_data(units, currency="USD", amount_original="1000", exchange_rate="23500.5", amount_vnd="1")
    errors = errors_in_vietnamese(Expenditure, data)
    message = vi("The amount in đồng must equal the original amount × the rate, rounded: %(expected)s.")
    assert errors["amount_vnd"] == [message % {"expected": "23.500.500"}]


def test_expenditure_foreign_needs_rate(units):
    data = expenditure_data(units, currency="USD", amount_original="1000", amount_vnd="")
    errors = errors_in_vietnamese(Expenditure, data)
    assert errors["exchange_rate"] == [vi("Give the exchange rate (đồng per unit of the currency).")]


def test_expenditure_foreign_amount_is_computed_when_omitted(units):
    """The counterpart: a consistent foreign-currency line is valid and the server fills amount_vnd."""
    form_class = modelform_factory(Expenditure, fields="__all__")
    data = expenditure_data(units, currency="USD", amount_original="1000", exchange_rate="23500.5", amount_vnd="")
    form = form_class(data=data)
    assert form.is_valid(), form.errors
    assert form.save().amount_vnd == 23_500_500
