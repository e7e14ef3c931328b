"""The signing ceremony refuses a post of more rows than it takes, or one whose row counts were stripped, with
a Vietnamese message on the page (Django's own catalogue has none for them), and signs nothing."""

import pytest
from django.utils import translation

from dnqp.admin.unit_forms import CEREMONY_MAX_ROWS
from partnerships.models import Agreement
from tests.test_admin_ceremony import URL, brvt_ceremony, ceremony_post  # noqa: F401 (the fixture)


def test_more_rows_than_the_ceremony_takes(client, brvt_ceremony):  # noqa: F811
    w = brvt_ceremony
    client.force_login(w["staff"])
    data = ceremony_post(list(zip(w["districts"], w["sectors"], strict=False)))
    data["pairs-TOTAL_FORMS"] = str(CEREMONY_MAX_ROWS + 1)
    response = client.post(URL, data)
    assert response.status_code == 200
    assert f"Chỉ được gửi tối đa {CEREMONY_MAX_ROWS} dòng." in response.content.decode()
    assert not Agreement.objects.exists()


def test_row_counts_stripped_from_the_post(client, brvt_ceremony):  # noqa: F811
    w = brvt_ceremony
    client.force_login(w["staff"])
    data = ceremony_post(list(zip(w["districts"], w["sectors"], strict=False)))
    del data["pairs-TOTAL_FORMS"], data["pairs-INITIAL_FORMS"]
    response = client.post(URL, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Dữ liệu biểu mẫu quản lý (ManagementForm) bị thiếu hoặc đã bị sửa." in html
    assert not Agreement.objects.exists()


@pytest.mark.parametrize(("language", "expected"), [("vi", "Phải gửi ít nhất 2 dòng."), ("en", "at least 2 forms")])
def test_the_at_least_message_in_both_languages(language, expected):
    from django import forms

    formset = forms.formset_factory(forms.Form, min_num=2, validate_min=True)(
        {"form-TOTAL_FORMS": "0", "form-INITIAL_FORMS": "0"}
    )
    with translation.override(language):
        assert not formset.is_valid()
        assert expected in str(formset.non_form_errors())
