"""WSGI entry point: ``gunicorn greatjobs.web.wsgi`` (or ``greatjobs serve`` for a demo)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greatjobs.web.settings")
application = get_wsgi_application()
