"""Admin for users (role and command in one form), the export log and the API tokens (read-only).

The login logs are django-axes' own admin (access attempts, successful logins, failed logins), shown to
superusers and administrators only (only the administrator group holds their permissions); so are the API
tokens (migration dnqp 0003 gives that group their permissions).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group, Permission
from django.utils.translation import gettext_lazy as _
from rest_framework.authtoken.models import Token, TokenProxy

from dnqp.access.accounts import apply_role, user_role
from dnqp.admin.base import AutocompleteChoicesMixin, RaceRetryMixin
from dnqp.models import ROLE_GROUPS, ExportLog, Profile, Role, TokenUse

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


def without_keys(items, keys):
    """The nested list of a delete confirmation with every token key in it replaced by "…"."""
    shown = []
    for item in items:
        if isinstance(item, list):
            shown.append(without_keys(item, keys))
            continue
        for key in keys:
            if key in item:
                item = str(item).replace(key, "…")  # a token's line is plain text (no admin link), escaped as such
        shown.append(item)
    return shown


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

    def get_deleted_objects(self, objs, request):
        # The confirmation lists the user's API token by its key (DRF's Token.__str__): not the secret.
        deleted, model_count, perms_needed, protected = super().get_deleted_objects(objs, request)
        keys = set(Token.objects.filter(user__in=objs).values_list("key", flat=True))
        return without_keys(deleted, keys), model_count, perms_needed, protected

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        user = form.instance
        apply_role(user, form.cleaned_data.get("role") or None)
        profile, _created = Profile.objects.get_or_create(user=user)
        if not profile.command_id and not user.is_superuser and form.cleaned_data.get("role") != Role.ADMIN:
            messages.warning(request, _("%(user)s has no command and will see no records.") % {"user": user})


# Permission names are stored in English ("Can add delegation"); the role groups' form names them in Vietnamese.
PERMISSION_ACTIONS = {"add": _("may add"), "change": _("may change"), "delete": _("may delete"), "view": _("may view")}


class PermissionChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        action = obj.codename.split("_", 1)[0]
        if obj.content_type.model_class() is None or action not in PERMISSION_ACTIONS:
            return f"{obj.content_type.app_labeled_name} | {_(obj.name)}"
        return f"{obj.content_type.app_labeled_name} | {PERMISSION_ACTIONS[action]}"


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(DjangoGroupAdmin):
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "permissions":
            kwargs["form_class"] = PermissionChoiceField
            kwargs["queryset"] = Permission.objects.select_related("content_type")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


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


# DRF's own token admin shows the keys (the secrets) and lets anyone with its permissions make tokens; the one
# below lists them without keys, with their lifetime and last use.
if admin.site.is_registered(TokenProxy):
    admin.site.unregister(TokenProxy)


class TokenExpiredFilter(admin.SimpleListFilter):
    title = _("expired")
    parameter_name = "expired"

    def lookups(self, request, model_admin):
        return [("yes", _("yes")), ("no", _("no"))]

    def queryset(self, request, queryset):
        if self.value() == "yes":
            return queryset.expired()
        if self.value() == "no":
            return queryset.valid()
        return queryset


@admin.register(TokenUse)
class TokenUseAdmin(admin.ModelAdmin):
    """The API tokens: whose, issued, expires, last used, expired. Nothing is edited here; deleting one revokes it."""

    list_display = ["token_user", "token_created", "token_expires", "token_last_used", "token_expired"]
    list_filter = [TokenExpiredFilter]
    list_select_related = ["token__user"]
    search_fields = ["token__user__username", "token__user__first_name", "token__user__last_name"]
    fields = ["token_user", "token_created", "token_expires", "token_last_used", "token_expired"]
    readonly_fields = fields

    @admin.display(description=_("user"), ordering="token__user__username")
    def token_user(self, obj):
        return obj.token.user.get_username()  # plain text: on the list it is already the link to the row

    @admin.display(description=_("issued"), ordering="token__created")
    def token_created(self, obj):
        return obj.token.created

    @admin.display(description=_("expires"), ordering="token__created")
    def token_expires(self, obj):
        return obj.expires_at

    @admin.display(description=_("last used"), ordering="last_used_at", empty_value=_("never"))
    def token_last_used(self, obj):
        return obj.last_used_at

    @admin.display(description=_("expired"), boolean=True)
    def token_expired(self, obj):
        return obj.is_expired

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def delete_model(self, request, obj):
        Token.objects.filter(use=obj).delete()  # the token goes, and its row with it

    def delete_queryset(self, request, queryset):
        Token.objects.filter(use__in=queryset).delete()
