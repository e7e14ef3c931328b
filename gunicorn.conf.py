"""gunicorn settings for DNQP (``gunicorn dnqp.wsgi -c gunicorn.conf.py``); see docs/DEPLOY.md.

Every value can be overridden by an environment variable (or a command-line flag, which wins).
"""

import gc
import os

# Behind the load balancer / reverse proxy; loopback by default so nothing is exposed by accident.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Processes: the app is CPU-bound Python, so about one worker per core (docs/PERFORMANCE.md measured
# 2 workers on 2 cores). WEB_CONCURRENCY is gunicorn's own variable.
workers = int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 2))
# Threads per worker: a long CSV download (a million rows take a few seconds) does not hold up the
# other requests of its worker, and the main thread keeps the heartbeat going.
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))

# A request that takes longer than this is killed (the largest export streams in well under it).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
keepalive = 5

# Restart each worker now and then, so a slow leak can never grow without bound.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", 5000))
max_requests_jitter = 500

# Load the application once in the master, then fork: faster worker start and shared memory.
# Database connections are opened lazily by each worker (Django opens none at import).
preload_app = True


def pre_fork(server, worker):
    """The application is loaded in the master (``preload_app``): its objects go into the permanent generation
    before each worker is forked, so that a worker's full garbage collections walk only what the worker itself
    created (docs/PERFORMANCE.md, "Design choices"), and the master's memory pages stay shared."""
    gc.freeze()


# Requests are logged by the proxy; errors go to stderr (collected by the service manager).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")

# Trust X-Forwarded-* only from the proxy in front (set to its address; see DJANGO_BEHIND_PROXY).
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
