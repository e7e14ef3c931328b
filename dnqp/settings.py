"""Settings for DNQP, read from the environment (see README "Configuration")."""

import secrets
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from dnqp.core.env import env_bool, env_int, env_list, env_str
from dnqp.core.resilient_cache import redis_cache

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DJANGO_DEBUG", False)
# Management commands that neither serve requests nor sign anything may run without the secret key
# (e.g. `manage.py makemigrations --check` on a developer's machine): they get a random key that lives
# only as long as the process. Serving (gunicorn, runserver) and `check` still require the real one.
_KEYLESS_COMMANDS = {
    "makemigrations",
    "migrate",
    "showmigrations",
    "sqlmigrate",
    "compile_translations",
    "makemessages",
}
SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if DEBUG:
        SECRET_KEY = "insecure-development-key-only-used-with-DJANGO_DEBUG-on"
    elif Path(sys.argv[0]).name == "manage.py" and len(sys.argv) > 1 and sys.argv[1] in _KEYLESS_COMMANDS:
        SECRET_KEY = secrets.token_urlsafe(50)
    else:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.")

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",
    "dnqp.apps.LoginLogConfig",  # django-axes
    # django-countries is not an app here: only its English country names are used (partnerships/choices.py);
    # its Vietnamese translation had errors, the Vietnamese names are ours (partnerships/countries.py).
    "partnerships",
    "events",
    "dnqp",
]

MIDDLEWARE = [
    # First: every response, even a redirect or an error page, carries the request id the log lines carry.
    "dnqp.core.request_id.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # In place of Django's LocaleMiddleware: the user's picked language, else Vietnamese; never Accept-Language.
    "dnqp.web.language.LanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "dnqp.core.cache.InvalidateOnWriteMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "dnqp.urls"
WSGI_APPLICATION = "dnqp.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "dnqp.web.context_processors.navigation",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}"
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60))}
except ValueError as exc:  # dj_database_url raises ValueError on an unknown scheme
    raise ImproperlyConfigured(f"DATABASE_URL is not a valid database URL: {exc}") from None
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT made the yearly report ten times slower on these queries (docs/PERFORMANCE.md).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
REPLICA_URL = env_str("DATABASE_REPLICA_URL")
if REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(REPLICA_URL, conn_max_age=env_int("DJANGO_CONN_MAX_AGE", 60))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    if DATABASES["replica"]["ENGINE"] == "django.db.backends.postgresql":  # as the primary's connections
        DATABASES["replica"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
        DATABASES["replica"]["CONN_HEALTH_CHECKS"] = True
    DATABASE_ROUTERS = ["dnqp.core.routers.ReplicaRouter"]

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache ----------------------------------------------------------------------------------
REDIS_URL = env_str("REDIS_URL")
if REDIS_URL:
    # Redis, or nothing while it cannot be reached: a failed call is skipped, logged once per outage, retried
    # after DNQP_CACHE_RETRY_SECONDS (dnqp/core/resilient_cache.py, docs/OPERATIONS.md "When the cache is down").
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "dnqp"}}
# Dashboard and report figures cached per scope and parameters, dropped on every write (dnqp/core/cache.py).
# Correct only with a cache every worker shares (Redis), so off by default with the per-process cache.
DNQP_REPORT_CACHE = env_bool("DNQP_REPORT_CACHE", bool(REDIS_URL))
DNQP_REPORT_CACHE_SECONDS = env_int("DNQP_REPORT_CACHE_SECONDS", 600)
DNQP_CACHE_RETRY_SECONDS = 5  # after a failed cache call, requests leave the cache alone this long

# --- Auth -----------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    # Django's ModelBackend, loading a session's user with its roles and command in one query.
    "dnqp.access.accounts.ScopedModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "dashboard"
LOGOUT_REDIRECT_URL = "login"
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
# Sessions in the database only: they survive the cache going down, and a logout during an outage cannot be
# undone by a stale cached copy when it returns (docs/OPERATIONS.md "When the cache is down").
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# API tokens work for this many days after they are issued (dnqp/access/tokens.py, docs/API.md "Logging in").
DNQP_API_TOKEN_DAYS = env_int("DNQP_API_TOKEN_DAYS", 90)
if not 1 <= DNQP_API_TOKEN_DAYS <= 3650:
    raise ImproperlyConfigured(f"DNQP_API_TOKEN_DAYS must be between 1 and 3650 (days), got {DNQP_API_TOKEN_DAYS}.")

AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"  # login failures in the database, never the cache
AXES_FAILURE_LIMIT = env_int("DNQP_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "dnqp.access.accounts.lockout_response"  # templates/axes/lockout.html, HTTP 429
AXES_ENABLE_ACCESS_FAILURE_LOG = True  # every failed login is kept, not only the lockout counters
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 1000

# --- Internationalisation -------------------------------------------------------------------
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
# The project's own catalogue first, then what the libraries' catalogues lack in Vietnamese (locale/libraries).
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "libraries"]
# The language picked in the page header, for the pages nobody is logged in on (dnqp/web/language.py); a logged-in
# user's pick is kept on their profile.
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["dnqp.formats"]
# The empty choice of the lists' filters (kind, status, direction, country…): "Tất cả", not "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("All")

# --- Static and media -----------------------------------------------------------------------
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_ROOT = Path(env_str("DNQP_MEDIA_ROOT") or BASE_DIR / "media")
MEDIA_URL = "/media-not-served/"  # attachments are served only through a scoped view
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
ATTACHMENT_MAX_BYTES = env_int("DNQP_ATTACHMENT_MAX_BYTES", 20 * 1024 * 1024)
# One spreadsheet in the admin's import (bigger files: manage.py import_file; docs/OPERATIONS.md).
DNQP_IMPORT_MAX_ROWS = env_int("DNQP_IMPORT_MAX_ROWS", 20_000)
DNQP_IMPORT_MAX_BYTES = env_int("DNQP_IMPORT_MAX_BYTES", 10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = 30 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# --- REST framework -------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first: its WWW-Authenticate header makes a request without login a 401, not a 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "dnqp.api.authentication.ExpiringTokenAuthentication",  # DRF's tokens, with a lifetime and a last use
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "dnqp.api.pagination.Pagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "dnqp.api.exceptions.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # ``?format=csv|xlsx`` belongs to the report endpoints, not to content negotiation.
    "URL_FORMAT_OVERRIDE": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "DNQP API",
    "DESCRIPTION": "Đối ngoại quốc phòng — defence foreign affairs records and reports.",
    "VERSION": "1.0.0",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "AgreementStatusEnum": "partnerships.choices.AgreementStatus",
        "EventStatusEnum": "events.choices.EventStatus",
        "AgreementKindEnum": "partnerships.choices.AgreementKind",
        "ActivityKindEnum": "events.choices.ActivityKind",
        "CommandLevelEnum": "partnerships.choices.CommandLevel",
        "PartnerLevelEnum": "partnerships.choices.PartnerLevel",
    },
}

# --- E-mail ---------------------------------------------------------------------------------
# The reminders' daily digest (manage.py send_reminders; docs/OPERATIONS.md "Reminders by e-mail"). SMTP when
# DNQP_EMAIL_HOST is set; otherwise the mails are written to the command's output (Django's console back-end),
# which is how a machine without a mail server tries the digest out.
EMAIL_HOST = env_str("DNQP_EMAIL_HOST") or ""
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_USE_TLS = env_bool("DNQP_EMAIL_USE_TLS", False)
EMAIL_PORT = env_int("DNQP_EMAIL_PORT", 587 if EMAIL_USE_TLS else 25)
if not 1 <= EMAIL_PORT <= 65535:
    raise ImproperlyConfigured(f"DNQP_EMAIL_PORT must be a port number (1–65535), got {EMAIL_PORT}.")
EMAIL_HOST_USER = env_str("DNQP_EMAIL_USER") or ""
EMAIL_HOST_PASSWORD = env_str("DNQP_EMAIL_PASSWORD") or ""
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = env_str("DNQP_EMAIL_FROM") or "dnqp@localhost"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address users open the application at, for the links in e-mails (a mail has no request to take it from).
DNQP_SITE_URL = (env_str("DNQP_SITE_URL") or "").rstrip("/")
if DNQP_SITE_URL and not DNQP_SITE_URL.startswith(("http://", "https://")):
    raise ImproperlyConfigured(f"DNQP_SITE_URL must start with http:// or https://, got {DNQP_SITE_URL!r}.")

# --- Security -------------------------------------------------------------------------------
SECURE_HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
LANGUAGE_COOKIE_SECURE = SECURE_HTTPS
SESSION_COOKIE_HTTPONLY = True
SECURE_SSL_REDIRECT = SECURE_HTTPS and env_bool("DJANGO_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# Login lockouts and logs count the client's address: REMOTE_ADDR, or behind the proxy the address the proxy
# appended to X-Forwarded-For (never an entry the client wrote itself).
AXES_CLIENT_IP_CALLABLE = "dnqp.access.accounts.client_ip"
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 31536000) if SECURE_HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Everything to stderr (gunicorn and the service manager collect it), each line inside a request with its request
# id, method, path and user (dnqp/core/request_id.py). A server error (HTTP 500) is logged by django.request with
# its traceback; Django's own handlers (the console in debug only, e-mail to ADMINS) are replaced.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request": {"()": "dnqp.core.request_id.RequestContextFilter"}},
    "formatters": {"line": {"format": "%(asctime)s %(levelname)s %(name)s%(request_context)s %(message)s"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "filters": ["request"],
            "formatter": "line",
        }
    },
    "loggers": {
        "dnqp": {"handlers": ["console"], "level": env_str("DNQP_LOG_LEVEL", "INFO")},
        "django": {"handlers": ["console"], "level": "INFO" if DEBUG else "ERROR"},
        "django.request": {"filters": ["request"]},  # the request id and user on the record itself (tests)
    },
}
