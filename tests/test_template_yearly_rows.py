# ruff: noqa: E501 (the reference template keeps its lines as they were)
"""``{% yearly_rows %}`` writes the yearly table's body exactly as the template loop it replaced, in either
language, on screen (names link to the command's profile) and on paper (plain names), names escaped."""

import pytest
from django.template import engines
from django.utils import translation

from dnqp.templatetags.dnqp_format import YEARLY_COUNT_COLUMNS

# The loop of templates/pages/_yearly_table.html before the tag, kept as the reference.
TEMPLATE_LOOP = """{% load i18n dnqp_format %}  {% for row in report.rows %}
    <tr{% if row.own %} class="own-row"{% endif %}>
      <td>{{ row.code }}</td>
      <td class="name">{% if print %}{{ row.name }}{% else %}<a href="{% url 'command-detail' row.command %}">{{ row.name }}</a>{% endif %}{% if row.own %} <span class="muted">({% translate "own records" %})</span>{% endif %}</td>
      {% num_cells row "agreements_signed agreements_in_force partners_twinned delegations_inbound delegations_inbound_members delegations_outbound delegations_outbound_members activities" %}
      <td class="num money">{{ row.expenditure_vnd|vnd }}</td>
    </tr>
  {% empty %}
    <tr><td colspan="11" class="muted">{% translate "No commands in this scope." %}</td></tr>
  {% endfor %}
"""
TAG = "{% load dnqp_format %}  {% yearly_rows report.rows print_view=print %}\n"

COUNTS = dict.fromkeys(YEARLY_COUNT_COLUMNS, 0)
ROWS = [
    {
        **COUNTS,
        "command": 7,
        "code": "QK7",
        "name": "Bộ Tư lệnh Quân khu 7",
        "own": True,
        "agreements_signed": 3,
        "delegations_inbound_members": 1234,
        "expenditure_vnd": 2_571_186_676,
    },
    {
        **COUNTS,
        "command": 12,
        "code": "LA",
        "name": "Bộ CHQS tỉnh Long An <\"Biên giới\" & 'Mộc Hóa'>",
        "own": False,
        "activities": 17,
        "expenditure_vnd": 0,
    },
    {**COUNTS, "command": 3000, "code": "<b>", "name": "", "own": False, "expenditure_vnd": None},
]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("on_paper", [False, True])
@pytest.mark.parametrize("rows", [ROWS, ROWS[1:], []], ids=["with-own-row", "sub-commands", "empty"])
def test_yearly_rows_write_what_the_template_loop_wrote(language, on_paper, rows):
    engine = engines["django"]
    context = {"report": {"rows": rows}, **({"print": True} if on_paper else {})}
    with translation.override(language):
        expected = engine.from_string(TEMPLATE_LOOP).render(context)
        written = engine.from_string(TAG).render(context)
    assert written == expected


def test_yearly_rows_escape_names_and_codes_and_link_each_profile():
    with translation.override("vi"):
        html = engines["django"].from_string(TAG).render({"report": {"rows": ROWS}})
    assert "&lt;&quot;Biên giới&quot; &amp; &#x27;Mộc Hóa&#x27;&gt;" in html
    assert "<td>&lt;b&gt;</td>" in html
    assert '<a href="/commands/7/">Bộ Tư lệnh Quân khu 7</a> <span class="muted">(số liệu của đơn vị)</span>' in html
    assert '<a href="/commands/3000/">' in html
    assert '<td class="num money">2.571.186.676 ₫</td>' in html
    assert '<td class="num money">0 ₫</td>' in html
    assert '<td class="num money"></td>' in html  # no figure: an empty cell, as the vnd filter writes
