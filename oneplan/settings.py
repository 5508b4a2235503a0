"""Django settings for OnePlan.

Every setting that differs between a developer's laptop and production comes from an
environment variable (see docs/deploy.md). With none set, OnePlan runs on the embedded
SQLite database in ./var/ with DEBUG on, which is what `make run` uses.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("ONEPLAN_VAR_DIR", PROJECT_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", default="SECRET_KEY" not in os.environ)
if DEBUG:
    SECRET_KEY = os.environ.get("SECRET_KEY", "dev-only-insecure-key-never-use-in-production")
else:
    SECRET_KEY = os.environ["SECRET_KEY"]

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "auditlog",
    "axes",
    "csp",
    "django_htmx",
    "oneplan.core",  # before django_tasks_db: its `db_worker` (with a heartbeat) wins
    "django_tasks",
    "django_tasks_db",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "oneplan.documents",
    "oneplan.areas",
    "oneplan.orgs",
    "oneplan.cycles",
    "oneplan.plans",
    "oneplan.projects",
    "oneplan.participation",
    "oneplan.committees",
    "oneplan.letters",
    "oneplan.monitoring",
    "oneplan.audit",
    "oneplan.api",
    "oneplan.demo",
]
AUTH_USER_MODEL = "orgs.User"

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "oneplan.core.middleware.refuse_nul_in_address",  # a Thai 400, not a database error
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "oneplan.core.sessions.refresh_session",  # a session in use kept alive, written rarely
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    # Axes must be last: it reads the outcome of authentication.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "oneplan.urls"
WSGI_APPLICATION = "oneplan.wsgi.application"

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
                "oneplan.orgs.context_processors.user_scope",
                "oneplan.core.context_processors.today",
            ],
            "builtins": ["oneplan.documents.templatetags.thai"],
        },
    }
]

# --- Database: SQLite by default, anything dj-database-url reads from DATABASE_URL.
DEFAULT_SQLITE = f"sqlite:///{VAR_DIR / 'oneplan.sqlite3'}"
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", DEFAULT_SQLITE),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


def _cache_dir() -> str:
    """var/cache; under pytest a folder of this run's own (set in the environment, so the
    worker processes a test starts share it), so that two test runs on one machine never
    clear or read each other's rate limits and heartbeats."""
    if os.environ.get("ONEPLAN_CACHE_DIR"):
        return os.environ["ONEPLAN_CACHE_DIR"]
    if "pytest" in sys.modules:
        folder = tempfile.mkdtemp(prefix="oneplan-cache-")
        atexit.register(shutil.rmtree, folder, True)
        os.environ["ONEPLAN_CACHE_DIR"] = folder
        return folder
    return str(VAR_DIR / "cache")


CACHES = {
    "default": (
        {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
        }
        if os.environ.get("REDIS_URL")
        # Without Redis, a cache in files: shared by the app processes and the background
        # worker of one machine (import progress, rate limits), unlike an in-memory one.
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": _cache_dir(),
        }
    )
}

# --- Background work (Django's tasks API through django-tasks, database backend).
# Proposal uploads larger than this are imported by the worker, with a progress page.
ONEPLAN_INLINE_IMPORT_BYTES = int(os.environ.get("ONEPLAN_INLINE_IMPORT_BYTES", 1024 * 1024))
TASKS = {"default": {"BACKEND": os.environ.get("TASKS_BACKEND", "django_tasks_db.DatabaseBackend")}}
# A running job whose worker has not been heard from for this long is taken as lost (queued
# again or failed), and with no worker heard from for this long a queued job says so
# (oneplan/core/jobs.py). Workers beat every sixth of it.
ONEPLAN_JOB_LEASE_SECONDS = int(os.environ.get("ONEPLAN_JOB_LEASE_SECONDS", 90))

# --- Operational limits.
# A planned calendar step whose last day falls within this many days is shown "due soon".
ONEPLAN_DUE_SOON_DAYS = int(os.environ.get("ONEPLAN_DUE_SOON_DAYS", 14))
# A visitor may send this many public comments per clock hour from one address.
ONEPLAN_PUBLIC_COMMENTS_PER_HOUR = int(os.environ.get("ONEPLAN_PUBLIC_COMMENTS_PER_HOUR", 5))
# Every list of the API answers one page (oneplan/api/pagination.py): this many records
# unless the client asks `?page_size=`, never more than the cap (a bigger ask is capped).
ONEPLAN_API_PAGE_SIZE = int(os.environ.get("ONEPLAN_API_PAGE_SIZE", 100))
ONEPLAN_API_MAX_PAGE_SIZE = int(os.environ.get("ONEPLAN_API_MAX_PAGE_SIZE", 1000))

# --- Authentication, roles and permissions.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling (django-axes): lock an account+address after repeated failures.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env_bool("AXES_ENABLED", True)

# Sessions expire after a working day of inactivity and when the browser closes.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_COOKIE_AGE", str(8 * 60 * 60)))
# A session in use stays alive (it ends SESSION_COOKIE_AGE after the last request) but is
# written at most once in this many seconds (oneplan/core/sessions.py), not on every request.
SESSION_SAVE_EVERY_REQUEST = False
ONEPLAN_SESSION_REFRESH_SECONDS = int(os.environ.get("ONEPLAN_SESSION_REFRESH_SECONDS", 300))
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"

# --- Security headers (production values unless DEBUG).
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
# Behind a proxy, X-Forwarded-* are trusted; PROXY_COUNT proxies append to X-Forwarded-For
# (oneplan.core.ratelimit.client_address). Without it the client is REMOTE_ADDR only.
BEHIND_PROXY = env_bool("BEHIND_PROXY", False)
PROXY_COUNT = int(os.environ.get("PROXY_COUNT", "1"))
if BEHIND_PROXY:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    USE_X_FORWARDED_HOST = True
    # Login throttling must see the client's address, not the proxy's.
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

# Content-security policy: everything is served by OnePlan itself (no CDN).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

# --- Language: Thai first, English available.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", _("Thai")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Bangkok"

# --- Static files: collected by whitenoise; vendor files come from npm (see Makefile).
STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", PROJECT_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
# Attached files (proposals, progress reports, meetings) are opened as the type their names
# say before anything is stored (oneplan/documents/uploads.py). Limits, any left out keeping
# its default there: max_bytes (10 MB), max_members (1000 parts of a .docx/.xlsx),
# max_unpacked_bytes (200 MB), max_member_ratio (200, for parts over ratio_from_bytes, 1 MB),
# max_image_pixels (40 million), max_pdf_objects (100,000).
ONEPLAN_UPLOAD_LIMITS: dict[str, int] = {}
# Excel imports (oneplan/documents/workbook.py), by kind: the file's bytes, its bytes unpacked,
# rows with content and rows read (blank ones too), over all the sheets read. Each can be set
# in the environment as ONEPLAN_IMPORT_<KIND>_<LIMIT>, e.g. ONEPLAN_IMPORT_PROPOSALS_ROWS=200000.
_MB = 1024 * 1024
ONEPLAN_IMPORT_LIMITS: dict[str, dict[str, int]] = {
    kind: {
        name: int(os.environ.get(f"ONEPLAN_IMPORT_{kind.upper()}_{name.upper()}", default))
        for name, default in defaults.items()
    }
    for kind, defaults in {
        # a plan's strategic chain
        "plan": {
            "file_bytes": 5 * _MB,
            "unpacked_bytes": 60 * _MB,
            "rows": 20_000,
            "scanned_rows": 100_000,
        },
        # project proposals: a 100,000-row agency workbook is ~10 MB zipped, 250 MB unpacked
        "proposals": {
            "file_bytes": 50 * _MB,
            "unpacked_bytes": 1024 * _MB,
            "rows": 120_000,
            "scanned_rows": 300_000,
        },
        # a planning calendar (at most 500 steps, checked by the import)
        "calendar": {
            "file_bytes": 5 * _MB,
            "unpacked_bytes": 60 * _MB,
            "rows": 2_000,
            "scanned_rows": 20_000,
        },
        # GFMIS disbursement exports (file_bytes holds for a CSV too): up to Excel's rows
        "gfmis": {
            "file_bytes": 200 * _MB,
            "unpacked_bytes": 1024 * _MB,
            "rows": 1_048_576,
            "scanned_rows": 1_048_576,
        },
        # the villages of a province (the largest has about 2,700)
        "villages": {
            "file_bytes": 5 * _MB,
            "unpacked_bytes": 60 * _MB,
            "rows": 20_000,
            "scanned_rows": 100_000,
        },
        # needs from village plans and forums: a province's year in one file
        "needs": {
            "file_bytes": 20 * _MB,
            "unpacked_bytes": 250 * _MB,
            "rows": 100_000,
            "scanned_rows": 300_000,
        },
        # committee types and their composition rules (the secretariat's file)
        "committee_types": {
            "file_bytes": 1 * _MB,
            "unpacked_bytes": 20 * _MB,
            "rows": 1_000,
            "scanned_rows": 10_000,
        },
    }.items()
}

# --- API.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["oneplan.api.permissions.PolicyPermission"],
    # drf-spectacular's, with the pagination documented as it travels (oneplan/api/schema.py).
    "DEFAULT_SCHEMA_CLASS": "oneplan.api.schema.AutoSchema",
    # DRF's, every message of a refusal in Thai.
    "EXCEPTION_HANDLER": "oneplan.api.exceptions.handler",
    # DRF's, refusing a NUL or a lone surrogate in any field with a Thai 400 naming it.
    "DEFAULT_PARSER_CLASSES": [
        "oneplan.api.parsers.JSONParser",
        "oneplan.api.parsers.FormParser",
        "oneplan.api.parsers.MultiPartParser",
    ],
    # Every list is paginated (a new one cannot forget it): the page in the body, a JSON
    # array as before, the next and previous pages in the Link header. The lists that grow
    # with the country set the cursor pagination instead.
    "DEFAULT_PAGINATION_CLASS": "oneplan.api.pagination.PageNumberPagination",
    # Anonymous requests per client address (core.ratelimit.client_address), fixed windows.
    "DEFAULT_THROTTLE_CLASSES": ["oneplan.api.throttling.AnonymousThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("API_ANON_RATE", "600/minute")},
}
SPECTACULAR_SETTINGS = {
    "TITLE": "OnePlan API",
    "DESCRIPTION": "API ของระบบ OnePlan — แผนพัฒนาจังหวัดและกลุ่มจังหวัดแบบบูรณาการ",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "PlanKindEnum": "oneplan.plans.models.PlanKind",
        "EditionStatusEnum": "oneplan.plans.models.EditionStatus",
        "ProposalStatusEnum": "oneplan.projects.models.ProposalStatus",
        "ActionPlanStatusEnum": "oneplan.projects.models.ActionPlanStatus",
        "ProjectLevelEnum": "oneplan.projects.models.Level",
        # calendars and committees belong to the same bodies: nation, cluster, province, district
        "BodyLevelEnum": "oneplan.cycles.models.CalendarLevel",
        "NeedLevelEnum": "oneplan.participation.models.NeedLevel",
        "StepStatusEnum": "oneplan.cycles.models.StepStatus",
        "MeetingStatusEnum": "oneplan.committees.models.MeetingStatus",
        "ConsultationStatusEnum": "oneplan.participation.models.ConsultationStatus",
        "ReportStatusEnum": "oneplan.monitoring.models.ReportStatus",
        "FollowUpStatusEnum": "oneplan.committees.models.FollowUpStatus",
        "LetterStatusEnum": "oneplan.letters.models.LetterStatus",
        "NeedSourceEnum": "oneplan.participation.models.NeedSource",
        "CommentSourceEnum": "oneplan.participation.models.CommentSource",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
        "weasyprint": {"level": "WARNING"},
    },
}

# --- Audit trail (django-auditlog): every model is tracked unless excluded here, so a new
# domain model cannot be forgotten. Bulk reference loads are summarised, not row-logged.
AUDITLOG_INCLUDE_ALL_MODELS = True
AUDITLOG_EXCLUDE_TRACKING_MODELS = (
    "admin",
    "auth",
    "auditlog",
    "axes",
    "contenttypes",
    "sessions",
    "authtoken",
    "django_tasks_db",
)
# `version` (oneplan.audit.versioning) is bookkeeping: each entry records it in additional_data.
AUDITLOG_EXCLUDE_TRACKING_FIELDS = ("password", "last_login", "version")
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_DISABLE_REMOTE_ADDR = False
