"""Migrations are complete, production settings are secure, and the web CLI sets up the app."""

from __future__ import annotations

import os
import secrets
import socket
import subprocess
import sys
import time
import urllib.request
from io import StringIO

import pytest
from django.core.management import call_command

CLI = [sys.executable, "-c", "from greatjobs.cli.main import main; main()"]


def _env(tmp_path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("GREATJOBS_", "DATABASE_", "DJANGO_"))
    }
    env.update(GREATJOBS_HOME=str(tmp_path), DJANGO_SETTINGS_MODULE="greatjobs.web.settings")
    env.update(extra)
    return env


@pytest.mark.django_db
def test_makemigrations_check():
    out = StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


def test_check_deploy_passes_in_production_mode(tmp_path):
    env = _env(
        tmp_path,
        GREATJOBS_PRODUCTION="1",
        GREATJOBS_SECRET_KEY=secrets.token_urlsafe(64),
        GREATJOBS_ALLOWED_HOSTS="greatjobs.example.org",
    )
    result = subprocess.run(
        [sys.executable, "-m", "django", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stderr + result.stdout


def test_production_refuses_a_weak_secret_key(tmp_path):
    env = _env(tmp_path, GREATJOBS_PRODUCTION="1", GREATJOBS_SECRET_KEY="short")
    result = subprocess.run(
        [*CLI, "web", "manage", "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "GREATJOBS_SECRET_KEY" in result.stderr


def test_the_number_of_proxies_must_be_a_number(tmp_path):
    env = _env(tmp_path, GREATJOBS_BEHIND_PROXY="yes")
    result = subprocess.run(
        [*CLI, "web", "manage", "check"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode != 0
    assert "GREATJOBS_BEHIND_PROXY must be a whole number" in result.stderr


def test_web_setup_creates_roles_and_prints_demo_logins(tmp_path):
    result = subprocess.run(
        [*CLI, "web", "setup"], env=_env(tmp_path), capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "roles: admin, analyst, commissioner, assessor, supplier, employer" in result.stdout
    for role in ("admin", "analyst", "commissioner", "supplier"):
        assert f"{role}-demo-password" in result.stdout
    assert (tmp_path / "app.sqlite3").is_file()


def test_web_setup_in_production_creates_no_demo_users(tmp_path):
    env = _env(
        tmp_path,
        GREATJOBS_PRODUCTION="1",
        GREATJOBS_SECRET_KEY=secrets.token_urlsafe(64),
    )
    result = subprocess.run(
        [*CLI, "web", "setup"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert "demo-password" not in result.stdout
    assert "No demo users created" in result.stdout


@pytest.mark.slow
def test_collectstatic_works_in_production_mode(tmp_path):
    env = _env(tmp_path, GREATJOBS_PRODUCTION="1", GREATJOBS_SECRET_KEY=secrets.token_urlsafe(64))
    result = subprocess.run(
        [*CLI, "web", "manage", "collectstatic", "--noinput"],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    vendor = tmp_path / "static" / "vendor" / "govuk-frontend"
    assert list(vendor.glob("govuk-frontend.min.*.css")), "hashed GOV.UK Frontend stylesheet"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_migrates_collects_static_and_serves_pages(tmp_path):
    port = _free_port()
    server = subprocess.Popen(
        [*CLI, "serve", "--port", str(port)],
        env=_env(tmp_path),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                page = urllib.request.urlopen(f"{base}/accounts/sign-in/", timeout=2).read()
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("greatjobs serve did not start")
        assert b"Sign in to greatjobs" in page
        css = urllib.request.urlopen(
            f"{base}/static/vendor/govuk-frontend/govuk-frontend.min.css", timeout=5
        )
        assert css.status == 200
        assert (tmp_path / "app.sqlite3").is_file()
        assert (tmp_path / "static" / "greatjobs" / "greatjobs.css").is_file()
    finally:
        server.terminate()
        server.wait(timeout=30)
