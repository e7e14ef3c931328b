"""The admin (data entry): every ModelAdmin of DNQP, registered when Django's admin autodiscovers ``dnqp.admin``."""

from django.contrib import admin
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from dnqp.admin import events, people, units, users  # noqa: F401 (registers the ModelAdmins)

# The product's name, as on the pages ("ĐNQP", with the Đ): in every admin page's title and wherever Django's
# admin templates name the site (templates/admin/base_site.html shows it in the header with the pages' mark).
admin.site.site_header = format_lazy("ĐNQP – {}", _("Data entry"))
admin.site.site_title = admin.site.site_header
