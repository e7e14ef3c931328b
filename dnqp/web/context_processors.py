"""What every page's header shows: the main menu, with the entry of the current page marked."""

import functools

from django.urls import get_script_prefix, reverse
from django.utils.translation import gettext_lazy as _

# (URL name, label) of the main menu, in its order; an entry is current on its page and the pages under it.
MAIN_MENU = (
    ("dashboard", _("Dashboard")),
    ("agreement-list", _("Agreements")),
    ("delegation-list", _("Delegations")),
    ("activity-list", _("Activities")),
    ("expenditure-list", _("Support")),
    ("command-list", _("Commands")),
    ("partner-unit-list", _("Partner units")),
    ("yearly-report", _("Yearly summary")),
    ("border-meetings-report", _("Border meetings")),
)
# The header's other links (templates/base.html): {key in the template: URL name}.
HEADER_LINKS = {"home": "dashboard", "set_language": "set_language", "logout": "logout", "admin": "admin:index"}


@functools.lru_cache(maxsize=8)
def _urls(script_prefix: str) -> tuple[tuple[str, ...], dict[str, str]]:
    # Reversed once per process and script prefix (reverse() reads it), not 14 times per page.
    return tuple(reverse(name) for name, _label in MAIN_MENU), {
        key: reverse(name) for key, name in HEADER_LINKS.items()
    }


def navigation(request) -> dict:
    """``main_menu``: ``{"url", "label", "current"}`` per entry; ``header_urls``: the header's other links."""
    menu_urls, header_urls = _urls(get_script_prefix())
    path = request.path
    menu = []
    for (name, label), url in zip(MAIN_MENU, menu_urls, strict=True):
        # The dashboard is the site's root: current on itself only; the others on their pages and below.
        current = path == url if name == "dashboard" else path.startswith(url)
        menu.append({"url": url, "label": label, "current": current})
    return {"main_menu": menu, "header_urls": header_urls}
