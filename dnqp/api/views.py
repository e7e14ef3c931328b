"""API endpoints that are not a model: the login token (issue, read, revoke), the two reports, the OpenAPI schema."""

from types import SimpleNamespace

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from drf_spectacular.renderers import (
    OpenApiJsonRenderer,
    OpenApiJsonRenderer2,
    OpenApiYamlRenderer,
    OpenApiYamlRenderer2,
)
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from drf_spectacular.views import SpectacularAPIView
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import NotFound
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from dnqp.access import tokens
from dnqp.models import token_expires_at
from dnqp.reports import border_meetings, official_document, params, yearly
from partnerships.choices import COUNTRY_CODES

FORMATS = ("csv", "xlsx")
DOCX = "docx"  # the yearly summary's official report document (dnqp/reports/official_document.py)
YEARLY_FORMATS = (*FORMATS, DOCX)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False, style={"input_type": "password"})


class TokenResponseSerializer(serializers.Serializer):
    token = serializers.CharField()
    expires = serializers.DateTimeField(help_text=_("After this time the token is refused: log in again."))


class TokenInfoSerializer(serializers.Serializer):
    """The caller's own token, without its key."""

    created = serializers.DateTimeField(source="token.created")
    expires = serializers.DateTimeField(source="expires_at")
    last_used = serializers.DateTimeField(
        source="last_used_at", allow_null=True, help_text=_("Noted at most once every five minutes.")
    )
    expired = serializers.BooleanField(source="is_expired")


class DetailSerializer(serializers.Serializer):
    detail = serializers.CharField()


NO_TOKEN = _("You have no API token.")
# Logging in needs no login (and a stale token in the headers must not stand in its way); reading or revoking
# your own token does.
LOGIN_FREE_METHODS = {"POST", "OPTIONS"}


class TokenView(APIView):
    """``POST {"username", "password"}`` → ``{"token", "expires"}``; ``GET``: your token; ``DELETE``: revoke it.

    Failed logins count towards the login lockout. A user has one token (DRF's model): a login while it is valid
    returns it again, after it expired a new one (dnqp/access/tokens.py).
    """

    def login_free(self) -> bool:
        # No request when the schema is generated from the command line (``POST`` names its own auth there).
        return getattr(self.request, "method", None) in LOGIN_FREE_METHODS

    def get_authenticators(self):
        if self.login_free():
            return []
        return super().get_authenticators()

    def get_permissions(self):
        if self.login_free():
            return [AllowAny()]
        return [IsAuthenticated()]

    @extend_schema(
        request=TokenRequestSerializer,
        responses={
            200: TokenResponseSerializer,
            400: OpenApiResponse(description=_("Missing fields or wrong username or password.")),
            429: OpenApiResponse(DetailSerializer, description=_("Locked out after too many failed logins.")),
        },
        auth=[],
    )
    def post(self, request):
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        # django-axes needs the request: it counts this attempt and refuses a locked-out user.
        user = authenticate(
            request=request, username=data.validated_data["username"], password=data.validated_data["password"]
        )
        if getattr(request, "axes_locked_out", False):
            return Response(
                {"detail": _("Too many failed logins: this account is locked for a while. Try again later.")},
                status=status.HTTP_429_TOO_MANY_REQUESTS,
            )
        if user is None or not user.is_active:
            return Response(
                {"non_field_errors": [_("Wrong username or password.")]}, status=status.HTTP_400_BAD_REQUEST
            )
        # A token login is a login: axes writes its AccessLog entry on this signal, as for the login page.
        user_logged_in.send(sender=user.__class__, request=request._request, user=user)
        token = tokens.issue_token(user)
        return Response(TokenResponseSerializer({"token": token.key, "expires": token_expires_at(token)}).data)

    def own_token(self, request):
        # Called with the token: its row was read with it (no query); with a session, the user's token.
        use = getattr(request.auth, "use", None) if isinstance(request.auth, Token) else None
        if use is None:
            use = tokens.user_tokens(request.user).first()
        if use is None:
            raise NotFound(NO_TOKEN)
        return use

    @extend_schema(
        request=None,
        responses={200: TokenInfoSerializer, 404: OpenApiResponse(DetailSerializer, description=NO_TOKEN)},
    )
    def get(self, request):
        return Response(TokenInfoSerializer(self.own_token(request)).data)

    @extend_schema(
        request=None,
        responses={
            204: OpenApiResponse(description=_("Revoked: the token is refused from now on.")),
            404: OpenApiResponse(DetailSerializer, description=NO_TOKEN),
        },
    )
    def delete(self, request):
        tokens.revoke(self.own_token(request).token)
        return Response(status=status.HTTP_204_NO_CONTENT)


def params_errors(form) -> dict:
    return {field: [str(message) for message in messages] for field, messages in form.errors.items()}


def export_format(request, formats=FORMATS):
    """``None`` for JSON, else one of ``formats`` (``csv``, ``xlsx``; ``docx`` for the yearly summary); anything
    else is a 400 on ``format``."""
    fmt = request.query_params.get("format") or None
    if fmt is not None and fmt not in formats:
        if DOCX in formats:
            message = _("Choose csv, xlsx or docx, or leave it out for JSON.")
        else:
            message = _("Choose csv or xlsx, or leave it out for JSON.")
        raise serializers.ValidationError({"format": [message]})
    return fmt


SCOPE = inline_serializer(
    "ReportScope",
    {
        "command": serializers.IntegerField(allow_null=True),
        "code": serializers.CharField(allow_null=True),
        "name": serializers.CharField(allow_null=True),
    },
)


def _metric_fields() -> dict:
    """The figures of a row and of the totals (docs/REPORTS.md), for the schema."""
    amounts = serializers.DictField(child=serializers.IntegerField())
    return {
        **{name: serializers.IntegerField() for name in yearly.METRICS},
        "expenditure_by_category": amounts,
        "expenditure_by_funding_source": serializers.DictField(child=serializers.IntegerField()),
        "plan": serializers.DictField(
            child=serializers.IntegerField(),
            required=False,
            help_text=_("Targets of the approved annual plans for the period, per figure (when a plan applies)."),
        ),
    }


METRICS = inline_serializer(
    "YearlyMetrics",
    {
        **_metric_fields(),
        "delegations_by_purpose": serializers.DictField(
            child=serializers.DictField(child=serializers.IntegerField()),
            help_text=_("Completed delegations per direction and purpose."),
        ),
    },
)

YearlyRowSerializer = inline_serializer(
    "YearlyRow",
    {
        "command": serializers.IntegerField(),
        "code": serializers.CharField(),
        "name": serializers.CharField(),
        "own": serializers.BooleanField(required=False),
        **_metric_fields(),
    },
)


class YearlyReportSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    year_to = serializers.IntegerField()
    date_from = serializers.DateField()
    date_to = serializers.DateField()
    by = serializers.ChoiceField(choices=["recorded", "current"])
    scope = SCOPE
    totals = METRICS
    rows = serializers.ListField(child=YearlyRowSerializer)


class BorderMeetingPeriodSerializer(serializers.Serializer):
    period = serializers.CharField(help_text=_("Labels YYYY-MM, YYYY-Qn, YYYY-Hn."))
    status = serializers.ChoiceField(choices=["met", "missed", "not_over"])


class BorderMeetingRowSerializer(serializers.Serializer):
    command = serializers.IntegerField()
    command_code = serializers.CharField(required=False)
    command_name = serializers.CharField(required=False)
    partner_unit = serializers.IntegerField()
    partner_unit_code = serializers.CharField(required=False)
    partner_unit_name = serializers.CharField(required=False)
    level = serializers.CharField()
    periods_due = serializers.IntegerField()
    periods_met = serializers.IntegerField()
    missing = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("The periods missed: over with no meeting. Labels YYYY-MM, YYYY-Qn, YYYY-Hn."),
    )
    due = serializers.ListField(child=serializers.CharField(), required=False)
    not_over = serializers.ListField(
        child=serializers.CharField(), help_text=_("The periods still running with no meeting yet: not missed.")
    )
    periods = BorderMeetingPeriodSerializer(many=True)


class BorderMeetingsReportSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    as_of = serializers.DateField(help_text=_("The day the periods' statuses are measured on (today)."))
    scope = SCOPE
    rows = BorderMeetingRowSerializer(many=True)


def report_parameters(form_class, *, with_format: bool, formats=FORMATS, document_form=None):
    """The query parameters of a report, documented from the form that validates them (and, for the yearly
    summary, from the form of its official document, read with ``format=docx`` only)."""
    parameters = []
    fields = [(name, field, "") for name, field in form_class.base_fields.items()]
    if document_form is not None:
        only = str(_("With format=docx only."))
        fields += [(name, field, only) for name, field in document_form.base_fields.items()]
    for name, field, note in fields:
        if isinstance(field, params.FlagField):
            schema = {"type": "boolean"}
        elif isinstance(field, forms.IntegerField):
            schema = {"type": "integer"}
            schema.update({"minimum": field.min_value} if field.min_value is not None else {})
            schema.update({"maximum": field.max_value} if field.max_value is not None else {})
        elif isinstance(field, forms.ChoiceField):
            schema = {"type": "string", "enum": [value for value, _label in field.choices]}
        elif isinstance(field, forms.DateField):
            schema = {"type": "string", "format": "date"}
        elif name == "country":
            schema = {"type": "string", "enum": COUNTRY_CODES}
        else:
            schema = {"type": "string"}
        description = " ".join(part for part in (str(field.label), str(field.help_text or ""), note) if part)
        parameters.append(OpenApiParameter(name, schema, required=field.required, description=description))
    if with_format:
        parameters.append(
            OpenApiParameter("format", OpenApiTypes.STR, enum=list(formats), description=_("Download as a file."))
        )
    return parameters


ERRORS = {
    400: OpenApiResponse(description=_("Invalid parameters: a message per parameter.")),
    404: OpenApiResponse(DetailSerializer, description=_("The command is outside your scope.")),
}


def report_schema(form_class, serializer, *, formats=FORMATS, document_form=None):
    """The documented ``GET`` of a report: its parameters, its JSON body, its files, its errors."""
    files = {(200, official_document.DOCX_CONTENT_TYPE): OpenApiTypes.BINARY} if DOCX in formats else {}
    return extend_schema(
        parameters=report_parameters(form_class, with_format=True, formats=formats, document_form=document_form),
        responses={
            (200, "application/json"): serializer,
            (200, "text/csv"): OpenApiTypes.BINARY,
            (200, XLSX): OpenApiTypes.BINARY,
            **files,
            **ERRORS,
        },
    )


class ReportView(APIView):
    """A report as JSON, or with ``format`` as the file the page downloads; the report's form checks the parameters.

    Subclasses name the form (``params_class``), the function that computes the report (``build``) and the one
    that writes its file (``export``).
    """

    permission_classes = [IsAuthenticated]
    params_class = None
    formats = FORMATS

    def get(self, request):
        fmt = export_format(request, self.formats)
        form = self.params_class(request.query_params)
        if not form.is_valid():
            return Response(params_errors(form), status=status.HTTP_400_BAD_REQUEST)
        report = self.build(user=request.user, **form.cleaned_data)
        if fmt is None:
            return Response(report)
        return self.export(report=report, fmt=fmt, user=request.user, filters=form.cleaned_data)


@extend_schema_view(
    get=report_schema(
        params.YearlyReportParams,
        YearlyReportSerializer,
        formats=YEARLY_FORMATS,
        document_form=params.OfficialDocumentParams,
    )
)
class YearlyReportView(ReportView):
    """The yearly summary (docs/REPORTS.md "Yearly report"): the same figures and files as the page; with
    ``format=docx`` the official report document, its own fields checked by ``OfficialDocumentParams``."""

    params_class = params.YearlyReportParams
    formats = YEARLY_FORMATS
    build = staticmethod(yearly.yearly_report)
    export = staticmethod(yearly.export_yearly_report)

    def get(self, request):
        if export_format(request, self.formats) != DOCX:
            return super().get(request)
        form = self.params_class(request.query_params)
        document = params.OfficialDocumentParams(request.query_params)
        report_ok, document_ok = form.is_valid(), document.is_valid()  # both: every message at once
        if not (report_ok and document_ok):
            return Response({**params_errors(form), **params_errors(document)}, status=status.HTTP_400_BAD_REQUEST)
        report = self.build(user=request.user, **form.cleaned_data)
        return official_document.export_official_document(
            report=report, params=document.cleaned_data, user=request.user, filters=form.cleaned_data
        )


@extend_schema_view(get=report_schema(params.BorderMeetingsParams, BorderMeetingsReportSerializer))
class BorderMeetingsReportView(ReportView):
    """Border liaison meetings due and held per twinned pair in a year (docs/REPORTS.md "Border-meetings report")."""

    params_class = params.BorderMeetingsParams
    build = staticmethod(border_meetings.border_meetings_report)
    export = staticmethod(border_meetings.export_border_meetings)


class SchemaFormatNegotiation(DefaultContentNegotiation):
    """``?format=json`` / ``?format=yaml``: the query parameter the settings leave to the reports' downloads."""

    settings = SimpleNamespace(URL_FORMAT_OVERRIDE="format")


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema: JSON like the rest of the API, YAML when asked for (``Accept`` or ``?format=yaml``)."""

    content_negotiation_class = SchemaFormatNegotiation
    renderer_classes = [OpenApiJsonRenderer2, OpenApiJsonRenderer, OpenApiYamlRenderer, OpenApiYamlRenderer2]
    permission_classes = [IsAuthenticated]


# The routes the API root lists: {name in the listing: URL name}.
ROOT_ROUTES = {
    "commands": "command-api-list",
    "partner-units": "partner-unit-api-list",
    "agreements": "agreement-api-list",
    "delegations": "delegation-api-list",
    "activities": "activity-api-list",
    "expenditures": "expenditure-api-list",
    "plans": "plan-api-list",
    "persons": "person-api-list",
    "reports/yearly": "api-report-yearly",
    "reports/border-meetings": "api-report-border-meetings",
    "auth/token": "api-token",
    "schema": "api-schema",
    "docs": "api-docs",
}


class ApiRootView(APIView):
    """``/api/v1/``: the API's routes, each with its address (nothing else: no record is listed here). Like every
    route but the health check and the token, for logged-in users only."""

    @extend_schema(exclude=True)
    def get(self, request):
        return Response({name: request.build_absolute_uri(reverse(url)) for name, url in ROOT_ROUTES.items()})
