"""Settings for the test suite: fast hashing, plain static storage."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-insecure-key-not-for-production-use-0123456789abcdef"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Fast hashing for the hundreds of test users; tests/unit/test_accounts.py checks that the
# real settings hash with Argon2.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files straight from the apps' folders: no collectstatic step needed.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Background tasks run at once, inside the request, unless a test chooses the database queue.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Files the tests submit go to a fresh folder per run, never to the checkout's var/.
DATA_DIR = Path(tempfile.mkdtemp(prefix="joinedup-test-data-"))  # noqa: F405
# Typesetting a PDF per submitted file would triple the time of the submission tests; the
# tests that need one turn this back on.
SUBMISSION_PDF_REPORTS = False
