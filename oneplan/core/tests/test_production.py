"""Production mode: settings from the environment, `check --deploy` clean."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def run_manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    environment.update(env)
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=ROOT,
        check=False,
    )


def test_check_deploy_is_clean_in_production(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY="x" * 64 + "-production-secret-from-the-environment",
        ALLOWED_HOSTS="oneplan.example.go.th",
        STATIC_ROOT=str(tmp_path),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_development_defaults_fail_the_deploy_check():
    """Without SECRET_KEY the settings are the development ones, which must not pass."""
    result = run_manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode != 0


def test_production_settings_come_from_the_environment(tmp_path):
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['ENGINE'], s.SESSION_COOKIE_SECURE)"
    )
    result = run_manage(
        "shell",
        "-c",
        code,
        SECRET_KEY="y" * 60,
        ALLOWED_HOSTS="a.example,b.example",
        DATABASE_URL="postgres://u@db.example:5432/oneplan",
        STATIC_ROOT=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "False ['a.example', 'b.example'] django.db.backends.postgresql True"
    )
