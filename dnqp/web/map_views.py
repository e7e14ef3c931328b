"""The map page (``/map/``): units of both sides where they are, lines for the pairs with an agreement in force.

The figures come from ``dnqp.reports.map_data`` (scoped there); this view validates the filters, adds what the
page draws with (labels, the colour of each kind of agreement) and lists the units without coordinates. The map
itself is drawn in the browser by ``static/js/map.js`` with the vendored Leaflet, over the country outlines of
``static/geo/`` (Natural Earth): no tile server, no request leaves the server.
"""

from django.contrib.auth.mixins import LoginRequiredMixin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView

from dnqp.access import scoping
from dnqp.reports.map_data import MapParams, map_data
from dnqp.web.lists import UnitSelect
from partnerships.choices import COUNTRY_CHOICES, AgreementKind

# The colour of each kind of agreement (lines and legend): the Okabe–Ito palette, told apart with colour-blindness.
KIND_COLOURS = {
    AgreementKind.TWINNING: "#d55e00",
    AgreementKind.COOPERATION: "#0072b2",
    AgreementKind.ANNUAL_PLAN: "#009e73",
    AgreementKind.COORDINATION: "#cc79a7",
    AgreementKind.MEMORANDUM: "#e69f00",
    AgreementKind.OTHER: "#555555",
}
COUNTRY_NAMES = dict(COUNTRY_CHOICES)

# Natural Earth at 1:50m draws neither archipelago: the map labels both as Việt Nam's (decimal degrees, their
# approximate middle).
ARCHIPELAGOS = (
    (_("Hoàng Sa archipelago (Viet Nam)"), 16.5, 111.9),
    (_("Trường Sa archipelago (Viet Nam)"), 9.9, 114.3),
)

# Where the map writes the name of each country of its outlines (inside the country, away from the border region).
COUNTRY_LABELS = (
    ("VN", 13.2, 108.3),
    ("KH", 12.7, 104.6),
    ("LA", 19.4, 102.4),
    ("TH", 15.6, 101.0),
    ("CN", 23.8, 106.0),
    ("MM", 21.5, 96.2),
    ("MY", 4.6, 102.0),
)


class MapView(LoginRequiredMixin, TemplateView):
    template_name = "pages/map.html"

    def get_form(self):
        data = self.request.GET.copy()
        if not data.get("year"):
            data["year"] = str(timezone.localdate().year)
        form = MapParams(data)
        form.fields["country"].widget = UnitSelect(choices=[("", _("All countries")), *COUNTRY_CHOICES])
        return form

    def get(self, request, *args, **kwargs):
        form = self.get_form()
        context = {"form": form, "title": _("Map")}
        if not form.is_valid():
            return self.render_to_response(context, status=400)
        params = form.cleaned_data
        data = map_data(user=request.user, year=params["year"], country=params["country"], kind=params["kind"])
        kinds = [
            {"value": value, "label": str(label), "colour": KIND_COLOURS[value]}
            for value, label in AgreementKind.choices
            if params["kind"] in (None, value)
        ]
        kind_labels = dict(AgreementKind.choices)
        commands = {unit["id"]: unit for unit in data["commands"]}
        partners = {unit["id"]: unit for unit in data["partner_units"]}
        pairs = sorted(
            (
                {
                    "command": commands[pair["command"]],
                    "partner_unit": partners[pair["partner_unit"]],
                    "kinds": [kind_labels[kind] for kind in pair["kinds"]],
                }
                for pair in data["pairs"]
            ),
            key=lambda row: (row["command"]["name"], row["partner_unit"]["name"]),
        )
        context.update(
            data=data,
            no_scope=scoping.scope_root_id(request.user) is None,
            kinds=kinds,
            pairs=pairs,
            country_names=COUNTRY_NAMES,
            unplaced_commands=[unit for unit in data["commands"] if unit["lat"] is None],
            unplaced_partner_units=[unit for unit in data["partner_units"] if unit["lat"] is None],
            map_json={
                **data,
                "colours": {kind["value"]: kind["colour"] for kind in kinds},
                "labels": {
                    "kinds": {kind["value"]: kind["label"] for kind in kinds},
                    "command": str(_("Our unit")),
                    "partner_unit": str(_("Partner unit")),
                    "attribution": str(_("Country outlines: Natural Earth")),
                    "zoom_in": str(_("Zoom in")),
                    "zoom_out": str(_("Zoom out")),
                    "map": str(_("Map of the units and of the pairs with an agreement in force")),
                },
                "archipelagos": [{"name": str(name), "lat": lat, "lng": lng} for name, lat, lng in ARCHIPELAGOS],
                "countries": [
                    {"name": str(COUNTRY_NAMES[iso]), "lat": lat, "lng": lng} for iso, lat, lng in COUNTRY_LABELS
                ],
            },
        )
        return self.render_to_response(context)
