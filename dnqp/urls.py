"""URL map: pages, the admin, the API, and the health check."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from dnqp.core.env import env_bool
from dnqp.web.attachments import attachment_download
from dnqp.web.errors import server_error
from dnqp.web.health import favicon, healthz
from dnqp.web.language import set_language

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    # Browsers ask for /favicon.ico on pages that name no icon (a printed page saved as a file, a PDF viewer).
    path("favicon.ico", favicon, name="favicon"),
    path("accounts/login/", auth_views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/", admin.site.urls),
    path("attachments/<int:pk>/", attachment_download, name="attachment-download"),
    path("api/v1/", include("dnqp.api.urls")),
    path("", include("dnqp.web.urls")),
]

handler500 = server_error  # the page shows the request id the log carries

if env_bool("DNQP_BENCH", False):  # the benchmark's minimal logged-in view (bench/, docs/PERFORMANCE.md)
    urlpatterns.insert(0, path("bench/", include("bench.urls")))
