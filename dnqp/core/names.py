"""Names the project keeps in Vietnamese itself (countries, currencies), shown in the active language.

Country and currency names are data, not interface text: their Vietnamese forms live in the lists
(partnerships/countries.py, events/currencies.py), not in the translation catalogue. :func:`vietnamese_or`
makes the label of a choice that shows the Vietnamese name while Vietnamese is active and the English one
otherwise, including when translations are off (``makemigrations`` writes the English one).
"""

from django.utils.functional import lazy
from django.utils.translation import get_language


def _pick(vietnamese: str, other) -> str:
    return vietnamese if (get_language() or "").startswith("vi") else str(other)


_lazy_pick = lazy(_pick, str)


def vietnamese_or(vietnamese: str, other):
    """A lazy string: ``vietnamese`` in Vietnamese, else ``other`` (a string or a lazy translation)."""
    return _lazy_pick(vietnamese, other)
