"""Support lines in the admin: foreign-currency support gets its amount in đồng computed; bad input is a form error."""

from django.urls import reverse

from events.models import Expenditure

URL = reverse("admin:events_expenditure_add")
ATTACHMENTS = {
    "dnqp-attachment-content_type-object_id-TOTAL_FORMS": "0",
    "dnqp-attachment-content_type-object_id-INITIAL_FORMS": "0",
}


def support(worked_example, **changes):
    return {
        "date": "01/09/2022",
        "command": str(worked_example["bp_ln"].pk),
        "partner_unit": str(worked_example["snl"].pk),
        "category": "materials",
        "funding_source": "province",
        "amount_vnd": "",
        "currency": "USD",
        "amount_original": "2000",
        "exchange_rate": "23500,5",
        **ATTACHMENTS,
        **changes,
    }


def test_usd_support_gets_its_amount_in_dong_computed(client, users, worked_example):
    client.force_login(users["district_staff"])
    response = client.post(URL, support(worked_example, voucher="CT-2022/17"))
    assert response.status_code == 302, response.context and response.context["adminform"].form.errors
    line = Expenditure.objects.get(voucher="CT-2022/17")
    assert line.amount_vnd == 47_001_000
    listing = client.get(reverse("admin:events_expenditure_changelist")).content.decode()
    assert "47.001.000 ₫" in listing
    assert "2.000,00 USD" in listing


def test_disagreeing_amount_and_missing_rate_are_form_errors(client, users, worked_example):
    client.force_login(users["district_staff"])
    response = client.post(URL, support(worked_example, amount_vnd="1000"))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["amount_vnd"]
    response = client.post(URL, support(worked_example, exchange_rate=""))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["exchange_rate"]
    in_dong = {"currency": "", "amount_original": "", "exchange_rate": ""}
    response = client.post(URL, support(worked_example, amount_vnd="0", **in_dong))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["amount_vnd"]
    assert Expenditure.objects.count() == 2  # the worked example's two lines only


def test_amounts_are_typed_the_vietnamese_way(client, users, worked_example):
    client.force_login(users["staff"])
    in_dong = {"currency": "", "amount_original": "", "exchange_rate": ""}
    data = support(worked_example, amount_vnd="80.000.000", **in_dong)
    response = client.post(URL, {**data, "voucher": "CT-2022/18"})
    assert response.status_code == 302
    assert Expenditure.objects.get(voucher="CT-2022/18").amount_vnd == 80_000_000
    page = client.get(reverse("admin:events_expenditure_change", args=[worked_example["s2"].pk])).content.decode()
    assert 'value="23.500,5"' in page and 'value="1.000"' in page and 'value="23.500.500"' in page  # as typed


def test_an_amount_grouped_as_the_clerk_is_used_to_is_read(client, users, worked_example):
    """Whole đồng grouped by dots, commas or spaces all read as the same amount; a word is one clear error."""
    client.force_login(users["district_staff"])
    in_dong = {"currency": "", "amount_original": "", "exchange_rate": ""}
    for i, typed in enumerate(("50.000.000", "50,000,000", "50 000 000")):
        response = client.post(URL, support(worked_example, amount_vnd=typed, voucher=f"PC-{i}", **in_dong))
        assert response.status_code == 302, typed
    assert set(Expenditure.objects.filter(voucher__startswith="PC-").values_list("amount_vnd", flat=True)) == {
        50_000_000
    }
    response = client.post(URL, support(worked_example, amount_vnd="năm mươi triệu", voucher="PC-X", **in_dong))
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["amount_vnd"] == ["Hãy nhập một số nguyên."]
    assert not Expenditure.objects.filter(voucher="PC-X").exists()
