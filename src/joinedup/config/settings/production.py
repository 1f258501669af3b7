"""Production: every secret and host from the environment; HTTPS only.

Required: JOINEDUP_SECRET_KEY, JOINEDUP_ALLOWED_HOSTS (comma-separated), JOINEDUP_DATABASE_URL.
"""

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403


def _require(name: str) -> str:
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(
            f"{name} is not set. Production settings take it from the environment; "
            "see README.md, 'Running in production'."
        )
    return value


DEBUG = False
# Production runs on PostgreSQL; the embedded SQLite file is for demos and laptops.
_require("JOINEDUP_DATABASE_URL")
SECRET_KEY = _require("JOINEDUP_SECRET_KEY")
ALLOWED_HOSTS = [h.strip() for h in _require("JOINEDUP_ALLOWED_HOSTS").split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [f"https://{host}" for host in ALLOWED_HOSTS]

SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
