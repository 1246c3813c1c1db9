"""The production server: gunicorn running the web app in worker processes.

``greatjobs serve`` starts it; a deployment may instead run ``gunicorn greatjobs.web.wsgi`` with
the same settings (see the README). Static files are served by WhiteNoise inside the app, so no
other server is needed on one machine; behind a reverse proxy, the proxy passes everything on.
"""

from __future__ import annotations

from typing import Any

from gunicorn.app.base import BaseApplication


class _Server(BaseApplication):
    def __init__(self, options: dict[str, Any]) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self) -> Any:
        from greatjobs.web.wsgi import application

        return application


def server_options(bind: str, workers: int, threads: int) -> dict[str, Any]:
    return {
        "bind": bind,
        "workers": workers,
        "threads": threads,
        "worker_class": "gthread",
        # The app is loaded once, then the workers are forked from it (less memory, quicker
        # start); it opens no database or warehouse connection while loading.
        "preload_app": True,
        # A cold district diagnosis takes seconds; a worker is only stuck after two minutes.
        "timeout": 120,
        "graceful_timeout": 30,
        "keepalive": 5,
        # Workers are replaced now and then, so a slow leak can never grow without bound.
        "max_requests": 2000,
        "max_requests_jitter": 200,
        "accesslog": "-",
        "access_log_format": '%(h)s "%(r)s" %(s)s %(b)s %(M)sms',
        "control_socket_disable": True,
    }


def run_server(bind: str, workers: int, threads: int) -> None:
    """Serve until stopped (Ctrl+C or SIGTERM, after which requests in flight finish)."""
    _Server(server_options(bind, workers, threads)).run()
