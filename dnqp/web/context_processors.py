"""What every page's header shows: the main menu, with the entry of the current page marked."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

# (URL name, label) of the main menu, in its order; an entry is current on its page and the pages under it.
MAIN_MENU = (
    ("dashboard", _("Dashboard")),
    ("agreement-list", _("Agreements")),
    ("delegation-list", _("Delegations")),
    ("activity-list", _("Activities")),
    ("expenditure-list", _("Support")),
    ("command-list", _("Commands")),
    ("partner-unit-list", _("Partner units")),
    ("person-list", _("People")),
    ("yearly-report", _("Yearly summary")),
    ("border-meetings-report", _("Border meetings")),
    ("remains-report", pgettext_lazy("main menu", "Remains search")),
    ("map", _("Map")),
)
# The header's other links (templates/base.html): {key in the template: URL name}.
HEADER_LINKS = {
    "home": "dashboard",
    "set_language": "set_language",
    "logout": "logout",
    "admin": "admin:index",
    "account": "account",
}


def navigation(request) -> dict:
    """``main_menu``: ``{"url", "label", "current"}`` per entry; ``header_urls``: the header's other links."""
    path = request.path
    menu = []
    for name, label in MAIN_MENU:
        url = reverse(name)
        # The dashboard is the site's root: current on itself only; the others on their pages and below.
        current = path == url if name == "dashboard" else path.startswith(url)
        menu.append({"url": url, "label": label, "current": current})
    return {"main_menu": menu, "header_urls": {key: reverse(name) for key, name in HEADER_LINKS.items()}}
