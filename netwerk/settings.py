"""Netwerk settings: one module, configured from the environment.

Without any environment variable the platform runs from a checkout: SQLite under var/,
an in-memory channel layer and cache. Production sets DATABASE_URL, REDIS_URL, SECRET_KEY,
ALLOWED_HOSTS and NETWERK_ENV=production; the same file then refuses unsafe values.
"""

from __future__ import annotations

import datetime
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("NETWERK_VAR_DIR", BASE_DIR / "var"))

DEVELOPMENT_SECRET_KEY = "django-insecure-netwerk-development-key-do-not-use-in-production"  # noqa: S105 - refused in production


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


NETWERK_ENV = os.environ.get("NETWERK_ENV", "development")
PRODUCTION = NETWERK_ENV == "production"

SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
DEBUG = env_bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

if PRODUCTION:
    if SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50:
        raise ImproperlyConfigured(
            "NETWERK_ENV=production needs SECRET_KEY set to a random value of 50+ characters."
        )
    if DEBUG:
        raise ImproperlyConfigured("NETWERK_ENV=production refuses to start with DEBUG on.")
    if not ALLOWED_HOSTS:
        raise ImproperlyConfigured("NETWERK_ENV=production needs ALLOWED_HOSTS.")

# Daphne's app only swaps runserver for its ASGI server, and importing it installs the
# Twisted reactor (~0.4 s). manage.py leaves it out for every other command.
ASGI_RUNSERVER = env_bool("NETWERK_ASGI_RUNSERVER", default=True)

INSTALLED_APPS = [
    *(["daphne"] if ASGI_RUNSERVER else []),
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "servestatic",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "channels",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",
    "django_tasks",
    "django_tasks_db",
    "schools",
    "netwerk",
    "casestudies",
    "discussions",
    "meetings",
    "capacity",
    "coaching",
    "leadership",
    "privacy",
    "notifications",
    "frontend",
    # After frontend, whose templates restyle allauth's.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
]

MIDDLEWARE = [
    # First: every request (static files and redirects too) gets an id and one log record.
    "netwerk.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files, served asynchronously under ASGI (no thread per file).
    "servestatic.middleware.ServeStaticMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # Sends a person whose role needs two-factor sign-in to set it up first.
    "netwerk.accounts.RequireTwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "netwerk.urls"
ASGI_APPLICATION = "netwerk.asgi.application"
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "frontend.context_processors.notifications",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------

DATABASE_URL = os.environ.get("DATABASE_URL", "")
# The most PostgreSQL connections one process (web, worker, command) holds, whatever its
# load: Django's pool (pages, API, the rooms' database threads, the worker) gets what the
# rooms' event loop pool (NETWERK_ROOM_LOOP_CONNECTIONS, discussions/onloop.py) leaves.
# Size processes x NETWERK_DB_CONNECTIONS under PostgreSQL's max_connections.
NETWERK_DB_CONNECTIONS = int(os.environ.get("NETWERK_DB_CONNECTIONS", "16"))
NETWERK_ROOM_LOOP_CONNECTIONS = int(os.environ.get("NETWERK_ROOM_LOOP_CONNECTIONS", "3"))
# Both pools close one connection that stayed unused for this long, then the next after
# as long again, down to none: a full pool of 13 is empty about a minute after its load.
NETWERK_DB_IDLE_SECONDS = float(os.environ.get("NETWERK_DB_IDLE_SECONDS", "4"))
# How long a request waits for a free connection before it answers 503 (Retry-After).
NETWERK_DB_WAIT_SECONDS = float(os.environ.get("NETWERK_DB_WAIT_SECONDS", "3"))
if NETWERK_DB_CONNECTIONS <= NETWERK_ROOM_LOOP_CONNECTIONS:
    raise ImproperlyConfigured(
        "NETWERK_DB_CONNECTIONS must be larger than NETWERK_ROOM_LOOP_CONNECTIONS."
    )
if DATABASE_URL:
    # Under ASGI a request may run on any thread, so connections kept per thread
    # (CONN_MAX_AGE) grow with the threads; a pool per process is bounded. Connections are
    # checked when taken from the pool: after a database restart the first request gets
    # a fresh connection instead of an error.
    DATABASES = {
        "default": dj_database_url.parse(DATABASE_URL, conn_max_age=0, conn_health_checks=True)
    }
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": 0,
            "max_size": NETWERK_DB_CONNECTIONS - NETWERK_ROOM_LOOP_CONNECTIONS,
            "max_idle": NETWERK_DB_IDLE_SECONDS,
            "timeout": NETWERK_DB_WAIT_SECONDS,
            "name": "netwerk",
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(VAR_DIR / "netwerk.sqlite3"),
            # A file, not memory, so test servers running in other threads share the data.
            "TEST": {"NAME": str(VAR_DIR / "test-netwerk.sqlite3")},
            "OPTIONS": {"transaction_mode": "IMMEDIATE", "timeout": 20},
        }
    }
    # Covering indexes (INCLUDE) are a PostgreSQL feature; SQLite builds them without the
    # extra columns, which is all a development database needs.
    SILENCED_SYSTEM_CHECKS = ["models.W040"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: channel layer and cache ---------------------------------------------------

REDIS_URL = os.environ.get("REDIS_URL", "")
# redis-py defaults to an unbounded-looking pool of 100+ connections per process; a
# reconnect storm of many processes then exhausts the server. Keep it explicit and small.
REDIS_MAX_CONNECTIONS = int(os.environ.get("REDIS_MAX_CONNECTIONS", "20"))

CHANNEL_LAYERS: dict[str, dict[str, Any]]
if REDIS_URL:
    # Pub/sub, chosen by measurement (benchmarks/channel_layer_bench.py, docs/benchmarks.md):
    # at 1,000 deliveries/s it used a third of the CPU of channels_redis.core's layer with
    # half its p99. Both layers hand each host dict's keys to redis-py's connection pool,
    # so max_connections bounds the pool either way. The rooms' variant keeps each
    # connection's own channel in its process (discussions/layers.py).
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "discussions.layers.ProcessChannelsPubSubLayer",
            "CONFIG": {
                "hosts": [{"address": REDIS_URL, "max_connections": REDIS_MAX_CONNECTIONS}],
                "prefix": "netwerk",
            },
        }
    }
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "netwerk",
            "OPTIONS": {"max_connections": REDIS_MAX_CONNECTIONS},
        }
    }
else:
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# --- Rooms ----------------------------------------------------------------------------

# Posts per person per window, counted from what is stored (discussions/limits.py);
# presence entries expire after the TTL unless their connection's heartbeat refreshes them.
NETWERK_ROOM_RATE_LIMIT = int(os.environ.get("NETWERK_ROOM_RATE_LIMIT", "20"))
NETWERK_ROOM_RATE_WINDOW = int(os.environ.get("NETWERK_ROOM_RATE_WINDOW", "10"))
NETWERK_PRESENCE_TTL = float(os.environ.get("NETWERK_PRESENCE_TTL", "30"))
NETWERK_PRESENCE_HEARTBEAT = float(os.environ.get("NETWERK_PRESENCE_HEARTBEAT", "10"))
# A held message (personal-data warning) waits this long for its author's confirmation.
NETWERK_ROOM_HOLD_SECONDS = int(os.environ.get("NETWERK_ROOM_HOLD_SECONDS", "900"))
# At most one `typing` event per connection per this many seconds; more are dropped.
NETWERK_ROOM_TYPING_INTERVAL = float(os.environ.get("NETWERK_ROOM_TYPING_INTERVAL", "2"))
# Threads per process for the room websockets' database work (discussions/dbthreads.py);
# each takes a connection from Django's pool for the length of one call. The event
# loop's own pool for handshakes and plain posts is NETWERK_ROOM_LOOP_CONNECTIONS (above).
NETWERK_ROOM_DB_THREADS = int(os.environ.get("NETWERK_ROOM_DB_THREADS", "4"))

# --- Background tasks -----------------------------------------------------------------

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
# GET /health/ reports the worker "behind" or "stalled" once a job has waited this long.
NETWERK_JOB_STALL_SECONDS = int(os.environ.get("NETWERK_JOB_STALL_SECONDS", "600"))
# A worker renews its lease this often; the jobs of a worker whose lease is older than the
# limit (killed, its machine gone) are run again by another (netwerk/workers.py).
NETWERK_WORKER_HEARTBEAT_SECONDS = float(os.environ.get("NETWERK_WORKER_HEARTBEAT_SECONDS", "10"))
NETWERK_WORKER_LEASE_SECONDS = float(os.environ.get("NETWERK_WORKER_LEASE_SECONDS", "60"))
if NETWERK_WORKER_LEASE_SECONDS < 2 * NETWERK_WORKER_HEARTBEAT_SECONDS:
    raise ImproperlyConfigured(
        "NETWERK_WORKER_LEASE_SECONDS must be at least twice NETWERK_WORKER_HEARTBEAT_SECONDS."
    )

# --- People and authentication --------------------------------------------------------

AUTH_USER_MODEL = "schools.User"
AUTHENTICATION_BACKENDS = [
    # First: refuses a login attempt while its username + address is locked out.
    "schools.auth.LoginThrottleBackend",
    "schools.auth.UsernameOrEmailBackend",
]
# Login throttling (django-axes): after AXES_FAILURE_LIMIT failed attempts for one
# username from one address, that pair is locked out for AXES_COOLOFF_MINUTES. Behind a
# reverse proxy, uvicorn's --proxy-headers makes the client's address the one counted.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "schools.auth.login_identifier"
AXES_RESET_ON_SUCCESS = True
# No record of successful logins with their address: the audit log covers private data.
AXES_DISABLE_ACCESS_LOG = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# 429 in the person's language: the page above, or JSON under /api/.
AXES_LOCKOUT_CALLABLE = "schools.auth.lockout_response"
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"
# --- Accounts: invitations, password reset, two-factor, sign-on (django-allauth) ---------

# Nobody signs up on their own: a leader or coordinator invites (netwerk/invitations.py).
NETWERK_INVITATION_DAYS = int(os.environ.get("NETWERK_INVITATION_DAYS", "14"))
ACCOUNT_ADAPTER = "netwerk.accounts.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "netwerk.accounts.SignOnAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "Netwerk: "
# A reset asked for an address nobody has sends nothing: no mail to strangers.
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_LOGOUT_REDIRECT_URL = "login"
# The login page stays Django's form on /login/ (netwerk.accounts.LoginView), which hands
# the person to allauth's stages, so two-factor sign-in follows a correct password.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Netwerk"
MFA_FORMS = {"authenticate": "schools.auth.ThrottledAuthenticateForm"}
# Roles that must sign in with a second factor: school leaders (leader) and network
# coordinators (coordinator); empty for none.
NETWERK_MFA_REQUIRED_ROLES = env_list("NETWERK_MFA_REQUIRED_ROLES", "leader,coordinator")
# Single sign-on with OpenID Connect (SURFconext, Entree Federatie, Microsoft Entra, ...):
# on when NETWERK_OIDC_SERVER_URL is set. A sign-on is accepted only for the verified
# e-mail address of an account or of a pending invitation; nothing else is created.
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
NETWERK_OIDC_TRUST_EMAIL = env_bool("NETWERK_OIDC_TRUST_EMAIL", default=False)


def oidc_providers(server_url: str) -> dict[str, Any]:
    if not server_url:
        return {}
    app = {
        "provider_id": os.environ.get("NETWERK_OIDC_PROVIDER_ID", "school"),
        "name": os.environ.get("NETWERK_OIDC_NAME", "School account"),
        "client_id": os.environ.get("NETWERK_OIDC_CLIENT_ID", ""),
        "secret": os.environ.get("NETWERK_OIDC_CLIENT_SECRET", ""),
        "settings": {"server_url": server_url, "scope": ["openid", "email", "profile"]},
    }
    return {"openid_connect": {"APPS": [app], "OAUTH_PKCE_ENABLED": True}}


SOCIALACCOUNT_PROVIDERS = oidc_providers(os.environ.get("NETWERK_OIDC_SERVER_URL", ""))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Languages ------------------------------------------------------------------------

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "frontend" / "locale"]
USE_I18N = True
TIME_ZONE = "Europe/Amsterdam"
USE_TZ = True

# --- Files -------------------------------------------------------------------------------


def file_storage() -> dict[str, Any]:
    """Uploads and generated files: under MEDIA_ROOT, or in an S3-compatible bucket when
    NETWERK_S3_BUCKET is set, so that web processes and workers on other machines share
    them. The credentials come from boto3's own AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY
    (or the machine's role); objects stay private and are only handed out through Django."""
    bucket = os.environ.get("NETWERK_S3_BUCKET", "")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    endpoint = os.environ.get("NETWERK_S3_ENDPOINT_URL") or None
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "region_name": os.environ.get("NETWERK_S3_REGION") or None,
            "location": os.environ.get("NETWERK_S3_PREFIX", ""),
            # Most S3-compatible servers (MinIO, Ceph, Garage) want the bucket in the path.
            "addressing_style": os.environ.get(
                "NETWERK_S3_ADDRESSING_STYLE", "path" if endpoint else "auto"
            ),
            "default_acl": None,
            "file_overwrite": False,
            "querystring_auth": True,
        },
    }


# --- Static files ---------------------------------------------------------------------

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
# servestatic serves them straight from the apps' static folders unless collectstatic has
# run (production: compressed, with hashed names cached for ten years). `make run` passes
# runserver --nostatic, so the development server serves them through the same middleware.
SERVESTATIC_USE_FINDERS = not PRODUCTION
SERVESTATIC_AUTOREFRESH = DEBUG
STORAGES = {
    "default": file_storage(),
    "staticfiles": {
        "BACKEND": (
            "netwerk.storage.StaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Uploads are school-private: they are stored here and never served as static media.
MEDIA_ROOT = VAR_DIR / "media"
# How long the audit log of views of school-private data is kept (purge_audit_log).
NETWERK_AUDIT_RETENTION_DAYS = int(os.environ.get("NETWERK_AUDIT_RETENTION_DAYS", "730"))
NETWERK_UPLOAD_MAX_BYTES = int(os.environ.get("NETWERK_UPLOAD_MAX_BYTES", str(50 * 2**20)))
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 2**20

# --- API ------------------------------------------------------------------------------

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an unauthenticated call gets 401 with a WWW-Authenticate header.
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PARSER_CLASSES": [
        "netwerk.parsers.JSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "netwerk.api_errors.exception_handler",
    # Throttling per person (or per address when anonymous); the token endpoint has its
    # own, tighter scope against password guessing. Counts live in the cache (Redis).
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": os.environ.get("API_THROTTLE_ANON", "60/minute"),
        "user": os.environ.get("API_THROTTLE_USER", "600/minute"),
        "token": os.environ.get("API_THROTTLE_TOKEN", "10/minute"),
    },
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Netwerk API",
    "DESCRIPTION": "Learning networks of schools that improve their education with data.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI served from our own static files: no third-party hosts.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "CoachKindEnum": "coaching.models.CoachKind",
        "EvidenceKindEnum": "coaching.models.EvidenceKind",
        "NotificationKindEnum": "notifications.models.Kind",
        "SessionStatusEnum": "meetings.models.NetworkSession.Status",
    },
}

# --- Security -------------------------------------------------------------------------

# No third-party hosts and no inline script or style: schools' privacy rules.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
if PRODUCTION:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=True)
    # Load balancers probe the health endpoint over plain HTTP on the private network.
    SECURE_REDIRECT_EXEMPT = [r"^health/$"]
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# --- E-mail ---------------------------------------------------------------------------

# The console backend prints e-mails (the daily digest) instead of sending them; production
# sets an SMTP backend and its EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_HOST_PASSWORD.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "netwerk@localhost")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
# Links in e-mails point here.
NETWERK_SITE_URL = os.environ.get("NETWERK_SITE_URL", "http://127.0.0.1:8000")

# --- Logs and error tracking ---------------------------------------------------------

# Structured logs: one JSON object per line in production (LOG_FORMAT=json), readable
# lines in development. netwerk.logs.RequestLogMiddleware writes the one record per request
# and gives every record the request's id.
LOG_FORMAT = os.environ.get("LOG_FORMAT", "json" if PRODUCTION else "text")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "netwerk.logs.RequestIdFilter"},
        "skip_server_access_lines": {"()": "netwerk.logs.SkipServerAccessLines"},
    },
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    "loggers": {
        # Only through the root handler: Django's own console handler printed each of its
        # records a second time, unformatted, in development.
        "django": {"handlers": [], "level": "INFO"},
        # 4xx responses are in the request record already; errors keep their traceback.
        "django.request": {"level": "ERROR"},
        # The servers' access lines would repeat the request record.
        "django.channels.server": {"filters": ["skip_server_access_lines"]},
        "uvicorn.access": {"handlers": [], "propagate": False},
        # django-axes logs every failed attempt at INFO; lockouts come at WARNING.
        "axes": {"level": "WARNING"},
        # WeasyPrint (PDF downloads) logs each layout step, and each screen-only CSS rule
        # it skips as a warning.
        "weasyprint": {"level": "ERROR"},
        "fontTools": {"level": "WARNING"},
    },
}

# Error reports go to Sentry only when SENTRY_DSN is set (netwerk/errortracking.py says
# what they leave out).
SENTRY_DSN = os.environ.get("SENTRY_DSN", "")
if SENTRY_DSN:
    from netwerk.errortracking import init_error_tracking

    init_error_tracking(
        dsn=SENTRY_DSN,
        environment=NETWERK_ENV,
        traces_sample_rate=float(os.environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
    )
