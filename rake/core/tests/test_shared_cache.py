"""With REDIS_URL set, every worker process counts in one cache (ADR 0014): an API throttle holds across them.

Each "worker" is a separate Python process with the base settings (not the test settings, which keep a
local-memory cache per process) that sends anonymous API requests through Django's test client. The
throttle allows 3 a day, so the processes' start-up time does not matter.
"""

import json
import os
import secrets
import socket
import subprocess
import sys
from urllib.parse import urlsplit

import pytest
from django.conf import settings

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
# A public endpoint with no throttle scope of its own and no database query.
SCHEMA_URL = "/api/v1/exports/national/schema"

WORKER = """
import json
import sys

import django

django.setup()
from django.test import Client

from rake.core.reference_cache import publish_change, shared_version

url, count, action = sys.argv[1], int(sys.argv[2]), sys.argv[3]
client = Client()
statuses = [client.get(url).status_code for _ in range(count)]
if action == "publish":
    publish_change("areas")
print(json.dumps({"statuses": statuses, "version": shared_version("areas")}))
"""


def redis_reachable(url):
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(64).startswith((b"+PONG", b"-NOAUTH"))
    except OSError:
        return False


needs_redis = pytest.mark.skipif(
    not redis_reachable(REDIS_URL),
    reason=f"no Redis answers at {REDIS_URL} (set REDIS_URL, or start redis-server on 127.0.0.1:6379)",
)


@pytest.fixture
def worker_environment(tmp_path):
    prefix = f"rake-test-{secrets.token_hex(6)}"
    environment = {
        "PATH": os.environ.get("PATH", ""),
        "DJANGO_SETTINGS_MODULE": "config.settings.base",
        "DEBUG": "0",
        "RAKE_VAR_DIR": str(tmp_path),
        "RAKE_THROTTLE_ANON": "3/day",
        "RAKE_CACHE_KEY_PREFIX": prefix,
    }
    yield environment
    if "REDIS_URL" in environment:
        import redis

        server = redis.Redis.from_url(environment["REDIS_URL"])
        keys = list(server.scan_iter(match=f"{prefix}:*"))
        if keys:
            server.delete(*keys)


def worker(environment, count, action="read"):
    """(statuses of `count` requests, the shared version of the areas afterwards) of one new process."""
    result = subprocess.run([sys.executable, "-c", WORKER, SCHEMA_URL, str(count), action], cwd=settings.BASE_DIR,
                            env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    answer = json.loads(result.stdout.strip().splitlines()[-1])
    return answer["statuses"], answer["version"]


@needs_redis
def test_the_api_throttle_and_reference_versions_hold_across_worker_processes_with_redis(worker_environment):
    worker_environment["REDIS_URL"] = REDIS_URL

    first, published = worker(worker_environment, 2, "publish")
    second, read = worker(worker_environment, 2)

    assert first == [200, 200]
    assert second == [200, 429]  # the third request of the address, counted by the other process
    # A change of reference data one process published is what the other compares its copy with.
    assert published is not None and read == published


def test_without_redis_each_process_counts_for_itself(worker_environment):
    """What REDIS_URL changes: with the local-memory cache the second process starts from zero."""
    first, _ = worker(worker_environment, 2)
    second, _ = worker(worker_environment, 2)

    assert first == [200, 200]
    assert second == [200, 200]
