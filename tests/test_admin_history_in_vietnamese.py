"""The change history of a record, in Vietnamese, with links only where the user may follow them."""

from django.urls import reverse

from tests.admin_helpers import change_form_data

ENGLISH = ["Changed by", "Change reason", "Date/time", "Comment", "Choose a date", "Please correct the error"]


def history_url(obj):
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_history", args=[obj.pk])


def test_history_page_is_vietnamese_and_links_no_user_page_for_staff(client, users, worked_example):
    p1 = worked_example["p1"]
    client.force_login(users["staff"])
    url = reverse("admin:partnerships_agreement_change", args=[p1.pk])
    assert client.post(url, change_form_data(client.get(url), notes="Sửa để có lịch sử")).status_code == 302
    html = client.get(history_url(p1)).content.decode()
    assert "Người thay đổi" in html and "nhaplieu_bp" in html
    assert not [word for word in ENGLISH if word in html]
    assert "/admin/auth/user/" not in html  # staff may not open user pages: the name is plain text


def test_an_administrator_gets_the_link_to_the_user(client, users, worked_example):
    p1 = worked_example["p1"]
    client.force_login(users["superuser"])
    url = reverse("admin:partnerships_agreement_change", args=[p1.pk])
    assert client.post(url, change_form_data(client.get(url), notes="Quản trị sửa")).status_code == 302
    assert "/admin/auth/user/" in client.get(history_url(p1)).content.decode()


def test_a_form_error_banner_is_vietnamese(client, users, worked_example):
    p1 = worked_example["p1"]
    client.force_login(users["staff"])
    url = reverse("admin:partnerships_agreement_change", args=[p1.pk])
    html = client.post(url, change_form_data(client.get(url), title="")).content.decode()
    assert "Đồng chí sửa các lỗi dưới đây." in html
    assert "Please correct" not in html
