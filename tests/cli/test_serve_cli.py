"""``greatjobs serve`` runs the production server: gunicorn worker processes serving the pages
and the static files, stopping cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.web

GREATJOBS = Path(sys.executable).parent / "greatjobs"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> tuple[int, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


@pytest.mark.slow
def test_serve_runs_gunicorn_workers_that_serve_pages_and_static_files(own_home, tmp_path):
    port = _free_port()
    env = {**os.environ, "GREATJOBS_HOME": str(own_home.root)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    log = (tmp_path / "server.log").open("w+")
    server = subprocess.Popen(
        [str(GREATJOBS), "serve", "--port", str(port), "--workers", "2", "--threads", "2"],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                status, page = _get(f"{base}/accounts/sign-in/")
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the server did not start: " + (tmp_path / "server.log").read_text())
        assert status == 200 and b"Sign in" in page
        status, css = _get(f"{base}/static/greatjobs/greatjobs.css")
        assert status == 200 and b".greatjobs-table-scroll" in css
        assert _get(f"{base}/places/")[0] == 200  # the sign-in page, after a redirect
    finally:
        server.send_signal(signal.SIGTERM)
        code = server.wait(timeout=60)
        log.close()
    output = (tmp_path / "server.log").read_text()
    assert "Using worker: gthread" in output
    assert output.count("Booting worker with pid") >= 2
    assert '"GET /accounts/sign-in/ HTTP/1.1" 200' in output
    assert code == 0


def test_the_server_is_configured_for_many_users():
    from greatjobs.web.server import server_options

    options = server_options("127.0.0.1:8000", workers=3, threads=4)
    assert options["worker_class"] == "gthread"
    assert (options["workers"], options["threads"]) == (3, 4)
    assert options["timeout"] >= 60  # a district's first diagnosis takes seconds
    assert options["max_requests"] > 0
