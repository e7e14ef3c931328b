"""``{% num_cells %}`` writes the cells the ``num`` filter would, one per figure, in either language."""

import pytest
from django.template import engines
from django.utils import translation

FIGURES = {"a": 1234567, "b": 0, "c": None, "d": -9876, "e": 12}
ONE_BY_ONE = "".join(f'<td class="num">{{{{ f.{name}|num }}}}</td>' for name in FIGURES)


@pytest.mark.parametrize(("language", "first"), [("vi", "1.234.567"), ("en", "1,234,567")])
def test_num_cells_equals_a_num_filter_per_cell(language, first):
    engine = engines["django"]
    with translation.override(language):
        together = engine.from_string('{% load dnqp_format %}{% num_cells f "a b c d e" %}').render({"f": FIGURES})
        apart = engine.from_string("{% load dnqp_format %}" + ONE_BY_ONE).render({"f": FIGURES})
    assert together == apart
    assert together.startswith(f'<td class="num">{first}</td>')
    assert '<td class="num"></td>' in together  # None: an empty cell


def test_num_cells_of_an_unknown_figure_is_an_error():
    template = engines["django"].from_string('{% load dnqp_format %}{% num_cells f "missing" %}')
    with pytest.raises(KeyError):
        template.render({"f": FIGURES})
