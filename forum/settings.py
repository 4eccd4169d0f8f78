"""Meridian's one settings module, configured from the environment (and `.env`).

With nothing set it runs on the embedded defaults: SQLite, eager Celery, local-memory
cache, a Whoosh index and mail written to files, all under VAR_DIR. Every variable is
listed in docs/settings.md.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.core.validators import RegexValidator

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
if (BASE_DIR / ".env").is_file():
    env.read_env(BASE_DIR / ".env")

DEBUG = env.bool("DEBUG", default=True)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off Meridian needs a long random "
            "SECRET_KEY in the environment (see docs/settings.md)."
        )
    SECRET_KEY = "insecure-development-key-only-for-debug-mode"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SITE_NAME = env.str("SITE_NAME", default="Meridian")
# `make run PORT=8001` serves on another port; links in mail and seeded guides
# follow it unless SITE_URL says otherwise.
PORT = env.int("PORT", default=8000)
SITE_URL = env.str("SITE_URL", default=f"http://127.0.0.1:{PORT}").rstrip("/")
SITE_ID = 1
# What search engines and link previews show for pages with no text of their own.
SITE_DESCRIPTION = env.str(
    "SITE_DESCRIPTION",
    default="Questions and answers about the observatory's data and software.",
)
# Link previews fetch only public addresses; tests add their stand-in server here.
ONEBOX_ALLOWED_NETWORKS = env.list("ONEBOX_ALLOWED_NETWORKS", default=[])
# 0 closes the whole site to search engines (robots.txt disallows everything).
SEARCH_ENGINES_ALLOWED = env.bool("SEARCH_ENGINES_ALLOWED", default=True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sites",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "constance",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.github",
    "taggit",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "accounts",
    "forum.core",
    "forum.safeguards",
    "forum.categories",
    "forum.topics",
    "forum.subscriptions",
    "forum.moderation",
    "forum.conversations",
    "forum.api",
    "forum.search",
    "forum.uploads",
    "forum.mailin",
    "anymail",
    "forum.discourse",
    "forum.seo",
    "forum.oneboxes",
    "forum.insights",
    "forum.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # NUL characters and bytes that are not UTF-8: a 400 before any view or query.
    "forum.core.middleware.RejectBadInputMiddleware",
    # /healthz answers here, without the page cache's lookups and the rest below.
    "forum.core.middleware.HealthzMiddleware",
    # Before sessions and auth: a hit for a signed-out visitor skips them all.
    "forum.core.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.MemberMiddleware",
]

ROOT_URLCONF = "forum.urls"
WSGI_APPLICATION = "forum.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            # `{% load heroicons %}` gets the same tags with each icon's markup
            # built once per process (the package parses its SVG on every use).
            # The package is not an installed app, so its own library of that
            # name is not registered beside this one (templates.W003).
            "libraries": {"heroicons": "forum.core.templatetags.icons"},
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "forum.core.context_processors.site",
                "forum.topics.context_processors.banner",
                "forum.subscriptions.context_processors.header_counts",
                "forum.moderation.context_processors.review_queue",
            ],
        },
    },
]

DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers run beside one writer; IMMEDIATE takes the write lock at
    # BEGIN so concurrent writers queue instead of failing with "database locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA foreign_keys=ON;"
        ),
    }
else:
    INSTALLED_APPS.append("django.contrib.postgres")
    # A database that stops answering must fail a request in seconds (a 503 page),
    # not hold every worker until gunicorn kills it.
    # 0 turns a timeout off (e.g. DATABASE_STATEMENT_TIMEOUT=0 for a long migration).
    DATABASES["default"]["OPTIONS"] = {
        "connect_timeout": env.int("DATABASE_CONNECT_TIMEOUT", default=3),
        "options": (
            "-c statement_timeout="
            f"{env.int('DATABASE_STATEMENT_TIMEOUT', default=20) * 1000}"
        ),
        **DATABASES["default"].get("OPTIONS", {}),
    }
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
# A Redis that hangs must not hang the pages: short socket timeouts, then the cache
# is skipped for CACHE_RETRY_SECONDS before it is tried again.
REDIS_CACHE_OPTIONS = {
    "socket_connect_timeout": env.float("CACHE_TIMEOUT", default=0.5),
    "socket_timeout": env.float("CACHE_TIMEOUT", default=0.5),
    "retry_seconds": env.float("CACHE_RETRY_SECONDS", default=2.0),
}
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis down is not site down: errors become misses (forum/core/cache.py).
            "BACKEND": "forum.core.cache.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "meridian",
            "OPTIONS": REDIS_CACHE_OPTIONS,
        }
    }
    # Signed-in requests read their session from Redis instead of the database.
    # Only with a shared cache: a per-process one would keep a signed-out session.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Rendered posts and topic rows (forum/topics/fragments.py), in each process: their
# keys name everything they show, so a change is a new key and needs no invalidation
# across processes; an old entry ages out.
FRAGMENT_CACHE = {
    "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
    "LOCATION": "fragments",
    "TIMEOUT": 3600,
    "OPTIONS": {"MAX_ENTRIES": env.int("FRAGMENT_CACHE_ENTRIES", default=20000)},
}
CACHES["fragments"] = FRAGMENT_CACHE

# The in-memory broker is only there for eager mode; naming a host keeps kombu
# from warning "No hostname was supplied" on every task.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
# With the broker down a request must not wait long to learn it: the reactions it
# could not queue stay in the outbox (forum/topics/outbox.py) for beat to replay.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {
    "max_retries": 2,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.5,
}
CELERY_TASK_IGNORE_RESULT = True
# A broker outage is waited out, however long, instead of ending the worker (whose
# supervisor would start it again anyway: docs/deployment.md). A task running when
# the connection drops is given back to the broker (acknowledged late), not kept.
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="celery")
CELERY_TIMEZONE = "UTC"
CELERY_BEAT_SCHEDULE = {
    "flush-topic-views": {"task": "forum.topics.tasks.flush_views", "schedule": 60.0},
    "drain-outbox": {"task": "forum.topics.tasks.drain_outbox", "schedule": 60.0},
    "close-solved-topics": {
        "task": "forum.topics.tasks.close_solved_topics",
        "schedule": crontab(minute=15),
    },
    "queue-overdue-emails": {
        "task": "forum.subscriptions.tasks.queue_overdue_emails",
        "schedule": 60.0,
    },
    "send-digests": {
        "task": "forum.subscriptions.tasks.send_digests",
        "schedule": crontab(minute=5),
    },
    "remove-orphan-uploads": {
        "task": "forum.uploads.tasks.remove_orphans",
        "schedule": crontab(minute=35),
    },
    "send-mailing-list": {
        "task": "forum.mailin.tasks.send_mailing_list",
        "schedule": 60.0,
    },
    "poll-imap": {"task": "forum.mailin.tasks.poll_imap", "schedule": 60.0},
    "purge-incoming-mail": {
        "task": "forum.mailin.tasks.purge_old_mail",
        "schedule": crontab(minute=30, hour=3),
    },
    "publish-weekly-digest": {
        "task": "forum.subscriptions.tasks.publish_weekly_digest",
        "schedule": crontab(minute=0, hour=6, day_of_week="mon"),
    },
}

EMAIL_URL = env.str("EMAIL_URL", default="")
if EMAIL_URL:
    vars().update(env.email_url("EMAIL_URL"))
else:
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = VAR_DIR / "mail"
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@meridian.invalid")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"

# Accounts: email + password with verification, and GitHub (accounts/adapters.py).
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
SOCIALACCOUNT_ADAPTER = "accounts.adapters.SocialAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
# Following the link in the confirmation mail is proof enough: it signs the
# person in (in the browser they signed up in) instead of asking again.
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_USERNAME_MIN_LENGTH = 3
ACCOUNT_USERNAME_BLACKLIST = ["deleted", "admin", "anonymous", "me", "moderators"]
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_PREVENT_ENUMERATION = False
ACCOUNT_RATE_LIMITS = {
    # Failed sign-ins per address (ip) and per account (key).
    "login_failed": env.str("SIGN_IN_RATE_LIMIT", default="10/m/ip,5/5m/key"),
    "signup": "20/m/ip",
}
SOCIALACCOUNT_QUERY_EMAIL = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # never sign in by a matching email
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_LOGIN_ON_GET = False
GITHUB_URL = env.str("GITHUB_URL", default="").rstrip("/")
SOCIALACCOUNT_PROVIDERS = {
    "github": {
        "APPS": [
            {
                "client_id": env.str("GITHUB_CLIENT_ID", default=""),
                "secret": env.str("GITHUB_CLIENT_SECRET", default=""),
            }
        ]
        if env.str("GITHUB_CLIENT_ID", default="")
        else [],
        "SCOPE": ["read:user", "user:email"],
        # GitHub Enterprise (and the tests' fake GitHub) live at another address.
        **({"GITHUB_URL": GITHUB_URL} if GITHUB_URL else {}),
    }
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
MEDIA_URL = "media/"
MEDIA_ROOT = VAR_DIR / "media"
# Uploads go to the `default` storage: files under MEDIA_ROOT, or an S3-compatible
# bucket shared by every web server when UPLOADS_S3_BUCKET is set (docs/deployment.md).
UPLOADS_S3_BUCKET = env.str("UPLOADS_S3_BUCKET", default="")
if UPLOADS_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": UPLOADS_S3_BUCKET,
            "endpoint_url": env.str("UPLOADS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("UPLOADS_S3_REGION", default="") or None,
            "access_key": env.str("UPLOADS_S3_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("UPLOADS_S3_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("UPLOADS_S3_PREFIX", default=""),
            # Every file is served through Meridian's permission check, never by
            # a public bucket URL.
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": True,
        },
    }

# Security: strict CSP everywhere; HTTPS-only cookies and HSTS outside DEBUG.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "https:", "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF, GITHUB_URL or "https://github.com"],
        "frame-ancestors": [NONE],
    }
}
BEHIND_TLS_PROXY = env.bool("BEHIND_TLS_PROXY", default=False)
# Behind the proxy every request comes from its address: sign-in rate limits
# (allauth) then read the visitor's address from the last X-Forwarded-For hop the
# proxy appended. Without a proxy that header is the client's to forge: ignored.
ALLAUTH_TRUSTED_PROXY_COUNT = (
    env.int("TRUSTED_PROXY_COUNT", default=1) if BEHIND_TLS_PROXY else 0
)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    if BEHIND_TLS_PROXY:
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The REST API (forum/api, docs/api.md): API keys or the session (with CSRF), JSON
# errors, and request rates per visitor, per user, and for writes.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "forum.api.authentication.BearerKeyAuthentication",
        "forum.api.authentication.DiscourseKeyAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticatedOrReadOnly",
        "forum.api.permissions.KeyAllowsMethod",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [
        "forum.api.parsers.JSONParser",
        "forum.api.parsers.FormParser",
        "forum.api.parsers.MultiPartParser",
    ],
    "DEFAULT_THROTTLE_CLASSES": [
        "forum.api.throttling.VisitorThrottle",
        "forum.api.throttling.UserThrottle",
        "forum.api.throttling.WriteThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_RATE_ANON", default="60/min"),
        "user": env.str("API_RATE_USER", default="300/min"),
        "write": env.str("API_RATE_WRITE", default="30/min"),
    },
    "EXCEPTION_HANDLER": "forum.api.exceptions.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "forum.api.schema.ApiAutoSchema",
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0),
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Meridian API",
    "DESCRIPTION": "Read and write the forum as a script. Guide: docs/api.md.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}

# Forum rules. Seeded guides quote these values, so they are read from here only.
FORUM_DISCLAIMER = env.str(
    "FORUM_DISCLAIMER",
    default=(
        "Opinions, statements and recommendations expressed on this forum are those "
        "of their authors and do not necessarily reflect the views of the project."
    ),
)
FORUM_GUIDELINES_URL = env.str("FORUM_GUIDELINES_URL", default="/guidelines")
FORUM_MIN_TITLE_LENGTH = env.int("FORUM_MIN_TITLE_LENGTH", default=15)
FORUM_MAX_TITLE_LENGTH = env.int("FORUM_MAX_TITLE_LENGTH", default=200)
FORUM_MIN_POST_LENGTH = env.int("FORUM_MIN_POST_LENGTH", default=20)
FORUM_MAX_POST_LENGTH = env.int("FORUM_MAX_POST_LENGTH", default=32000)
FORUM_MAX_TAGS_PER_TOPIC = env.int("FORUM_MAX_TAGS_PER_TOPIC", default=5)
FORUM_MAX_TAG_LENGTH = env.int("FORUM_MAX_TAG_LENGTH", default=30)
FORUM_NEW_USER_MAX_LINKS = env.int("FORUM_NEW_USER_MAX_LINKS", default=2)
FORUM_NEW_USER_MAX_IMAGES = env.int("FORUM_NEW_USER_MAX_IMAGES", default=1)
FORUM_NEW_USER_MAX_TOPICS_PER_DAY = env.int("FORUM_NEW_USER_MAX_TOPICS_PER_DAY", 3)
FORUM_NEW_USER_MAX_REPLIES_PER_DAY = env.int(
    "FORUM_NEW_USER_MAX_REPLIES_PER_DAY", default=10
)
FORUM_NEW_TOPIC_DAYS = env.int("FORUM_NEW_TOPIC_DAYS", default=2)
FORUM_EMAIL_DELAY = env.int("FORUM_EMAIL_DELAY", default=120)
# Effectively-once email (forum/subscriptions/services/emails.py): a sender's claim
# on an email lasts this long; past it, a sender that died mid-send is presumed
# dead and the email is sent again with the same Message-ID. It must stay well
# above an SMTP send (EMAIL_TIMEOUT bounds each step of one).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
FORUM_EMAIL_SEND_LEASE = env.int("FORUM_EMAIL_SEND_LEASE", default=300)
# A pending email still unsent this long after it was due (its task was lost, or
# the send failed) is queued again by beat's `queue-overdue-emails`.
FORUM_EMAIL_RETRY_SECONDS = env.int("FORUM_EMAIL_RETRY_SECONDS", default=120)
# Redis hands a task that was not acknowledged (its worker was killed) to another
# worker after this many seconds. Kombu's default hour left delayed emails parked
# that long; it must stay above the longest delay plus a task's run time, or a
# delayed task is handed out twice.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int(
        "CELERY_VISIBILITY_TIMEOUT", default=max(600, 3 * FORUM_EMAIL_DELAY)
    ),
}
# Rate limits by trust level: (new, basic, member and above).
FORUM_TOPICS_PER_DAY = env.list("FORUM_TOPICS_PER_DAY", cast=int, default=[3, 10, 20])
FORUM_REPLIES_PER_MINUTE = env.list(
    "FORUM_REPLIES_PER_MINUTE", cast=int, default=[2, 4, 6]
)
FORUM_FLAGS_PER_DAY = env.list("FORUM_FLAGS_PER_DAY", cast=int, default=[5, 10, 20])
FORUM_LIKES_PER_DAY = env.list("FORUM_LIKES_PER_DAY", cast=int, default=[30, 50, 100])
FORUM_MESSAGES_PER_HOUR = env.list(
    "FORUM_MESSAGES_PER_HOUR", cast=int, default=[5, 20, 40]
)
# Below this trust level (and while silenced) members message only staff,
# moderators and the groups that moderate a category.
FORUM_MESSAGE_MIN_TRUST_LEVEL = env.int("FORUM_MESSAGE_MIN_TRUST_LEVEL", default=1)
FORUM_DUPLICATE_POST_MINUTES = env.int("FORUM_DUPLICATE_POST_MINUTES", default=10)
FORUM_FLAGS_TO_HIDE = env.int("FORUM_FLAGS_TO_HIDE", default=3)
FORUM_SILENCE_DAYS = env.int("FORUM_SILENCE_DAYS", default=7)
FORUM_MIN_TITLE_WORDS = env.int("FORUM_MIN_TITLE_WORDS", default=2)
FORUM_MIN_DISTINCT_LETTERS = env.int("FORUM_MIN_DISTINCT_LETTERS", default=6)
FORUM_MAX_REPEATED_CHARACTERS = env.int("FORUM_MAX_REPEATED_CHARACTERS", default=6)
FORUM_TOPICS_PER_PAGE = env.int("FORUM_TOPICS_PER_PAGE", default=30)
FORUM_POSTS_PER_PAGE = env.int("FORUM_POSTS_PER_PAGE", default=20)
# How long an author may undo the deletion of their own reply (Discourse: 24 h).
FORUM_UNDO_DELETE_SECONDS = env.int("FORUM_UNDO_DELETE_SECONDS", default=86400)
# How long after starting a topic its author may change its title, category and
# tags, by trust level (the last value for every level above).
# A group with more members than this cannot be @mentioned (the post is refused).
FORUM_GROUP_MENTION_MAX_MEMBERS = env.int("FORUM_GROUP_MENTION_MAX_MEMBERS", default=50)
FORUM_TOPIC_EDIT_DAYS = env.list("FORUM_TOPIC_EDIT_DAYS", cast=int, default=[1, 7, 30])

# Accounts: avatars, trust levels (Discourse-like promotion) and sign-in.
FORUM_AVATAR_MAX_BYTES = env.int("FORUM_AVATAR_MAX_BYTES", default=2 * 1024 * 1024)
FORUM_AVATAR_MAX_PIXELS = env.int("FORUM_AVATAR_MAX_PIXELS", default=4096)
FORUM_TL1_MIN_TOPICS_ENTERED = env.int("FORUM_TL1_MIN_TOPICS_ENTERED", default=5)
FORUM_TL1_MIN_POSTS_READ = env.int("FORUM_TL1_MIN_POSTS_READ", default=30)
FORUM_TL1_MIN_MINUTES_READ = env.int("FORUM_TL1_MIN_MINUTES_READ", default=10)
FORUM_TL2_MIN_DAYS_VISITED = env.int("FORUM_TL2_MIN_DAYS_VISITED", default=15)
FORUM_TL2_MIN_TOPICS_ENTERED = env.int("FORUM_TL2_MIN_TOPICS_ENTERED", default=20)
FORUM_TL2_MIN_POSTS_READ = env.int("FORUM_TL2_MIN_POSTS_READ", default=100)
FORUM_TL2_MIN_MINUTES_READ = env.int("FORUM_TL2_MIN_MINUTES_READ", default=60)
FORUM_TL2_MIN_POSTS = env.int("FORUM_TL2_MIN_POSTS", default=3)
# A new member's digest (never, daily or weekly) and the hour it is sent at, in
# their time zone; each member may change theirs in their preferences.
FORUM_DIGEST_DEFAULT = env.str("FORUM_DIGEST_DEFAULT", default="weekly")
FORUM_DIGEST_HOUR = env.int("FORUM_DIGEST_HOUR", default=8)
if FORUM_DIGEST_DEFAULT not in ("never", "daily", "weekly"):
    raise ImproperlyConfigured("FORUM_DIGEST_DEFAULT must be never, daily or weekly.")
if not 0 <= FORUM_DIGEST_HOUR <= 23:
    raise ImproperlyConfigured("FORUM_DIGEST_HOUR must be an hour from 0 to 23.")

# Live settings: staff change these in admin (Live settings) without a restart;
# each default is the value above, from the environment (forum/core/live.py).
CONSTANCE_BACKEND = "constance.backends.database.DatabaseBackend"
CONSTANCE_SUPERUSER_ONLY = False
CONSTANCE_ADDITIONAL_FIELDS = {
    "per_trust_level": [
        "django.forms.CharField",
        {
            "validators": [
                RegexValidator(
                    r"^\d{1,6}(,\d{1,6}){2}$",
                    "Three whole numbers separated by commas: new, basic, member.",
                )
            ]
        },
    ],
    "digest_frequency": [
        "django.forms.ChoiceField",
        {"choices": [(value, value) for value in ("never", "daily", "weekly")]},
    ],
    "hour_of_day": ["django.forms.IntegerField", {"min_value": 0, "max_value": 23}],
}
LIVE_SETTINGS = {
    "Site": {
        "SITE_NAME": "The forum's name in the header, titles and emails.",
        "SITE_DESCRIPTION": "What search engines and link previews show for pages "
        "without text of their own.",
        "FORUM_DISCLAIMER": "The notice under every page.",
    },
    "Rate limits (new, basic, member and above)": {
        "FORUM_TOPICS_PER_DAY": "New topics per day.",
        "FORUM_REPLIES_PER_MINUTE": "Replies per minute.",
        "FORUM_FLAGS_PER_DAY": "Flags per day.",
        "FORUM_LIKES_PER_DAY": "Likes per day.",
        "FORUM_MESSAGES_PER_HOUR": "Personal messages per hour.",
    },
    "Titles and posts": {
        "FORUM_MIN_TITLE_LENGTH": "Shortest title, in characters.",
        "FORUM_MAX_TITLE_LENGTH": "Longest title, in characters.",
        "FORUM_MIN_POST_LENGTH": "Shortest post, in characters.",
        "FORUM_MAX_POST_LENGTH": "Longest post, in characters.",
        "FORUM_TOPIC_EDIT_DAYS": "Days after starting a topic that its author may "
        "change its title, category and tags.",
    },
    "New members and trust levels": {
        "FORUM_NEW_USER_MAX_TOPICS_PER_DAY": "New topics per day by a new member.",
        "FORUM_NEW_USER_MAX_REPLIES_PER_DAY": "Replies per day by a new member.",
        "FORUM_NEW_USER_MAX_LINKS": "Links to other sites in one post by a new member.",
        "FORUM_NEW_USER_MAX_IMAGES": "Images in one post by a new member.",
        "FORUM_TL1_MIN_TOPICS_ENTERED": "Trust level 1: topics entered.",
        "FORUM_TL1_MIN_POSTS_READ": "Trust level 1: posts read.",
        "FORUM_TL1_MIN_MINUTES_READ": "Trust level 1: minutes spent reading.",
        "FORUM_TL2_MIN_DAYS_VISITED": "Trust level 2: days visited.",
        "FORUM_TL2_MIN_TOPICS_ENTERED": "Trust level 2: topics entered.",
        "FORUM_TL2_MIN_POSTS_READ": "Trust level 2: posts read.",
        "FORUM_TL2_MIN_MINUTES_READ": "Trust level 2: minutes spent reading.",
        "FORUM_TL2_MIN_POSTS": "Trust level 2: posts written.",
    },
    "Email": {
        "FORUM_EMAIL_DELAY": "Seconds before a post's notification email is sent "
        "(not sent if the post was read by then).",
        "FORUM_DIGEST_DEFAULT": "A new member's summary email of popular topics.",
        "FORUM_DIGEST_HOUR": "The hour a new member's digest is sent at, in their "
        "time zone.",
    },
}
# Live settings whose form field is not the one of their default's type.
LIVE_FIELDS = {
    "FORUM_DIGEST_DEFAULT": "digest_frequency",
    "FORUM_DIGEST_HOUR": "hour_of_day",
}


def _live_default(name: str):
    value = globals()[name]
    return ",".join(map(str, value)) if isinstance(value, list) else value


def _live_field(name: str) -> tuple:
    if name in LIVE_FIELDS:
        return (LIVE_FIELDS[name],)
    if isinstance(globals()[name], list):
        return ("per_trust_level",)
    return ()


CONSTANCE_CONFIG = {
    name: (_live_default(name), help_text, *_live_field(name))
    for group in LIVE_SETTINGS.values()
    for name, help_text in group.items()
}
CONSTANCE_CONFIG_FIELDSETS = {
    title: list(group) for title, group in LIVE_SETTINGS.items()
}
# Discourse's user API keys (docs/discourse.md): the addresses /user-api-key/new
# may send a granted key to (by prefix; encrypted for the application alone).
# Without an auth_redirect the page shows the encrypted key to paste instead.
DISCOURSE_USER_API_AUTH_REDIRECTS = env.list(
    "DISCOURSE_USER_API_AUTH_REDIRECTS", default=["discourse://auth_redirect"]
)

# Seconds a page rendered for signed-out visitors is served to the next ones (0: off).
FORUM_ANON_CACHE_SECONDS = env.int("FORUM_ANON_CACHE_SECONDS", default=60)

# Search: Whoosh files under VAR_DIR by default, PostgreSQL full-text search when
# the database is PostgreSQL; SEARCH_BACKEND overrides (docs/search.md).
_ON_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
SEARCH_BACKEND = env.str("SEARCH_BACKEND", default="") or (
    "postgres" if _ON_POSTGRES else "whoosh"
)
if SEARCH_BACKEND not in ("whoosh", "postgres"):
    raise ImproperlyConfigured("SEARCH_BACKEND must be 'whoosh' or 'postgres'.")
if SEARCH_BACKEND == "postgres" and not _ON_POSTGRES:
    raise ImproperlyConfigured("SEARCH_BACKEND=postgres needs a PostgreSQL database.")
SEARCH_INDEX_DIR = VAR_DIR / "search"
SEARCH_RESULTS_PER_PAGE = env.int("SEARCH_RESULTS_PER_PAGE", default=20)

# Uploads (forum/uploads, docs/settings.md). Limits per trust level are lists:
# new, basic, member and above; staff and moderators are never limited.
FORUM_UPLOAD_KINDS = env.list(
    "FORUM_UPLOAD_KINDS",
    default=[
        "png", "jpg", "gif", "webp", "pdf", "txt", "csv", "json", "ipynb", "fits",
        "zip",
    ],
)  # fmt: skip
FORUM_UPLOAD_MIN_TRUST_LEVEL = env.int("FORUM_UPLOAD_MIN_TRUST_LEVEL", default=1)
FORUM_UPLOAD_MAX_IMAGE_MB = env.float("FORUM_UPLOAD_MAX_IMAGE_MB", default=4)
FORUM_UPLOAD_MAX_FILE_MB = env.float("FORUM_UPLOAD_MAX_FILE_MB", default=8)
FORUM_UPLOAD_DAILY_MB = env.list(
    "FORUM_UPLOAD_DAILY_MB", cast=float, default=[0, 25, 100]
)
FORUM_UPLOAD_MAX_MEGAPIXELS = env.float("FORUM_UPLOAD_MAX_MEGAPIXELS", default=40)
FORUM_UPLOAD_MAX_FRAMES = env.int("FORUM_UPLOAD_MAX_FRAMES", default=100)
FORUM_UPLOAD_THUMBNAIL_WIDTH = env.int("FORUM_UPLOAD_THUMBNAIL_WIDTH", default=690)
FORUM_UPLOAD_ORPHAN_HOURS = env.int("FORUM_UPLOAD_ORPHAN_HOURS", default=24)

# Mail in (forum/mailin, docs/deployment.md): replies and new topics by email,
# mailing-list mode and bounces. Without FORUM_INCOMING_DOMAIN no mail carries a
# reply or bounce address, since nothing would receive it.
FORUM_INCOMING_DOMAIN = env.str("FORUM_INCOMING_DOMAIN", default="")
FORUM_MAILIN_HOST = env.str("FORUM_MAILIN_HOST", default="127.0.0.1")
FORUM_MAILIN_PORT = env.int("FORUM_MAILIN_PORT", default=2525)
FORUM_MAILIN_MAX_BYTES = env.int("FORUM_MAILIN_MAX_BYTES", default=10 * 1024 * 1024)
FORUM_MAILIN_KEEP_DAYS = env.int("FORUM_MAILIN_KEEP_DAYS", default=14)
FORUM_MAILIN_REPLIES_PER_HOUR = env.int("FORUM_MAILIN_REPLIES_PER_HOUR", default=3)
FORUM_BOUNCE_THRESHOLD = env.int("FORUM_BOUNCE_THRESHOLD", default=3)
FORUM_MAILING_LIST_DAILY_CAP = env.int("FORUM_MAILING_LIST_DAILY_CAP", default=100)
# A mailbox to poll each minute instead (imaps://user:pass@host/INBOX); empty: none.
FORUM_IMAP_URL = env.str("FORUM_IMAP_URL", default="")
# Provider webhooks (/anymail/<provider>/inbound/) are served only with a secret.
ANYMAIL = {"WEBHOOK_SECRET": env.str("ANYMAIL_WEBHOOK_SECRET", default="") or None}
