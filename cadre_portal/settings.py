"""Settings for cadre_portal, read from the environment.

The embedded default (no environment at all) is a complete, working portal: SQLite, an
in-process Celery (eager) and a local-memory cache. Setting ``DATABASE_URL`` and
``REDIS_URL`` scales the same code out to PostgreSQL, Redis and real workers, and
``DJANGO_ENV=production`` switches on every production safeguard.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


# ---------------------------------------------------------------------------
# Typed environment helpers (after Healthchecks' settings.py)
# ---------------------------------------------------------------------------
def envstr(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def envbool(name: str, default: bool) -> bool:
    """A yes/no variable; unset or empty is ``default``, anything unrecognised stops start-up
    (a misspelt ``OTP_REQUIRED=ture`` must not quietly turn a safeguard off)."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value in TRUE_WORDS:
        return True
    if value in FALSE_WORDS:
        return False
    raise ImproperlyConfigured(
        f"环境变量 {name} 的值“{os.environ[name]}”无法识别：请填写 1/0、true/false、yes/no 或 on/off（不区分大小写），"
        "留空则使用默认值。"
    )


def envint(name: str, default: int) -> int:
    value = os.environ.get(name)
    return int(value) if value else default


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in envstr(name, default).split(",") if item.strip()]


DJANGO_ENV = envstr("DJANGO_ENV", "development")
PRODUCTION = DJANGO_ENV == "production"
TESTING = envbool("CADRE_TESTING", False)

DEBUG = envbool("DEBUG", not PRODUCTION and not TESTING)

SECRET_KEY = envstr("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("生产环境必须设置环境变量 SECRET_KEY。")
    # Development only: a fixed key so sessions survive restarts of `make run`.
    SECRET_KEY = "dev-only-insecure-key-cadre-portal-0123456789-abcdefghijklmnopqrstuvwxyz"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

# ---------------------------------------------------------------------------
# Applications
# ---------------------------------------------------------------------------
INSTALLED_APPS = [
    # The admin theme must come before django.contrib.admin; the basic config leaves the
    # site to ours (apps.core.sites: unfold's site, start page in the sidebar's order).
    "unfold.apps.BasicAppConfig",
    "unfold.contrib.filters",
    "unfold.contrib.import_export",
    "unfold.contrib.simple_history",
    "apps.core.admin_apps.CadreAdminConfig",  # django.contrib.admin with that site
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "import_export",
    "django_celery_beat",
    # Security: lockouts, second factor, content security policy
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "csp",
    # Project apps
    "apps.core",
    "apps.accounts",
    "apps.audit",
    "apps.regions",
    "apps.people",
    "apps.party",
    "apps.volunteers",
    "apps.orders",
    "apps.insights",
    "apps.workforce",
    "apps.assessment",
    "apps.dashboard",
    "apps.summary",
    "apps.workspace",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Outside every middleware that may answer early (refused query strings, the sign-in
    # steps, lockouts), so those answers carry the headers too; static files (WhiteNoise,
    # above) stay cacheable.
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "apps.accounts.middleware.ContentSecurityPolicyMiddleware",
    "apps.accounts.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Before the sign-in steps, which would copy the URL into ``next=``.
    "apps.accounts.middleware.IdNumberQueryMiddleware",
    "apps.accounts.middleware.SessionSecurityMiddleware",
    "apps.accounts.middleware.SensitiveLookupMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes requires: turns a lockout into the Chinese lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cadre_portal.urls"
WSGI_APPLICATION = "cadre_portal.wsgi.application"
AUTH_USER_MODEL = "accounts.User"
# django-axes first: it refuses a locked-out account or address before any password check.
AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", "apps.accounts.backends.ScopedModelBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.portal",
            ],
        },
    },
]

# ---------------------------------------------------------------------------
# Database: SQLite file by default, anything dj-database-url reads otherwise
# ---------------------------------------------------------------------------
DATABASE_URL = envstr("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL,
            conn_max_age=envint("DB_CONN_MAX_AGE", 60),
            conn_health_checks=True,
        )
    }
    if DATABASES["default"]["ENGINE"].endswith("postgresql") and not envbool("DB_JIT", False):
        # PostgreSQL's JIT compiles a query whose cost it overestimates (small reference
        # tables are rarely analysed): ~1 s spent on a 100 ms dashboard query. Off by default.
        DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": envstr("SQLITE_PATH", str(BASE_DIR / "db.sqlite3")),
            "OPTIONS": {"timeout": 20},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# ---------------------------------------------------------------------------
# Cache and task queue: Redis when REDIS_URL is set, in-process otherwise
# ---------------------------------------------------------------------------
REDIS_URL = envstr("REDIS_URL")
if REDIS_URL:
    CACHES = {
        "default": {
            # django-redis: an unreachable Redis is a miss or a no-op (IGNORE_EXCEPTIONS), so
            # pages keep serving; the connection class backs off for a few seconds after a
            # failure instead of paying a connect timeout per call (apps.core.cache).
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": envstr("CACHE_KEY_PREFIX", "cadre"),
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": 1,
                "SOCKET_TIMEOUT": 1,
                "CONNECTION_POOL_CLASS": "apps.core.cache.BackoffConnectionPool",
            },
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "cadre-portal",
        }
    }

CELERY_BROKER_URL = envstr("CELERY_BROKER_URL", REDIS_URL or "memory://")
CELERY_RESULT_BACKEND = envstr("CELERY_RESULT_BACKEND", REDIS_URL or "cache+memory://")
CELERY_TASK_ALWAYS_EAGER = envbool("CELERY_TASK_ALWAYS_EAGER", not REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = envint("CELERY_TASK_SOFT_TIME_LIMIT", 600)
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", 900)
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A message taken by a worker that dies whole (not just its task process) comes back after
# the visibility timeout. No task may outlive CELERY_TASK_TIME_LIMIT, so a little more than
# that is enough (and no task is queued with a countdown or an ETA, which would be delivered
# again each time the timeout passes).
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": envint("CELERY_VISIBILITY_TIMEOUT", CELERY_TASK_TIME_LIMIT + 300)
}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# The periodic tasks are declared in each app's brand.py and installed into
# django-celery-beat's tables by apps.core.schedules (after every migrate).

# ---------------------------------------------------------------------------
# Passwords and authentication
# ---------------------------------------------------------------------------
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ["username", "full_name", "email", "mobile"]},
    },
    {"NAME": "apps.accounts.validators.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "apps.accounts.validators.CharacterClassesValidator", "OPTIONS": {"min_classes": 3}},
    {"NAME": "apps.accounts.validators.NotCurrentPasswordValidator"},
    {"NAME": "apps.accounts.validators.PasswordHistoryValidator"},
]
# A new password may not be any of the user's last five (their hashes are kept).
PASSWORD_HISTORY_COUNT = envint("PASSWORD_HISTORY_COUNT", 5)
# Staff roles (all but secretaries and team leaders) must change their password this often.
PASSWORD_MAX_AGE_DAYS = envint("PASSWORD_MAX_AGE_DAYS", 90)

# Lockout (django-axes, apps.accounts.lockout): 5 failures of one account from one
# address, or 20 from one address across accounts → 30 minutes. One user's failures never
# lock the others behind the same address.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_IP_FAILURE_LIMIT = envint("AXES_IP_FAILURE_LIMIT", 20)
AXES_COOLOFF_TIME = timedelta(minutes=envint("AXES_COOLOFF_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "apps.accounts.lockout.LockoutHandler"
# No personal data in what axes stores: ID/mobile numbers masked in the name, no form data.
AXES_USERNAME_CALLABLE = "apps.accounts.lockout.client_username"
AXES_LOCKOUT_TEMPLATE = "accounts/lockout.html"
AXES_RESET_ON_SUCCESS = True
AXES_DISABLE_ACCESS_LOG = True  # sign-ins are in the audit log
AXES_ENABLE_ADMIN = False  # the security administrator's admin is in apps.accounts.admin
AXES_CLIENT_IP_CALLABLE = "apps.audit.services.client_ip"
AXES_SENSITIVE_PARAMETERS = ["password", "token", "username", "id_number", "phone", "address"]
# Reverse proxies in front of the portal whose X-Forwarded-For is trusted (0: none).
TRUSTED_PROXY_COUNT = envint("TRUSTED_PROXY_COUNT", 0)

# Second factor (django-otp, TOTP): required in production for these roles; secretaries
# and team leaders may opt in. Off by default on the embedded demo.
OTP_REQUIRED = envbool("OTP_REQUIRED", PRODUCTION)
OTP_REQUIRED_ROLES = [
    "leadership",
    "bureau_staff",
    "district_staff",
    "system_admin",
    "security_admin",
    "audit_admin",
]
OTP_TOTP_ISSUER = "扬州市老干部工作信息平台"
# First binding of an authenticator for those roles needs a one-time code the security
# administrator issues (back office → 动态口令绑定码); it expires after this many hours.
OTP_ENROLMENT_CODE_HOURS = envint("OTP_ENROLMENT_CODE_HOURS", 24)

# Audit log: kept at least 180 days, then purged by the daily beat task.
AUDIT_RETENTION_DAYS = envint("AUDIT_RETENTION_DAYS", 180)

if TESTING:
    # Fast hashing keeps the suite quick; never used outside tests.
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# ---------------------------------------------------------------------------
# Internationalisation
# ---------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
LOCALE_PATHS = [BASE_DIR / "locale"]

# ---------------------------------------------------------------------------
# Static and media files
# ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "apps.core.staticfiles.CachedUrlManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(BASE_DIR / "media")))
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

# Excel import/export (apps.core.excel): permissions, limits, background threshold. The
# xlsx format class is set on apps.core.excel.admin.ExcelAdminMixin (the library's
# IMPORT_EXPORT_FORMATS wants classes, which settings cannot import).
IMPORT_EXPORT_IMPORT_PERMISSION_CODE = "add"
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
IMPORT_EXPORT_SKIP_ADMIN_LOG = False
EXCEL_MAX_UPLOAD_BYTES = envint("EXCEL_MAX_UPLOAD_BYTES", 10 * 1024 * 1024)
EXCEL_MAX_UNCOMPRESSED_BYTES = envint("EXCEL_MAX_UNCOMPRESSED_BYTES", 200 * 1024 * 1024)
EXCEL_MAX_ROWS = envint("EXCEL_MAX_ROWS", 50000)
EXCEL_ASYNC_ROWS = envint("EXCEL_ASYNC_ROWS", 2000)
EXCEL_PRIVATE_ROOT = Path(envstr("EXCEL_PRIVATE_ROOT", str(BASE_DIR / "var" / "excel")))
# Previews waiting for confirmation in EXCEL_PRIVATE_ROOT/previews/, not /tmp.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "apps.core.excel.storage.PreviewStorage"
# Failing-row files and unconfirmed previews are deleted after this many hours: the initial
# kwargs of the hourly beat task "excel.purge_old_files", which staff change in 后台 → 定时任务.
EXCEL_FILE_RETENTION_HOURS = envint("EXCEL_FILE_RETENTION_HOURS", 24)

# ---------------------------------------------------------------------------
# Personal data protection
# ---------------------------------------------------------------------------
# Comma-separated Fernet keys; the first encrypts, all decrypt (rotation). Without it a
# development key is derived from SECRET_KEY, which production refuses.
PII_ENCRYPTION_KEYS = envlist("PII_ENCRYPTION_KEYS")
PII_HASH_KEY = envstr("PII_HASH_KEY")
if PRODUCTION and (not PII_ENCRYPTION_KEYS or not PII_HASH_KEY):
    raise ImproperlyConfigured("生产环境必须设置 PII_ENCRYPTION_KEYS 与 PII_HASH_KEY。")

# ---------------------------------------------------------------------------
# Sessions, cookies and transport security
# ---------------------------------------------------------------------------
# Idle timeout 30 minutes (the cookie and the stored session expire unless the user keeps
# working: the security middleware refreshes activity at most once a minute) and an
# absolute limit of 8 hours from sign-in.
SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 30 * 60)
SESSION_IDLE_TIMEOUT = SESSION_COOKIE_AGE
SESSION_ABSOLUTE_TIMEOUT = envint("SESSION_ABSOLUTE_TIMEOUT", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
# With Redis, Django's cached_db sessions: read from Redis, written through to the database
# (a Redis restart loses no session); without it, from the database. A per-process cache
# (locmem) is never used for sessions: a worker would keep a session another one ended.
# The signed-in user is read from the database at every request (one query, with their
# scope), so an ended session or a new scope applies at the next request.
SESSION_ENGINE = envstr(
    "SESSION_ENGINE",
    "django.contrib.sessions.backends.cached_db" if REDIS_URL else "django.contrib.sessions.backends.db",
)

# Content security policy (django-csp 4): our own origin only; no inline scripts. Inline
# style attributes are allowed for the admin theme and the charts; the back office also
# gets 'unsafe-eval' for Alpine.js (see apps.accounts.middleware).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", True)
    # Load balancers probe over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz/"]
    SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# ---------------------------------------------------------------------------
# E-mail (reminders); console in development
# ---------------------------------------------------------------------------
EMAIL_HOST = envstr("EMAIL_HOST")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = envstr("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = envstr("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "noreply@ltgb.yangzhou.gov.cn")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.locmem.EmailBackend"
)

# ---------------------------------------------------------------------------
# Logging: to stdout; personal data never goes into a log line
# ---------------------------------------------------------------------------
# Every handler masks ID and mobile numbers (apps.audit.logging). Django's own loggers are
# named here so that none keeps a default handler without the filter: ``django`` goes to
# the root handler; ``django.server`` (runserver's request lines) to its own. gunicorn's
# logs: gunicorn.conf.py; Celery's: cadre_portal/celery.py.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "server": {"()": "django.utils.log.ServerFormatter", "format": "[{server_time}] {message}", "style": "{"},
    },
    "filters": {"redact_pii": {"()": "apps.audit.logging.RedactPersonalDataFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["redact_pii"]},
        "server": {"class": "logging.StreamHandler", "formatter": "server", "filters": ["redact_pii"]},
    },
    "root": {"handlers": ["console"], "level": envstr("LOG_LEVEL", "INFO")},
    "loggers": {
        "django": {"handlers": [], "level": "INFO"},
        "django.server": {"handlers": ["server"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
    },
}

# ---------------------------------------------------------------------------
# Admin theme (django-unfold): sidebar grouped by brand
# ---------------------------------------------------------------------------
from cadre_portal.unfold_conf import UNFOLD  # noqa: E402,F401
