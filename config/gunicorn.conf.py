"""gunicorn settings for Rake in production (docs/deployment.md).

    gunicorn -c config/gunicorn.conf.py

The environment chooses the rest: DJANGO_SETTINGS_MODULE=config.settings.production, SECRET_KEY,
ALLOWED_HOSTS, DATABASE_URL, REDIS_URL (README "Configuration"). Options given on the command line win
over these (`make prod-check` binds to a free loopback port that way).
"""

import multiprocessing
import os

wsgi_app = "config.wsgi:application"

# Loopback only: the reverse proxy in front (nginx) terminates TLS and is the only client. A Unix socket
# works too: GUNICORN_BIND=unix:/run/rake/gunicorn.sock.
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")

# Sync workers: Rake's requests are short database work, and the slow ones (a report's PDF, about a second;
# docs/benchmarks.md) are CPU, which threads would not speed up. Two per core, and one more, unless
# WEB_CONCURRENCY says otherwise; every worker holds its own database connection.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"

# A request still running after this is killed and answered 502 by the proxy: longer than publishing a
# report takes on a busy machine, short enough that a stuck worker comes back.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
# On SIGTERM (systemctl stop/restart), requests in progress get this long to finish.
graceful_timeout = 30

# A worker is replaced after about this many requests, so that memory a long-lived process gathers (the
# reference data's copies are small, WeasyPrint's caches are not) is given back.
max_requests = 2000
max_requests_jitter = 200

# Import the application once in the master: workers start fast and share its memory pages. A code
# upgrade needs a restart then (not a HUP), which docs/deployment.md's upgrade steps do anyway.
preload_app = True

# Only the proxy on this host may say that a request came over HTTPS (X-Forwarded-Proto) to gunicorn;
# Django reads the same header itself (SECURE_PROXY_SSL_HEADER), which is why gunicorn must not be
# reachable except through the proxy.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Logs to standard error, where systemd's journal collects them; the proxy logs the requests.
accesslog = None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
