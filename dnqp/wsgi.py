"""WSGI entry point for gunicorn: ``gunicorn dnqp.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "dnqp.settings")

application = get_wsgi_application()
