"""The moving parts of `make soak` (scripts/soak.py) and of its short run in the tests.

- PostgresCluster: a throwaway PostgreSQL cluster of the soak's own (initdb into a temporary directory,
  loopback only), so that restarting it or filling it never touches anybody's database.
- Server: Rake under gunicorn with the production settings, started in its own process group so that a
  fault can SIGKILL the master and every worker at once.
- Load: many concurrent API clients (asyncio, plain HTTP/1.1 on loopback) that submit observations with
  Idempotency-Keys, read them and triage them, retry what failed with the same key, and remember every
  answer the server acknowledged, for the checks afterwards.
- Sampler: memory of the gunicorn workers and client connections to the database while the load runs.

Nothing here reaches beyond 127.0.0.1.
"""

import asyncio
import json
import os
import random
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
# Share of submissions that first carry an e-mail address (refused with 422, then sent without it).
PERSONAL_RATE = 0.03
# What the coordinator does with a submission it triages, by weight, and the status each leads to.
TRIAGE_WEIGHTS = {"accept": 80, "reject": 8, "request_clarification": 12}
TRIAGE_TARGETS = {"accept": "accepted", "reject": "rejected", "request_clarification": "clarification_requested"}
# In the fault run, share of submissions and transitions whose first answer the client drops on purpose:
# the server did the work, the client never heard, and the retry must find it done (not do it twice).
LOST_ANSWER_RATE = 0.02
# A client gives an operation up (an unexpected answer: the run fails) after this long without an answer.
GIVE_UP_S = 90.0
SAMPLE_INTERVAL_S = 5.0
# Messages that coordinators send with a transition: free text the privacy guard scans, without personal data.
REASONS = {
    "reject": "Havainto koskee yksittäistä asiakastilannetta, ei rakenteellista ilmiötä.",
    "request_clarification": "Kerrotko vielä, kuinka usein tilanne toistuu alueellanne?",
}
# A submission that the guard must refuse first: a synthetic address on example.com.
PERSONAL_SUFFIX = " Lisätietoja antaa matti.meikalainen@example.com."


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# --- PostgreSQL ------------------------------------------------------------------------------------

def postgres_binaries():
    """The directory with initdb and pg_ctl (Debian: /usr/lib/postgresql/<version>/bin), or None."""
    candidates = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"),
                        key=lambda path: [int(part) for part in path.parent.parent.name.split(".") if part.isdigit()],
                        reverse=True)
    if candidates:
        return candidates[0].parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


class PostgresCluster:
    """A PostgreSQL cluster in a temporary directory, listening on 127.0.0.1 only.

    PostgreSQL refuses to run as root; as root the cluster belongs to the `postgres` system user.
    Durability settings stay at their defaults (fsync and synchronous_commit on): the fault runs check
    that what was acknowledged survives a crash of the server.
    """

    def __init__(self, *, database="rake_soak"):
        self.bin = postgres_binaries()
        if self.bin is None:
            raise SystemExit("soak: PostgreSQL's server programs (initdb, pg_ctl) are missing; "
                             "install the Debian package postgresql")
        # Its own temporary directory: as root, the postgres user must be able to reach it.
        self.root = Path(tempfile.mkdtemp(prefix="rake-soak-pg-"))
        self.data = self.root / "data"
        self.port = free_port()
        self.database = database
        self.log = self.root / "postgresql.log"
        self._as_postgres = os.geteuid() == 0

    @property
    def url(self):
        return f"postgres://postgres@127.0.0.1:{self.port}/{self.database}"

    def _run(self, *args, check=True):
        command = [str(self.bin / args[0]), *map(str, args[1:])]
        if self._as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        process = subprocess.run(command, capture_output=True, text=True)
        if check and process.returncode != 0:
            raise SystemExit(f"soak: {args[0]} failed ({process.returncode}): {process.stderr.strip()[-2000:]}")
        return process

    def init(self):
        self.root.mkdir(parents=True, exist_ok=True)
        if self._as_postgres:
            shutil.chown(self.root, "postgres", "postgres")
            self.root.chmod(0o700)
        self._run("initdb", "-D", self.data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8")
        options = (f"-c listen_addresses=127.0.0.1 -c port={self.port} -c unix_socket_directories={self.root} "
                   "-c max_connections=60 -c shared_buffers=128MB")
        (self.data / "soak.options").write_text(options)
        self.start()
        self._run("createdb", "-h", "127.0.0.1", "-p", self.port, "-U", "postgres", self.database)

    def start(self):
        options = (self.data / "soak.options").read_text()
        self._run("pg_ctl", "-D", self.data, "-l", self.log, "-o", options, "-w", "-t", "60", "start")

    def crash_and_start(self):
        """Stop in immediate mode (no checkpoint, as a crash would); the start then recovers from the WAL."""
        self._run("pg_ctl", "-D", self.data, "-m", "immediate", "-w", "stop")
        self.start()

    def stop(self):
        if self.data.exists():
            self._run("pg_ctl", "-D", self.data, "-m", "fast", "-w", "stop", check=False)

    def remove(self):
        self.stop()
        shutil.rmtree(self.root, ignore_errors=True)

    def postmaster_pid(self):
        """The server's main process (first line of postmaster.pid), or None while it is not running."""
        try:
            return int((self.data / "postmaster.pid").read_text().split()[0])
        except (OSError, IndexError, ValueError):
            return None

    def backends(self):
        """Client connections to the soak database other than this one's (what Rake holds open)."""
        import psycopg

        with psycopg.connect(self.url, connect_timeout=5) as connection:
            return connection.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = %s AND pid <> pg_backend_pid() "
                "AND backend_type = 'client backend'",  # not autovacuum's workers
                [self.database]).fetchone()[0]


# --- Rake under gunicorn ---------------------------------------------------------------------------

def server_environment(database_url, var_dir):
    """Production settings on loopback without TLS (the soak talks plain HTTP to 127.0.0.1)."""
    environment = dict(os.environ)
    environment.update({
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": "soak-" + uuid.uuid4().hex,  # a throwaway key for a throwaway database
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "RAKE_VAR_DIR": str(var_dir),
        # The soak measures capacity, not the per-user throttle (1,200 a minute by default).
        "RAKE_THROTTLE_USER": "1000000/min",
        "LOG_LEVEL": "WARNING",
        "PYTHONUNBUFFERED": "1",
    })
    environment.pop("DEBUG", None)
    return environment


class Server:
    """gunicorn on a free loopback port; `options` go before the soak's own (`-c config/gunicorn.conf.py` in
    make prod-check), `name` starts its messages."""

    def __init__(self, *, environment, workers, log, options=(), name="soak"):
        self.environment = environment
        self.port = free_port()
        self.workers = workers
        self.log = Path(log)
        self.options = list(options)
        self.name = name
        self.process = None

    def start(self, timeout=60):
        command = [PYTHON, "-m", "gunicorn", *self.options, "config.wsgi", "--bind", f"127.0.0.1:{self.port}",
                   "--workers", str(self.workers), "--timeout", "60", "--graceful-timeout", "20",
                   "--backlog", "256", "--log-level", "warning"]
        with open(self.log, "ab") as output:
            # Its own session: a fault kills the master and its workers in one killpg.
            self.process = subprocess.Popen(command, cwd=ROOT, env=self.environment, stdout=output,
                                            stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"{self.name}: gunicorn exited with {self.process.returncode}:\n{self.log_tail()}")
            if len(self.worker_pids()) >= self.workers and self._answers():
                return
            time.sleep(0.2)
        raise SystemExit(f"{self.name}: gunicorn did not answer within {timeout} s:\n{self.log_tail()}")

    def log_tail(self, lines=30):
        """The end of gunicorn's log (for a failure message: the soak's directories are removed after it)."""
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def _answers(self):
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=2) as sock:
                sock.sendall(b"GET /api/v1/schema HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                return sock.recv(12).startswith(b"HTTP/1.1")
        except OSError:
            return False

    def worker_pids(self):
        if self.process is None or self.process.poll() is not None:
            return []
        try:
            children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        except OSError:
            return []
        return [int(pid) for pid in children]

    def kill(self):
        """SIGKILL to the master and every worker: no graceful anything."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()

    def stop(self, timeout=30):
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()


def rss_mib(pid):
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        return None
    return None


def process_tree_cpu_s(root_pid):
    """CPU seconds (user and system) used by a process and its descendants, the living and the ended ones
    (the kernel adds an ended child's time to its parent when the parent reaps it); 0 for no process."""
    own, children = {}, {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # ended meanwhile
        pid = int(entry.name)
        own[pid] = sum(int(ticks) for ticks in fields[11:15])  # utime, stime, cutime, cstime
        children.setdefault(int(fields[1]), []).append(pid)
    total, pending = 0, [root_pid] if root_pid else []
    while pending:
        pid = pending.pop()
        total += own.get(pid, 0)
        pending.extend(children.get(pid, ()))
    return total / os.sysconf("SC_CLK_TCK")


def cpu_seconds(server, cluster):
    """CPU seconds used so far by gunicorn (its master and workers), PostgreSQL (the postmaster and its
    processes) and the clients (this process: the asyncio clients and the sampler)."""
    return {"gunicorn": process_tree_cpu_s(server.process.pid),
            "PostgreSQL": process_tree_cpu_s(cluster.postmaster_pid()),
            "clients": time.process_time()}


# --- the clients -----------------------------------------------------------------------------------

class GaveUp(Exception):
    pass


class AnswerDropped(ConnectionError):
    """The client closed the connection after sending, without reading the answer (on purpose)."""


async def http(port, method, path, *, token=None, body=None, headers=(), timeout=30.0, drop_answer=False):
    """One HTTP/1.1 exchange on a fresh connection: (status, headers, parsed JSON or None).

    `drop_answer` sends the request and closes the connection without reading: the server still handles
    it (the whole request is in its socket's buffer), but the client never learns the outcome.
    """
    payload = json.dumps(body).encode() if body is not None else b""
    lines = [f"{method} {path} HTTP/1.1", f"Host: 127.0.0.1:{port}", "Accept: application/json",
             "Accept-Language: fi", "Connection: close", f"Content-Length: {len(payload)}"]
    if token:
        lines.append(f"Authorization: Token {token}")
    if body is not None:
        lines.append("Content-Type: application/json")
    lines.extend(f"{name}: {value}" for name, value in headers)
    reader, writer = await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), timeout)
    try:
        writer.write("\r\n".join(lines).encode() + b"\r\n\r\n" + payload)
        if drop_answer:
            await writer.drain()
            raise AnswerDropped("answer dropped on purpose")
        raw = await asyncio.wait_for(reader.read(), timeout)
    finally:
        writer.close()
    head, _, content = raw.partition(b"\r\n\r\n")
    if not head.startswith(b"HTTP/1.1 "):
        raise ConnectionError("no HTTP answer")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    answer_headers = {}
    for line in header_lines:
        name, _, value = line.partition(":")
        answer_headers[name.strip().lower()] = value.strip()
    length = answer_headers.get("content-length")
    if length is not None and len(content) < int(length):
        raise ConnectionError("answer cut short")
    data = None
    if content and answer_headers.get("content-type", "").startswith("application/json"):
        data = json.loads(content)
    return int(status_line.split()[1]), answer_headers, data


@dataclass
class Record:
    """What the clients saw; the checks compare it with the database afterwards."""

    acknowledged: dict = field(default_factory=dict)  # Idempotency-Key → (observation id, reporter)
    final_status: dict = field(default_factory=dict)  # observation id → status a transition acknowledged
    finished: list = field(default_factory=list)  # (monotonic time, operation, ms) of each one that succeeded
    outcomes: Counter = field(default_factory=Counter)  # "operation status" → n
    retries: Counter = field(default_factory=Counter)  # reason → n
    replays: int = 0  # submissions answered from their key (Idempotent-Replayed)
    transitions_found_done: int = 0  # transitions whose retry met a 409 with the status they asked for
    refused_personal_data: int = 0
    unexpected: Counter = field(default_factory=Counter)  # operation → n of answers that were not right
    unexpected_examples: list = field(default_factory=list)  # (operation, status, detail), the first 20
    outage: list = field(default_factory=list)  # (first failure, next answer) of each stretch without answers


class Load:
    """Closed-loop clients: each does one operation at a time, as a busy person with a phone would.

    Per operation, by the mix's weights: submit an observation (with an Idempotency-Key; PERSONAL_RATE of
    them first carry an e-mail address, are refused with 422 and are sent again without it), read one of
    the client's own observations, its timeline, the client's own list or county statistics, and triage one
    of its own submissions as the county's coordinator (TRIAGE_WEIGHTS). A failure (no answer, a cut-off
    answer, 5xx, 429) is retried with the same request and key until GIVE_UP_S. An operation counts when its
    answer is right; any other answer is recorded as unexpected, and the soak fails on it.
    """

    MIXES = {
        # A county's day: mostly submissions, some reading back and triage.
        "mixed": {"submit": 78, "read_detail": 5, "read_timeline": 4, "read_list": 3, "read_stats": 2, "triage": 8},
        # The submission endpoint's capacity.
        "submit": {"submit": 100},
        # For scale: the cheapest authenticated request (the token query and one lookup of an id that
        # does not exist, 404) shows what the machine serves at most with this stack.
        "floor": {"read_missing": 100},
    }

    def __init__(self, *, port, reporters, coordinator, bodies, clients, seed, mix="mixed", lost_answers=False):
        self.weights = self.MIXES[mix]
        self.port = port
        self.reporters = reporters
        self.coordinator = coordinator
        self.bodies = bodies
        self.clients = clients
        self.seed = seed
        self.lost_answer_rate = LOST_ANSWER_RATE if lost_answers else 0.0
        self.record = Record()
        self._failing_since = None

    async def run(self, duration_s):
        until = time.monotonic() + duration_s
        await asyncio.gather(*(self._client(number, until) for number in range(self.clients)))
        return self.record

    async def _client(self, number, until):
        rng = random.Random(self.seed * 1000 + number)  # nosec B311 (reproducible load, not security)
        # A reporter works in one place: their service area and municipality stay (as the form remembers them).
        workplace = rng.choice(self.bodies)
        reporter = dict(self.reporters[number % len(self.reporters)],
                        workplace={"service_area": workplace.get("service_area"),
                                   "municipality": workplace.get("municipality")}, dropped=set())
        own, untriaged = [], []
        operations, weights = list(self.weights), list(self.weights.values())
        while time.monotonic() < until:
            operation = rng.choices(operations, weights)[0]
            if operation not in ("submit", "read_missing") and not own:
                operation = "submit"
            if operation == "triage" and not untriaged:
                operation = "read_detail"
            if self.lost_answer_rate and untriaged and "triage" not in reporter["dropped"]:
                # The fault run loses the answer to each client's first transition at once, before the faults,
                # rather than whenever chance brings a transition (a slow machine could bring none: the check
                # that a retry finds the work done would then have nothing to judge).
                operation = "triage"
            started = time.monotonic()
            try:
                succeeded = await getattr(self, operation)(rng, reporter, own, untriaged)
            except GaveUp as error:
                succeeded = self._unexpected(operation, "gave up", error)
            if succeeded:
                now = time.monotonic()
                self.record.finished.append((now, operation, (now - started) * 1000))

    def _drop_first_answer(self, reporter, operation, rng):
        """In the fault run: lose the first answer of each client's first submission and first transition,
        and of LOST_ANSWER_RATE of the later ones."""
        if not self.lost_answer_rate:
            return False
        if operation not in reporter["dropped"]:
            reporter["dropped"].add(operation)
            return True
        return rng.random() < self.lost_answer_rate

    async def _call(self, operation, method, path, *, token, body=None, headers=(), drop=False):
        """Send until an answer below 500 (other than 429) comes, or give up. With `drop`, the first attempt's
        answer is dropped on purpose (a lost answer: the retry must not do the work twice)."""
        first = time.monotonic()
        attempt = 0
        while True:
            attempt += 1
            try:
                status, answer_headers, data = await http(self.port, method, path, token=token, body=body,
                                                          headers=headers, drop_answer=drop and attempt == 1)
            except AnswerDropped:
                reason = "answer dropped on purpose"
            except (OSError, asyncio.TimeoutError, ConnectionError, json.JSONDecodeError) as error:
                reason = type(error).__name__
            else:
                if status < 500 and status != 429:
                    if self._failing_since is not None:
                        self.record.outage.append((self._failing_since, time.monotonic()))
                        self._failing_since = None
                    self.record.outcomes[f"{operation} {status}"] += 1
                    return status, answer_headers, data
                reason = f"HTTP {status}"
            self.record.retries[reason] += 1
            if self._failing_since is None and reason != "answer dropped on purpose":
                self._failing_since = time.monotonic()
            if time.monotonic() - first > GIVE_UP_S:
                raise GaveUp(f"{method} {path}: {reason} for {GIVE_UP_S:.0f} s")
            await asyncio.sleep(min(2.0, 0.05 * 2 ** min(attempt, 6)))

    def _unexpected(self, operation, status, detail):
        """Record a wrong answer; returns False (the operation did not succeed)."""
        self.record.unexpected[operation] += 1
        if len(self.record.unexpected_examples) < 20:
            self.record.unexpected_examples.append((operation, status, str(detail)[:300]))
        return False

    # --- operations: each returns whether its answer was right ---------------------------------------

    async def submit(self, rng, reporter, own, untriaged):
        body = dict(rng.choice(self.bodies), **reporter["workplace"])
        key = f"soak-{uuid.uuid4()}"
        headers = [("Idempotency-Key", key)]
        if rng.random() < PERSONAL_RATE:
            # The reporter typed an e-mail address; the guard refuses, nothing is stored, the text is fixed.
            refused = dict(body, description=body["description"] + PERSONAL_SUFFIX)
            status, _, data = await self._call("submit", "POST", "/api/v1/observations", token=reporter["token"],
                                               body=refused, headers=headers)
            if status != 422 or (data or {}).get("code") != "personal_data":
                return self._unexpected("submit", status, data)
            self.record.refused_personal_data += 1
        status, answer_headers, data = await self._call("submit", "POST", "/api/v1/observations",
                                                        token=reporter["token"], body=body, headers=headers,
                                                        drop=self._drop_first_answer(reporter, "submit", rng))
        if status != 201 or not isinstance((data or {}).get("id"), int):
            return self._unexpected("submit", status, data)
        if answer_headers.get("idempotent-replayed") == "true":
            self.record.replays += 1
        self.record.acknowledged[key] = (data["id"], reporter["username"])
        own.append(data["id"])
        untriaged.append(data["id"])
        return True

    async def read_detail(self, rng, reporter, own, untriaged):
        pk = rng.choice(own)
        status, _, data = await self._call("read_detail", "GET", f"/api/v1/observations/{pk}",
                                           token=reporter["token"])
        return (status == 200 and data.get("id") == pk) or self._unexpected("read_detail", status, data)

    async def read_missing(self, rng, reporter, own, untriaged):
        status, _, data = await self._call("read_missing", "GET", "/api/v1/observations/0",
                                           token=reporter["token"])
        return status == 404 or self._unexpected("read_missing", status, data)

    async def read_timeline(self, rng, reporter, own, untriaged):
        pk = rng.choice(own)
        status, _, data = await self._call("read_timeline", "GET", f"/api/v1/observations/{pk}/timeline",
                                           token=reporter["token"])
        return (status == 200 and bool(data.get("events"))) or self._unexpected("read_timeline", status, data)

    async def read_list(self, rng, reporter, own, untriaged):
        status, _, data = await self._call("read_list", "GET", "/api/v1/observations?mine=1&page_size=20",
                                           token=reporter["token"])
        return (status == 200 and "results" in data) or self._unexpected("read_list", status, data)

    async def read_stats(self, rng, reporter, own, untriaged):
        status, _, data = await self._call(
            "read_stats", "GET", "/api/v1/stats/observations?group_by=phenomenon,polarity&period=quarter",
            token=self.coordinator["token"])
        return (status == 200 and "rows" in data) or self._unexpected("read_stats", status, data)

    async def triage(self, rng, reporter, own, untriaged):
        pk = untriaged.pop(rng.randrange(len(untriaged)))
        action = rng.choices(list(TRIAGE_WEIGHTS), list(TRIAGE_WEIGHTS.values()))[0]
        target = TRIAGE_TARGETS[action]
        body = {"action": action}
        if action in REASONS:
            body["reason"] = REASONS[action]
        status, _, data = await self._call("triage", "POST", f"/api/v1/observations/{pk}/transition",
                                           token=self.coordinator["token"], body=body,
                                           drop=self._drop_first_answer(reporter, "triage", rng))
        if status == 409 and (data or {}).get("status") == target:
            # The first attempt went through but its answer was lost: the retry finds the work done.
            self.record.transitions_found_done += 1
        elif not (status == 200 and (data or {}).get("status") == target):
            return self._unexpected("triage", status, data)
        self.record.final_status[pk] = target
        return True


class Sampler:
    """Every SAMPLE_INTERVAL_S: the RSS of each gunicorn worker and the client connections to the database;
    over the whole run, the share of the machine's CPU that gunicorn, PostgreSQL and the clients used."""

    def __init__(self, server, cluster):
        self.server = server
        self.cluster = cluster
        self.memory = []  # (t, {pid: MiB})
        self.connections = []  # (t, n)
        self.cpu_share = None  # {group: share of all cores}; None when a fault restarted a server

    async def run(self, stop):
        started = time.monotonic()
        servers = (self.server.process.pid, self.cluster.postmaster_pid())
        cpu_before = cpu_seconds(self.server, self.cluster)
        while not stop.is_set():
            now = time.monotonic() - started
            self.memory.append((now, {pid: rss_mib(pid) for pid in self.server.worker_pids()}))
            try:
                self.connections.append((now, await asyncio.to_thread(self.cluster.backends)))
            except Exception:  # the database is restarting: no sample  # nosec B110
                pass
            try:
                await asyncio.wait_for(stop.wait(), SAMPLE_INTERVAL_S)
            except asyncio.TimeoutError:
                pass
        if (self.server.process.pid, self.cluster.postmaster_pid()) == servers:  # no restart: times add up
            cpu_after, seconds = cpu_seconds(self.server, self.cluster), time.monotonic() - started
            cores = os.cpu_count() or 1
            self.cpu_share = {group: round((cpu_after[group] - cpu_before[group]) / (seconds * cores), 3)
                              for group in cpu_before}

    def memory_summary(self, *, skip_s):
        """The workers' total RSS over the first and the last quarter of the samples after `skip_s` (the
        median sample of each), and the largest growth of one worker; None without samples."""
        window = [(t, sample) for t, sample in self.memory if t >= skip_s and sample and all(sample.values())]
        if len(window) < 4:
            return None
        quarter = len(window) // 4

        def total(items):
            return sorted(sum(sample.values()) for _, sample in items)[len(items) // 2]

        growth = [window[-1][1][pid] - window[0][1][pid] for pid in window[0][1] if pid in window[-1][1]]
        return {"from_s": round(window[0][0]), "to_s": round(window[-1][0]), "samples": len(window),
                "start_mib": round(total(window[:quarter]), 1), "end_mib": round(total(window[-quarter:]), 1),
                "max_worker_growth_mib": round(max(growth), 1) if growth else None,
                "workers": len(window[0][1])}


# --- set-up and checks inside Django (run as `python scripts/soak.py --child …`) -------------------

def child_setup(*, clients, bodies=400):
    """Migrate, create the soak's users and tokens, and draw request bodies from the demo generator."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from rest_framework.authtoken.models import Token

    from bench import database_version
    from rake.accounts.models import Role
    from rake.accounts.services import membership_grant, organisation_get_or_create, user_get_or_create
    from rake.areas.selectors import area_list
    from rake.demo import generator as demo

    call_command("migrate", verbosity=0, interactive=False)
    organisation = organisation_get_or_create(name="Soak county (synthetic)", county_code="15")

    def member(username, role):
        user = user_get_or_create(username=username, password=None, email=f"{username}@example.com")
        membership_grant(user=user, organisation=organisation, role=role)
        return {"username": username, "token": Token.objects.get_or_create(user=user)[0].key}

    reporters = [member(f"soak-reporter-{number:02d}", Role.REPORTER) for number in range(clients)]
    coordinator = member("soak-coordinator", Role.COORDINATOR)
    # The demo generator's texts and classifications, all in the soak's county (Keski-Suomi, 15).
    local = list(area_list(kind="municipality", county="15").values_list("code", flat=True))
    rng = random.Random(7)  # nosec B311 (reproducible synthetic data)
    pool = []
    for item in demo.build_plan(count=bodies, municipalities={}):
        body = dict(item.data, county="15", municipality=rng.choice(local))
        body.pop("observed_on", None)
        pool.append(body)
    return {"reporters": reporters, "coordinator": coordinator, "bodies": pool,
            "database": database_version(connection)}


def child_check(record):
    """Compare what the clients were told with the database; returns {check: (passed, detail)}."""
    import django

    django.setup()
    from rake.analysis import keywords, rollups
    from rake.core.models import AuditEntry
    from rake.observations.models import IdempotencyKey, Observation, TimelineEvent

    acknowledged = {key: tuple(value) for key, value in record["acknowledged"].items()}
    users = sorted({username for _, username in acknowledged.values()})
    stored = dict(Observation.objects.filter(created_by__username__in=users).values_list("pk", "status"))
    keys = dict(IdempotencyKey.objects.filter(user__username__in=users).values_list("key", "observation_id"))
    acknowledged_ids = [pk for pk, _ in acknowledged.values()]
    results = {}
    missing = [pk for pk in acknowledged_ids if pk not in stored]
    results["every acknowledged submission is stored"] = (not missing, f"{len(acknowledged_ids)} acknowledged, "
                                                          f"{len(missing)} missing")
    extra = set(stored) - set(acknowledged_ids)
    duplicates = len(acknowledged_ids) - len(set(acknowledged_ids))
    results["no submission is stored twice"] = (
        not extra and not duplicates,
        f"{len(stored)} stored for {len(acknowledged)} keys; {len(extra)} without an acknowledged key, "
        f"{duplicates} ids acknowledged twice")
    wrong_keys = [key for key, (pk, _) in acknowledged.items() if keys.get(key) != pk]
    results["each Idempotency-Key names its observation"] = (not wrong_keys, f"{len(wrong_keys)} keys differ")
    # Filtered by the soak's users, not by the stored ids: a list of ids can outgrow the 65,535 parameters
    # of one statement (the values are bound by the server, ADR 0011).
    submitted_events = Counter(TimelineEvent.objects.filter(observation__created_by__username__in=users,
                                                            kind="submitted")
                               .values_list("observation_id", flat=True))
    once = sum(1 for pk in stored if submitted_events.get(pk) == 1)
    results["one 'submitted' timeline event each"] = (once == len(stored), f"{once}/{len(stored)}")
    # Every entry of the action, whoever wrote it: a second entry for an observation fails the check.
    audited = Counter(AuditEntry.objects.filter(action="observation.create")
                      .values_list("object_id", flat=True))
    audited_once = sum(1 for pk in stored if audited.get(str(pk)) == 1)
    results["one audit entry per submission"] = (audited_once == len(stored), f"{audited_once}/{len(stored)}")
    final = {int(pk): status for pk, status in record["final_status"].items()}
    wrong_status = [pk for pk, status in final.items() if stored.get(pk) != status]
    results["every acknowledged transition holds"] = (not wrong_status,
                                                      f"{len(final)} transitions, {len(wrong_status)} differ")
    started = time.monotonic()
    rollup_equal = rollups.rollup_counts() == rollups.raw_counts()
    keyword_equal = keywords.table_counts() == keywords.raw_counts()
    counted = Observation.objects.filter(status__in=rollups.COUNTED_STATUSES).count()
    results["rollups equal raw counts"] = (rollup_equal, f"statistics rollups over {counted} counted observations "
                                           f"({time.monotonic() - started:.0f} s to compare)")
    results["keyword counts equal raw counts"] = (keyword_equal, "TermCount")
    return results
