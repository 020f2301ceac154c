#!/usr/bin/env python3
"""make prod-check: serve Rake as in production and check that it answers as a deployment must.

Rake runs with config.settings.production under gunicorn (config/gunicorn.conf.py, two workers) on a free
port of 127.0.0.1, on a database made for the run and dropped after it: a SQLite file in a temporary folder,
or, when DATABASE_URL names a PostgreSQL server, a database `rake_prod_check_<random>` created on that
server. `manage.py migrate` and `manage.py collectstatic` prepare it as the upgrade steps of
docs/deployment.md do. REDIS_URL, when set, is used as in production (with a key prefix of the run's own).

Requests carry `X-Forwarded-Proto: https`, as the reverse proxy in front of Rake sends it
(SECURE_PROXY_SSL_HEADER); one without it must be redirected to https://. Checked:

- pages: the front page and the login page answer 200 with the security headers, the login page sets the
  `__Host-` CSRF cookie, the public county page answers, a host outside ALLOWED_HOSTS is refused;
- static files: every file a page links has a hashed name, answers with "Cache-Control: max-age" of at
  least a year and "immutable", and its stylesheets and scripts come Brotli- or gzip-compressed with
  Content-Encoding when Accept-Encoding asks (the same bytes once decompressed), uncompressed otherwise;
  a file's unhashed name is not served;
- the API: the OpenAPI schema as JSON, an unauthenticated request answered 401 in JSON, and the API
  documentation page with the files it loads; with REDIS_URL, that the token endpoint's throttle (5 a
  minute for the run) refuses the sixth request, whichever of the workers takes each.

Exits 0 when every check passes; otherwise prints what failed and the end of gunicorn's log, and exits 1.
Needs no network: everything is on 127.0.0.1.
"""

import argparse
import gzip
import http.client
import json
import os
import re
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import brotli

import soak_harness

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ONE_YEAR_S = 365 * 24 * 3600
HOST = "127.0.0.1"
# A name collectstatic gives a file: its stem, the first 12 hex digits of its content's MD5, its suffix.
HASHED_NAME = re.compile(r"\.[0-9a-f]{12}\.[A-Za-z0-9]+$")
# A host outside ALLOWED_HOSTS.
REFUSED_HOST = "rake.example.org"
# The token endpoint's throttle for the run: with REDIS_URL, request TOKEN_RATE + 1 must be refused.
TOKEN_RATE = 5
STATIC_LINK = re.compile(r"""(?:href|src)=["'](/static/[^"'?#]+)["']""")


class TemporaryDatabase:
    """A database for the run: SQLite in `folder`, or a new database on DATABASE_URL's PostgreSQL server."""

    def __init__(self, database_url, folder):
        self.server_url = None
        if not database_url or not database_url.startswith(("postgres://", "postgresql://")):
            self.url = f"sqlite:///{Path(folder) / 'rake.sqlite3'}"
            self.label = "a temporary SQLite file"
            return
        parts = urlsplit(database_url)
        self.name = f"rake_prod_check_{secrets.token_hex(4)}"
        self.server_url = urlunsplit(parts._replace(path="/postgres"))
        self.url = urlunsplit(parts._replace(path=f"/{self.name}"))
        self.label = f"a temporary PostgreSQL database {self.name} on {parts.hostname}:{parts.port or 5432}"

    def _execute(self, statement):
        import psycopg
        from psycopg import sql

        with psycopg.connect(self.server_url, autocommit=True, connect_timeout=10) as connection:
            connection.execute(sql.SQL(statement).format(sql.Identifier(self.name)))

    def create(self):
        if self.server_url:
            self._execute("CREATE DATABASE {}")

    def drop(self):
        if self.server_url:
            self._execute("DROP DATABASE IF EXISTS {} WITH (FORCE)")


def environment(database_url, folder):
    """The production settings with what a deployment sets (README "Configuration"), for this run only."""
    env = dict(os.environ)
    for name in ("DEBUG", "SECURE_SSL_REDIRECT", "RAKE_STATIC_ROOT", "RAKE_CACHE_KEY_PREFIX"):
        env.pop(name, None)
    env.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "prod-check-" + secrets.token_urlsafe(48),  # a throwaway key for a throwaway database
        "ALLOWED_HOSTS": HOST,
        "RAKE_VAR_DIR": str(folder),
        "RAKE_STATIC_ROOT": str(Path(folder) / "static"),
        "RAKE_CACHE_KEY_PREFIX": "rake-prod-check-" + secrets.token_hex(4),
        "RAKE_THROTTLE_AUTH_TOKEN": f"{TOKEN_RATE}/min",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    })
    return env


def forget_cache(env):
    """Remove the run's keys from Redis (throttle counts would expire within a minute anyway)."""
    if not env.get("REDIS_URL"):
        return
    import redis

    server = redis.Redis.from_url(env["REDIS_URL"], socket_timeout=5)
    keys = list(server.scan_iter(match=f"{env['RAKE_CACHE_KEY_PREFIX']}:*"))
    if keys:
        server.delete(*keys)


def manage(env, *arguments):
    began = time.monotonic()
    result = subprocess.run([PYTHON, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=600)
    if result.returncode != 0:
        raise SystemExit(f"prod-check: FAILED: manage.py {' '.join(arguments)} exited with {result.returncode}:\n"
                         f"{result.stdout[-3000:]}{result.stderr[-3000:]}")
    print(f"prod-check: manage.py {' '.join(arguments)} ({time.monotonic() - began:.1f} s)")


class Answer:
    def __init__(self, response):
        self.status = response.status
        self.headers = response.headers
        self.body = response.read()

    def header(self, name):
        return self.headers.get(name, "")

    def text(self):
        return self.body.decode("utf-8", "replace")


class Checks:
    def __init__(self, port, *, shared_cache):
        self.port = port
        self.shared_cache = shared_cache
        self.failures = []
        self.passed = 0

    def get(self, path, *, https=True, host=HOST, method="GET", body=None, **headers):
        """One request with exactly these headers: no redirect followed, nothing decompressed."""
        connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            sent = {"Host": host, "Accept-Language": "fi", **headers}
            if https:
                sent["X-Forwarded-Proto"] = "https"
            connection.request(method, path, body=body, headers=sent)
            return Answer(connection.getresponse())
        finally:
            connection.close()

    def expect(self, condition, what):
        if condition:
            self.passed += 1
        else:
            self.failures.append(what)
        return condition

    def page(self, path, *, contains=()):
        answer = self.get(path)
        ok = self.expect(answer.status == 200, f"{path}: status {answer.status}, expected 200")
        if not ok:
            return answer
        self.expect(answer.header("Content-Type").startswith("text/html"),
                    f"{path}: Content-Type {answer.header('Content-Type')!r}, expected text/html")
        self.expect("default-src 'self'" in answer.header("Content-Security-Policy"),
                    f"{path}: no Content-Security-Policy with default-src 'self'")
        self.expect(answer.header("Strict-Transport-Security").startswith("max-age="),
                    f"{path}: no Strict-Transport-Security")
        self.expect(answer.header("X-Content-Type-Options") == "nosniff", f"{path}: no X-Content-Type-Options")
        for text in contains:
            self.expect(text in answer.text(), f"{path}: the page does not contain {text!r}")
        return answer

    def static_files(self, page_path, answer, *, at_least):
        links = sorted(set(STATIC_LINK.findall(answer.text())))
        self.expect(len(links) >= at_least,
                    f"{page_path}: links {len(links)} static files, expected at least {at_least}: {links}")
        for link in links:
            self.static_file(link)
        return links

    def static_file(self, path):
        plain = self.get(path)
        if not self.expect(plain.status == 200, f"{path}: status {plain.status}, expected 200"):
            return
        self.expect(HASHED_NAME.search(path), f"{path}: not a hashed (cache-busting) name")
        cache_control = plain.header("Cache-Control")
        max_age = re.search(r"max-age=(\d+)", cache_control)
        self.expect(max_age and int(max_age.group(1)) >= ONE_YEAR_S and "immutable" in cache_control,
                    f"{path}: Cache-Control {cache_control!r}, expected max-age of at least a year and immutable")
        self.expect(not plain.header("Content-Encoding"),
                    f"{path}: Content-Encoding {plain.header('Content-Encoding')!r} without Accept-Encoding")
        if not path.endswith((".css", ".js")):
            return
        for encoding, decompress in (("br", brotli.decompress), ("gzip", gzip.decompress)):
            compressed = self.get(path, **{"Accept-Encoding": encoding})
            if not self.expect(compressed.header("Content-Encoding") == encoding,
                               f"{path}: Accept-Encoding {encoding} answered with Content-Encoding "
                               f"{compressed.header('Content-Encoding')!r}"):
                continue
            self.expect(decompress(compressed.body) == plain.body,
                        f"{path}: the {encoding} copy does not decompress to the file")
            self.expect(len(compressed.body) < len(plain.body),
                        f"{path}: the {encoding} copy ({len(compressed.body)} B) is not smaller than the file")
            self.expect("accept-encoding" in compressed.header("Vary").lower(),
                        f"{path}: no 'Vary: Accept-Encoding'")

    def run(self):
        # HTTPS: the proxy says so; a request that did not come through TLS is sent there.
        answer = self.get("/", https=False)
        self.expect(answer.status == 301 and answer.header("Location").startswith("https://"),
                    f"/ over plain HTTP: status {answer.status} Location {answer.header('Location')!r}, "
                    f"expected 301 to https://")

        # Pages, and the static files they link.
        front = self.page("/", contains=('lang="fi"',))
        links = self.static_files("/", front, at_least=4)
        login = self.page("/accounts/login/", contains=('name="csrfmiddlewaretoken"',))
        cookies = login.headers.get_all("Set-Cookie") or []
        self.expect(any(cookie.startswith("__Host-csrftoken=") and "Secure" in cookie for cookie in cookies),
                    f"/accounts/login/: no Secure __Host-csrftoken cookie in {cookies}")
        self.page("/public/15/")
        # Only hashed names are kept (WHITENOISE_KEEP_ONLY_HASHED_FILES): a link to an unhashed one is a bug.
        for link in links[:1]:
            unhashed = HASHED_NAME.sub(Path(link).suffix, link)
            answer = self.get(unhashed)
            self.expect(answer.status == 404, f"{unhashed}: status {answer.status}, expected 404 (unhashed names "
                                              f"are not served)")

        # The API.
        answer = self.get("/api/v1/schema?format=json")
        if self.expect(answer.status == 200, f"/api/v1/schema: status {answer.status}, expected 200"):
            schema = json.loads(answer.body)
            self.expect("/api/v1/observations" in schema.get("paths", {}),
                        "/api/v1/schema: no /api/v1/observations in the schema's paths")
        answer = self.get("/api/v1/observations", Accept="application/json")
        body = json.loads(answer.body) if answer.header("Content-Type").startswith("application/json") else {}
        self.expect(answer.status == 401 and body.get("code") == "not_authenticated",
                    f"/api/v1/observations without credentials: status {answer.status} {answer.body[:200]!r}, "
                    f"expected 401 with code not_authenticated")
        docs = self.page("/api/v1/docs")
        if docs.status == 200:
            self.static_files("/api/v1/docs", docs, at_least=2)
            script = self.get("/api/v1/docs?script")
            self.expect(script.status == 200 and "javascript" in script.header("Content-Type"),
                        f"/api/v1/docs?script: status {script.status} {script.header('Content-Type')!r}")
        if self.shared_cache:
            # Each request on a new connection, to whichever worker takes it: with Redis they count together.
            statuses = [self.get("/api/v1/auth/token", method="POST", body=b"{}",
                                 **{"Content-Type": "application/json"}).status
                        for _ in range(TOKEN_RATE + 1)]
            self.expect(statuses == [400] * TOKEN_RATE + [429],
                        f"POST /api/v1/auth/token {TOKEN_RATE + 1} times at {TOKEN_RATE}/min: {statuses}, expected "
                        f"{TOKEN_RATE} × 400 then 429 (the throttle counting in Redis for every worker)")
        # Last: Django logs the refusal with a traceback, and the log before it must have none.
        answer = self.get("/", host=REFUSED_HOST)
        self.expect(answer.status == 400, f"/ for a host outside ALLOWED_HOSTS: status {answer.status}, expected 400")
        return self.failures


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    args = parser.parse_args()
    began = time.monotonic()
    with tempfile.TemporaryDirectory(prefix="rake-prod-check-") as folder:
        database = TemporaryDatabase(os.environ.get("DATABASE_URL", ""), folder)
        env = environment(database.url, folder)
        print(f"prod-check: config.settings.production under gunicorn on {HOST}, {database.label}"
              + (", the cache on REDIS_URL" if env.get("REDIS_URL") else ", local-memory cache"))
        database.create()
        server = soak_harness.Server(environment=env, workers=args.workers, log=Path(folder) / "gunicorn.log",
                                     options=["-c", str(ROOT / "config" / "gunicorn.conf.py")], name="prod-check")
        try:
            manage(env, "migrate", "--noinput")
            manage(env, "collectstatic", "--noinput")
            server.start()
            checks = Checks(server.port, shared_cache=bool(env.get("REDIS_URL")))
            failures = checks.run()
            log = server.log_tail(lines=1_000_000).split(f"Invalid HTTP_HOST header: '{REFUSED_HOST}'")[0]
            if "Traceback" in log or "[ERROR]" in log:
                failures.append("gunicorn's log has an error before the refused host's")
        finally:
            server.stop()
            database.drop()
            forget_cache(env)
    seconds = time.monotonic() - began
    if failures:
        print(f"prod-check: FAILED {len(failures)} of {checks.passed + len(failures)} checks "
              f"({seconds:.0f} s):", file=sys.stderr)
        for failure in failures:
            print(f"  - {failure}", file=sys.stderr)
        print(f"prod-check: the end of gunicorn's log:\n{log[-4000:]}", file=sys.stderr)
        return 1
    print(f"prod-check: ok, {checks.passed} checks passed ({seconds:.0f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
