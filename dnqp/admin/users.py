"""Admin for users (role and command in one form) and the export log (read-only).

The login logs are django-axes' own admin (access attempts, successful logins, failed logins), shown to
superusers and administrators only (only the administrator group holds their permissions).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.utils.translation import gettext_lazy as _

from dnqp.access.accounts import apply_role, user_role
from dnqp.admin.base import AutocompleteChoicesMixin, RaceRetryMixin
from dnqp.models import ROLE_GROUPS, ExportLog, Profile, Role

User = get_user_model()

ROLE_CHOICES = [("", _("— no role —")), *Role.choices]
ROLE_HELP = _(
    "Administrators see and change everything; data-entry staff enter the records of their command and its "
    "sub-commands in this admin; commanders and analysts only read them (dashboard, reports, API)."
)


class RoleFieldMixin(forms.Form):
    role = forms.ChoiceField(label=_("role"), choices=ROLE_CHOICES, required=False, help_text=ROLE_HELP)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["role"].initial = user_role(self.instance)


class UserRoleChangeForm(RoleFieldMixin, UserChangeForm):
    pass


class UserRoleCreationForm(RoleFieldMixin, AdminUserCreationForm):
    pass


class ProfileInline(AutocompleteChoicesMixin, admin.StackedInline):
    model = Profile
    can_delete = False
    autocomplete_fields = ["command"]
    verbose_name = _("scope")
    verbose_name_plural = _("scope")
    fields = ["command"]

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.base_fields["command"].help_text = _(
            "The user sees and changes only the records of this command and its sub-commands "
            "(administrators and superusers see everything; a user without a command sees nothing)."
        )
        return formset


@admin.display(description=_("role"))
def role_label(user):
    names = {group.name for group in user.groups.all()}
    return ", ".join(str(label) for code, label in Role.choices if ROLE_GROUPS[code] in names) or "—"


@admin.display(description=_("command"), ordering="profile__command__code")
def command_label(user):
    profile = getattr(user, "profile", None)
    return profile.command.code if profile and profile.command else "—"


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(RaceRetryMixin, DjangoUserAdmin):
    form = UserRoleChangeForm
    add_form = UserRoleCreationForm
    inlines = [ProfileInline]
    list_display = ["username", "first_name", "last_name", role_label, command_label, "is_active", "last_login"]
    list_filter = ["groups", "is_active", "is_superuser"]
    list_select_related = ["profile__command"]
    search_fields = ["username", "first_name", "last_name", "email", "profile__command__code"]
    readonly_fields = ["is_staff", "last_login", "date_joined"]
    fieldsets = [
        (None, {"fields": ["username", "password"]}),
        (_("Personal info"), {"fields": ["first_name", "last_name", "email"]}),
        (_("Role and access"), {"fields": ["role", "is_active", "is_superuser", "is_staff"]}),
        (_("Important dates"), {"fields": ["last_login", "date_joined"]}),
    ]
    add_fieldsets = [
        (
            None,
            {
                "classes": ["wide"],
                "fields": ["username", "email", "role", "usable_password", "password1", "password2"],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            fields.append("is_superuser")  # only a superuser makes another one
        return fields

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        apply_role(user, form.cleaned_data.get("role") or None)
        profile, _created = Profile.objects.get_or_create(user=user)
        if not profile.command_id and not user.is_superuser and form.cleaned_data.get("role") != Role.ADMIN:
            messages.warning(request, _("%(user)s has no command and will see no records.") % {"user": user})


@admin.register(ExportLog)
class ExportLogAdmin(admin.ModelAdmin):
    """Who exported what: written by the exports, never edited or deleted by anyone."""

    list_display = ["created_at", "user", "what", "file_format", "row_count"]
    list_filter = ["what", "file_format"]
    list_select_related = ["user"]
    search_fields = ["user__username", "what"]
    date_hierarchy = "created_at"
    fields = ["created_at", "user", "what", "file_format", "filters", "row_count"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
