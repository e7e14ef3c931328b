"""``manage.py send_reminders``: one mail per user whose scope has reminders, with that scope's reminders only and
links to the records; none to a user with nothing due; users without an e-mail address skipped and named."""

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from dnqp.models import Profile
from tests import factories as f
from tests.reminders_helpers import due_count, make_due

SITE = "https://dnqp.qk7.vn"


@pytest.fixture
def due(users, settings):
    settings.DNQP_SITE_URL = SITE
    for who in ("other_staff", "other_analyst", "analyst"):
        users[who].email = f"{users[who].username}@qk7.vn"
        users[who].save()
    return make_due(timezone.localdate())


def send(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("send_reminders", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def mail_to(address):
    [message] = [m for m in mail.outbox if m.to == [address]]
    return message


def test_one_mail_per_user_with_their_own_reminders(users, due):
    out, _err = send()
    tn_staff = mail_to("nhaplieu_tn@qk7.vn")
    tn_analyst = mail_to("tonghop_tn@qk7.vn")
    d = due["due"]
    for message in (tn_staff, tn_analyst):
        assert message.subject.startswith(f"ĐNQP: {due_count(timezone.localdate())} việc cần làm ngày ")
        assert f"({due['tn'].name})" in message.body
        assert "Kính gửi đồng chí" in message.body
        assert "Đoàn ra quá hạn báo cáo kết quả (1)" in message.body
        assert "Đại tá Nguyễn Văn Hùng" in message.body
        assert f"{SITE}/reminders/" in message.body
    # Data-entry staff are led to the admin, the analyst to the records' pages.
    assert f"{SITE}/admin/events/delegation/{d['reports_overdue'].pk}/change/" in tn_staff.body
    assert f"{SITE}/delegations/{d['reports_overdue'].pk}/" in tn_analyst.body
    assert "/admin/" not in tn_analyst.body
    # Bình Phước's analyst gets Bình Phước's reminders (its district's), never Tây Ninh's.
    bp = mail_to("tonghop_bp@qk7.vn")
    assert due["tn"].name not in bp.body and "Đại tá Nguyễn Văn Hùng" not in bp.body
    assert "Ban CHQS huyện Lộc Ninh" in bp.body
    assert "Sent 3 e-mail(s)" in out


def test_no_mail_when_nothing_is_due_and_none_without_an_address(users, due):
    f.user("tonghop_tn2", "analyst", due["tn"])  # Tây Ninh's reminders, but no e-mail address
    quiet = f.command("TN-TB", "Ban CHQS huyện Tân Biên", level="district", parent=due["tn"])
    calm = f.user("chihuy_tb", "commander", quiet)  # nothing falls due at Tân Biên
    calm.email = "chihuy_tb@qk7.vn"
    calm.save()
    out, _err = send()
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert recipients == ["nhaplieu_tn@qk7.vn", "tonghop_bp@qk7.vn", "tonghop_tn@qk7.vn"]
    assert "Skipped, no e-mail address" in out and "tonghop_tn2" in out.split("Skipped", 1)[1]


def test_a_mail_in_english_for_a_user_who_chose_english(users, due):
    Profile.objects.filter(user=users["other_analyst"]).update(language="en")
    send("--user", "tonghop_tn")
    [message] = mail.outbox
    assert message.subject.startswith(f"ĐNQP: {due_count(timezone.localdate())} reminders for ")
    assert "Dear comrade tonghop_tn," in message.body
    assert "Outbound delegations whose report is overdue (1)" in message.body


def test_dry_run_sends_nothing_and_an_unknown_user_is_an_error(users, due):
    out, _err = send("--dry-run")
    assert mail.outbox == []
    assert "Would send 3 e-mail(s)" in out
    with pytest.raises(CommandError, match="khongco"):
        send("--user", "khongco")
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        send("--date", "31/12/2026")


def test_without_the_site_address_the_links_are_paths_and_it_says_so(users, due, settings):
    settings.DNQP_SITE_URL = ""
    _out, err = send("--user", "tonghop_tn")
    assert "DNQP_SITE_URL" in err
    [message] = mail.outbox
    assert f"\n  /delegations/{due['due']['reports_overdue'].pk}/\n" in message.body


def test_users_of_one_scope_each_get_the_reminders_in_their_own_language(users, due):
    """Tây Ninh's staff read Vietnamese, its analyst chose English: the reminders' own texts (titles, notes,
    kinds) follow each one's language, not only the mail's headings."""
    Profile.objects.filter(user=users["other_analyst"]).update(language="en")
    send("--user", "nhaplieu_tn", "--user", "tonghop_tn")
    english, vietnamese = mail_to("tonghop_tn@qk7.vn").body, mail_to("nhaplieu_tn@qk7.vn").body
    year = timezone.localdate().year
    assert f"Annual plan {year} · {due['tn'].name}" in english and "Not recorded" in english
    assert "Outbound (our side visits) – Đại tá Nguyễn Văn Hùng" in english and "· Cooperation" in english
    assert "Kế hoạch năm" not in english and "Chưa nhập kế hoạch" not in english
    assert f"Kế hoạch năm {year} · {due['tn'].name}" in vietnamese and "Chưa nhập kế hoạch" in vietnamese
    assert "Annual plan" not in vietnamese and "Not recorded" not in vietnamese
