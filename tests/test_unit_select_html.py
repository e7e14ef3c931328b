"""``UnitSelect`` writes each option as ``format_html`` would: every value and label escaped, safe ones kept."""

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy

from dnqp.web.lists import UnitSelect

CHOICES = [
    ("", gettext_lazy("My whole scope")),
    ("7", 'QK7 – Bộ Tư lệnh "Quân khu 7" <b>&</b>'),
    ("12", "BP – Bình Phước's"),
    (13, mark_safe("<em>an already safe label</em>")),  # noqa: S308 (the test's own literal)
    ("<x>", "value to escape"),
]


def reference(value) -> str:
    selected = {str(v) for v in (value if isinstance(value, list) else [value])}
    options = format_html_join(
        "",
        '<option value="{}"{}>{}</option>',
        ((v, mark_safe(" selected") if str(v) in selected else "", label) for v, label in CHOICES),
    )
    return format_html('<select name="command" id="id_command">{}</select>', options)


def test_same_html_as_format_html():
    for value in (None, "", "7", 13, "<x>"):
        widget = UnitSelect(choices=CHOICES)
        assert widget.render("command", value, {"id": "id_command"}) == reference("" if value is None else value)


def test_callable_choices_and_escaping():
    html = UnitSelect(choices=lambda: CHOICES).render("command", "12")
    assert '<option value="12" selected>BP – Bình Phước&#x27;s</option>' in html
    assert "&lt;b&gt;&amp;&lt;/b&gt;" in html and "&quot;Quân khu 7&quot;" in html
    assert "<em>an already safe label</em>" in html and '<option value="&lt;x&gt;">' in html
