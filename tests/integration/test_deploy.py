"""Production settings pass Django's deploy checks with no warning, and refuse to start
without their secrets."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _manage(*args, env_overrides):
    # A deployment has none of the test run's own settings (the browser tests, for one, allow
    # Django's ORM inside Playwright's event loop).
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("JOINEDUP_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env |= {"DJANGO_SETTINGS_MODULE": "joinedup.config.settings.production"} | env_overrides
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=120,
    )


def test_check_deploy_is_clean_in_production_settings(tmp_path):
    result = _manage(
        "check",
        "--deploy",
        "--fail-level",
        "DEBUG",
        env_overrides={
            "JOINEDUP_SECRET_KEY": "k7#" + "x9Qz!" * 12,
            "JOINEDUP_ALLOWED_HOSTS": "joinedup.example.nhs.uk",
            "JOINEDUP_DATABASE_URL": "postgresql://joinedup@db.example.nhs.uk:5432/joinedup",
            "JOINEDUP_VAR_DIR": str(tmp_path),
        },
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _manage(
        "check",
        env_overrides={
            "JOINEDUP_ALLOWED_HOSTS": "x.example",
            "JOINEDUP_DATABASE_URL": "postgresql://joinedup@localhost/joinedup",
            "JOINEDUP_VAR_DIR": str(tmp_path),
        },
    )
    assert result.returncode != 0
    assert "JOINEDUP_SECRET_KEY is not set" in result.stderr
