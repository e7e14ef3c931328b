"""The Vietnamese catalogue is complete: every message has a translation, none is fuzzy (a fuzzy or empty entry is
left out of the compiled catalogue, and the page shows the English source), and the placeholders match."""

import re
from pathlib import Path

from babel.messages.pofile import read_po
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|\{(\w*)\}")


def entries():
    with CATALOGUE.open("rb") as f:
        return [m for m in read_po(f) if m.id]


def test_every_message_is_translated_and_none_is_fuzzy():
    missing = [m.id for m in entries() if m.fuzzy or not all(m.string if isinstance(m.string, tuple) else [m.string])]
    assert missing == []


def test_translations_keep_their_placeholders():
    wrong = []
    for m in entries():
        source = m.id[1] if isinstance(m.id, tuple) else m.id  # a plural's one Vietnamese form follows the plural
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        expected = sorted(PLACEHOLDER.findall(source))
        wrong += [(source, s) for s in strings if sorted(PLACEHOLDER.findall(s)) != expected]
    assert wrong == []


# One spelling and one form of address, as a staff officer writes: the user is "đồng chí" (never "bạn", which
# means the partner side, nor "tôi"), "tệp" (not "file"), the newer tone marks (hủy, xóa, khóa, hóa), "ĐNQP".
HOUSE_STYLE = {
    "file": re.compile(r"(?<!%\()\b[Ff]ile\b"),  # not the placeholder %(file)s
    "old tone marks": re.compile(r"(?<![qQ])u[ýỳỷỹỵ](?![a-zđà-ỹ])|o[áàảãạ](?![a-zđà-ỹ])"),
    "addressing the user as bạn or tôi": re.compile(
        r"của bạn\b|(?<!đơn vị )bạn (đọc|đang|được|hãy|có thể|không|chỉ)|^Bạn\b|\btôi\b"
    ),
    "DNQP without Đ": re.compile(r"\bDNQP\b"),
}


def test_the_catalogue_keeps_the_house_style():
    libraries = []
    for path in sorted((CATALOGUE.parents[2] / "libraries" / "vi" / "LC_MESSAGES").glob("*.po")):
        with path.open("rb") as f:
            libraries += [m for m in read_po(f) if m.id]
    strings = [s for m in entries() + libraries for s in (m.string if isinstance(m.string, tuple) else (m.string,))]
    breaches = [(rule, s) for s in strings for rule, pattern in HOUSE_STYLE.items() if pattern.search(s)]
    assert breaches == []


def test_the_house_style_check_can_fail():
    for wrong in ["Nhập từ file", "Đã huỷ", "Không thể xoá", "phạm vi của bạn", "phạm vi của tôi", "Nhập liệu DNQP",
                  "Bạn không có quyền", "Bạn chỉ được nhập"]:  # fmt: skip
        assert any(pattern.search(wrong) for pattern in HOUSE_STYLE.values()), wrong
    for right in ["Nhập từ tệp", "Đã hủy", "quý I", "Đơn vị bạn", "chi hỗ trợ bạn", "hoạt động", "ĐNQP"]:
        assert not any(pattern.search(right) for pattern in HOUSE_STYLE.values()), right
