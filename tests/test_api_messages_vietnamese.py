"""The API answers in Vietnamese: DRF's own messages (fields, relations, pagination, permissions, exceptions),
django-filter's and Django's come from the project catalogue (``dnqp/web/i18n_extra.py``), never in English."""

import re

import pytest
from django.utils import translation
from django.utils.functional import Promise
from rest_framework import exceptions, fields, pagination, relations, serializers, validators

from dnqp.models import Profile
from dnqp.web import i18n_extra
from partnerships.models import Agreement, Command
from tests import factories as f
from tests.test_api_crud import new_record
from tests.test_api_validation import CASES


def drf_english_msgids() -> set[str]:
    """The messages DRF declares on its classes (fields, relations, serializers, validators, exceptions,
    pagination), read from DRF itself rather than copied by hand."""
    msgids = set()
    with translation.override("en"):
        for module in (fields, relations, serializers):
            for cls in vars(module).values():
                if isinstance(cls, type) and issubclass(cls, fields.Field):
                    msgids.update(str(message) for message in vars(cls).get("default_error_messages", {}).values())
        for cls in vars(exceptions).values():
            if isinstance(cls, type) and issubclass(cls, exceptions.APIException):
                msgids.update(str(value) for value in vars(cls).values() if isinstance(value, Promise))
        for cls in vars(validators).values():
            if isinstance(cls, type) and isinstance(vars(cls).get("message"), Promise):
                msgids.add(str(cls.message))
        msgids.add(str(pagination.PageNumberPagination.invalid_page_message))
    return msgids


# What DRF writes inline (token authentication) and the English Django and DRF write with no msgid at all.
ENGLISH_INLINE = [
    "Invalid token.",
    "Invalid token header. No credentials provided.",
    "Invalid token header. Token string should not contain spaces.",
    "No {model} matches the given query.",
    "JSON parse error - {error}",
]


def english_patterns() -> list[re.Pattern]:
    patterns = []
    for msgid in drf_english_msgids() | set(ENGLISH_INLINE):
        # "{input}" and "%(limit_value)s" stand for any text.
        pattern = re.sub(r"\\\{[^}]*\\\}|%\\\([a-z_]+\\\)[sd]", ".+", re.escape(msgid))
        patterns.append(re.compile(pattern, re.DOTALL))
    return patterns


ENGLISH = english_patterns()


def messages_of(body) -> list[str]:
    if isinstance(body, dict):
        return [message for value in body.values() for message in messages_of(value)]
    if isinstance(body, list):
        return [message for value in body for message in messages_of(value)]
    return [body] if isinstance(body, str) else []


def assert_no_english(body):
    english = [message for message in messages_of(body) if any(p.fullmatch(message) for p in ENGLISH)]
    assert not english, english


# --- the catalogue ----------------------------------------------------------------------------------------

PLACEHOLDER = re.compile(r"\{[^}]*\}|%\([a-z_]+\)[sd]|%s")


@pytest.mark.parametrize(
    "msgid",
    [
        *i18n_extra.REST_FRAMEWORK_STRINGS,
        *i18n_extra.DJANGO_FILTER_STRINGS,
        *i18n_extra.DJANGO_STRINGS,
    ],
)
def test_every_listed_message_has_a_vietnamese_translation_with_the_same_placeholders(msgid):
    with translation.override("vi"):
        translated = translation.gettext(msgid)
    assert translated != msgid
    assert translated.strip() == translated
    # A placeholder lost or misspelt would turn DRF's ``.format(...)`` into a 500.
    assert sorted(PLACEHOLDER.findall(translated)) == sorted(PLACEHOLDER.findall(msgid))


def test_every_message_drf_declares_is_listed():
    """A DRF upgrade that adds or rewords a message fails here instead of answering in English."""
    missing = drf_english_msgids() - set(i18n_extra.REST_FRAMEWORK_STRINGS)
    assert not missing, sorted(missing)


# --- write paths ------------------------------------------------------------------------------------------

WRITES = [
    ("agreements", {"title": None}, "title", "Trường này là bắt buộc."),
    ("agreements", {"kind": "friendship"}, "kind", "“friendship” không phải là một lựa chọn hợp lệ."),
    ("delegations", {"member_count": "many"}, "member_count", "Hãy nhập một số nguyên hợp lệ."),
    ("delegations", {"member_count": 0}, "member_count", "Giá trị này phải lớn hơn hoặc bằng 1."),
    (
        "agreements",
        {"partner_unit": 999999},
        "partner_unit",
        "Mã số (id) “999999” không hợp lệ: bản ghi không tồn tại.",
    ),
    ("agreements", {"command": "abc"}, "command", "Sai kiểu dữ liệu: cần một mã số (id), nhưng nhận được str."),
    ("delegations", {"partner_units": "KH-KRT"}, "partner_units", "Cần một danh sách, nhưng nhận được kiểu “str”."),
    (
        "delegations",
        {"start_date": "12/04/2022"},
        "start_date",
        "Ngày sai định dạng. Hãy dùng một trong các định dạng sau: YYYY-MM-DD.",
    ),
    ("expenditures", {"amount_vnd": None}, "amount_vnd", "Trường này không được để trống (null)."),
    ("expenditures", {"amount_vnd": "80.000.000"}, "amount_vnd", "Hãy nhập một số nguyên hợp lệ."),
    (
        "expenditures",
        {"currency": "USD", "amount_original": "1000", "exchange_rate": "1.1234567"},
        "exchange_rate",
        "Số này chỉ được có tối đa 6 chữ số sau dấu thập phân.",
    ),
    ("agreements", {"title": "T" * 301}, "title", "Trường này chỉ được có tối đa 300 ký tự."),
    ("agreements", {"title": ""}, "title", "Trường này không được bỏ trống."),
    ("activities", {"notes": "a\x00b"}, "notes", "Không được dùng ký tự null."),
]


@pytest.mark.parametrize(("resource", "change", "field", "expected"), WRITES)
def test_invalid_write_is_answered_in_vietnamese(resource, change, field, expected, users, worked_example, api_client):
    body = {**new_record(resource, worked_example), **change}
    if change.get("title", "") is None:
        del body["title"]  # missing, not null
    response = api_client(users["staff"]).post(f"/api/v1/{resource}/", body, format="json")
    assert response.status_code == 400, response.content
    assert response.json()[field] == [expected]
    assert_no_english(response.json())


def test_link_to_a_record_of_another_scope_is_does_not_exist_in_vietnamese(users, worked_example, api_client):
    other = f.agreement(Command.objects.get(code="TN"), worked_example["krt"], signed_on=worked_example["p1"].signed_on)
    body = {**new_record("agreements", worked_example), "renews": other.pk}
    response = api_client(users["staff"]).post("/api/v1/agreements/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"renews": [f"Mã số (id) “{other.pk}” không hợp lệ: bản ghi không tồn tại."]}


def test_json_that_is_not_an_object_is_answered_in_vietnamese(users, worked_example, api_client):
    response = api_client(users["staff"]).post("/api/v1/delegations/", [1, 2], format="json")
    assert response.status_code == 400
    assert response.json() == {
        "non_field_errors": ["Dữ liệu không hợp lệ: cần một đối tượng JSON, nhưng nhận được list."]
    }


def test_malformed_json_is_answered_in_vietnamese_with_the_place(users, worked_example, api_client):
    client = api_client(users["staff"])
    response = client.generic("POST", "/api/v1/agreements/", '{"title": "x",\n "kind" "plan"}', "application/json")
    assert response.status_code == 400
    assert response.json() == {"detail": "Nội dung gửi lên không phải JSON hợp lệ (lỗi ở dòng 2, cột 9)."}


@pytest.mark.parametrize(("resource", "change", "field"), CASES)
def test_no_invalid_write_answers_in_english(resource, change, field, users, worked_example, api_client):
    """Every bad input of tests/test_api_validation.py: the messages are all Vietnamese."""
    w = {**worked_example, "la_unit": f.partner("LA-CPS", "Bộ CHQS tỉnh Champasak", country="LA")}
    change = {key: (w[value].pk if isinstance(value, str) and value in w else value) for key, value in change.items()}
    body = {**new_record(resource, w), **change}
    response = api_client(users["superuser"]).post(f"/api/v1/{resource}/", body, format="json")
    assert response.status_code == 400
    assert messages_of(response.json()[field])
    assert_no_english(response.json())


# --- who may: 401, 403, 404 -------------------------------------------------------------------------------


def test_anonymous_write_is_refused_in_vietnamese(worked_example, api_client):
    response = api_client().post("/api/v1/agreements/", new_record("agreements", worked_example), format="json")
    assert response.status_code == 401
    assert response.json() == {"detail": "Chưa có thông tin xác thực: hãy đăng nhập hoặc gửi kèm token."}
    assert not Agreement.objects.filter(title=new_record("agreements", worked_example)["title"]).exists()


@pytest.mark.parametrize(
    ("header", "expected"),
    [
        ("Token not-a-real-token", "Token không hợp lệ."),
        ("Token", "Header Token không hợp lệ: không có thông tin xác thực."),
        ("Token a b", "Header Token không hợp lệ: token không được chứa dấu cách."),
    ],
)
def test_bad_token_is_refused_in_vietnamese(header, expected, worked_example, api_client):
    client = api_client()
    client.credentials(HTTP_AUTHORIZATION=header)
    response = client.post("/api/v1/agreements/", new_record("agreements", worked_example), format="json")
    assert response.status_code == 401
    assert response.json() == {"detail": expected}


@pytest.mark.parametrize(
    ("role", "resource"),
    [
        ("commander", "agreements"),
        ("analyst", "delegations"),
        ("nobody", "agreements"),
        ("staff", "commands"),  # data-entry staff write records and partner units, not commands
    ],
)
def test_refused_role_is_told_so_in_vietnamese(role, resource, users, worked_example, api_client):
    model = {"agreements": Agreement, "delegations": type(worked_example["d1"]), "commands": Command}[resource]
    before = model.objects.count()
    body = new_record(resource, worked_example)
    response = api_client(users[role]).post(f"/api/v1/{resource}/", body, format="json")
    assert response.status_code == 403
    assert response.json() == {"detail": "Đồng chí không có quyền thực hiện thao tác này."}
    assert model.objects.count() == before


def test_record_of_another_scope_is_not_found_in_vietnamese(users, worked_example, api_client):
    client = api_client(users["other_staff"])
    p1 = worked_example["p1"]
    for response in [
        client.get(f"/api/v1/agreements/{p1.pk}/"),
        client.patch(f"/api/v1/agreements/{p1.pk}/", {"notes": "x"}, format="json"),
        client.get("/api/v1/agreements/999999/"),
    ]:
        assert response.status_code == 404
        assert response.json() == {"detail": "Không tìm thấy."}
    p1.refresh_from_db()
    assert p1.notes != "x"


# --- requests, pages and filters --------------------------------------------------------------------------


def test_request_errors_are_answered_in_vietnamese(users, worked_example, api_client):
    client = api_client(users["staff"])
    response = client.put("/api/v1/agreements/", {}, format="json")
    assert (response.status_code, response.json()) == (405, {"detail": "Không được dùng phương thức “PUT”."})
    response = client.generic("POST", "/api/v1/agreements/", "title;kind", "text/csv")
    assert (response.status_code, response.json()) == (
        415,
        {"detail": "Kiểu dữ liệu “text/csv” của yêu cầu không được hỗ trợ."},
    )
    response = client.get("/api/v1/agreements/?page=99")
    assert (response.status_code, response.json()) == (404, {"detail": "Trang không hợp lệ."})


@pytest.mark.parametrize(
    ("url", "field", "expected"),
    [
        ("/api/v1/agreements/?signed_year=2022.5", "signed_year", "Hãy nhập một số nguyên."),
        ("/api/v1/delegations/?year=3000", "year", "Giá trị này phải nhỏ hơn hoặc bằng 2100."),
        ("/api/v1/activities/?partner_unit=-1", "partner_unit", "Giá trị này phải lớn hơn hoặc bằng 1."),
        ("/api/v1/delegations/?start_after=yesterday", "start_after", "Nhập một ngày hợp lệ."),
        (
            "/api/v1/agreements/?status=lost",
            "status",
            "Hãy chọn một lựa chọn hợp lệ. lost không phải là một trong các lựa chọn khả thi.",
        ),
    ],
)
def test_bad_filter_is_answered_in_vietnamese(url, field, expected, users, worked_example, api_client):
    response = api_client(users["staff"]).get(url)
    assert response.status_code == 400
    assert response.json() == {field: [expected]}


def test_english_is_served_to_a_user_who_picked_it(users, worked_example, api_client):
    Profile.objects.filter(user=users["staff"]).update(language="en")  # in the page header (dnqp/web/language.py)
    body = {**new_record("agreements", worked_example), "kind": "friendship"}
    response = api_client(users["staff"]).post("/api/v1/agreements/", body, format="json")
    assert response.status_code == 400
    assert response.json() == {"kind": ['"friendship" is not a valid choice.']}
