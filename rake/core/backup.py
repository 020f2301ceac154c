"""Backup and restore of the database (SQLite or PostgreSQL), and a content fingerprint to compare two copies.

SQLite: an online, consistent copy with sqlite3's backup API; a restore replaces the database file atomically.
PostgreSQL: pg_dump --format=custom; a restore empties the public schema (DROP SCHEMA public CASCADE, then
creates it again with its owner and grants) and loads the backup into it (pg_restore's SQL run by psql), all
in one transaction, so that nothing of the replaced database survives (tables a newer version of Rake added,
its rows in django_migrations). The password goes to the tools in PGPASSWORD, never on the command line
(other users could read it in `ps`).

Restoring assumes Rake is stopped: other processes that hold the database open would keep seeing the old file
(SQLite) or block the restore on their locks (PostgreSQL).
"""

import datetime
import decimal
import gzip
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess  # nosec B404: runs pg_dump/pg_restore with fixed arguments, never a shell
import tempfile
import uuid
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.db import connections

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_CUSTOM_MAGIC = b"PGDMP"
GZIP_MAGIC = b"\x1f\x8b"
# Tables that migrations fill with reference data: rows there do not mean the database is in use.
REFERENCE_APPS = {"areas", "taxonomy"}
REFERENCE_MODELS = {"auth.Permission"}


class BackupError(Exception):
    """A backup or restore failed; the message says why, for an administrator."""


# --- which tables ---------------------------------------------------------------------------------


def project_models():
    """The concrete models of Rake's own apps and of django.contrib.auth (users are in rake.accounts),
    including the many-to-many tables, sorted by table name."""
    models = [
        model
        for config in apps.get_app_configs()
        if config.name.startswith("rake.") or config.label == "auth"
        for model in config.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]
    return sorted(models, key=lambda model: model._meta.db_table)


def _existing_tables(using):
    with connections[using].cursor() as cursor:
        return set(connections[using].introspection.table_names(cursor))


def database_has_data(using="default"):
    """True when the database holds anything beyond the reference data that migrations load."""
    tables = _existing_tables(using)
    return any(
        model._base_manager.using(using).exists()
        for model in project_models()
        if model._meta.app_label not in REFERENCE_APPS and model._meta.label not in REFERENCE_MODELS
        and model._meta.db_table in tables
    )


# --- fingerprint ----------------------------------------------------------------------------------


def _canonical(value):
    """JSON for the values json does not know; the same value always gives the same text."""
    if isinstance(value, (datetime.datetime, datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, datetime.timedelta):
        return value.total_seconds()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value).hex()
    if isinstance(value, (uuid.UUID, Path)):
        return str(value)
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"Cannot fingerprint a value of type {type(value).__name__}")


def database_fingerprint(using="default"):
    """{table: {"rows": count, "sha256": hex}} for every table of project_models() that exists.

    The hash is over the rows ordered by primary key, each row a canonical JSON list of its column values,
    so two databases with the same content have the same fingerprint (on the same database engine).
    """
    tables = _existing_tables(using)
    fingerprint = {}
    for model in project_models():
        table = model._meta.db_table
        if table not in tables:
            continue
        columns = [field.attname for field in model._meta.concrete_fields]
        digest = hashlib.sha256()
        count = 0
        rows = model._base_manager.using(using).order_by("pk").values_list(*columns)
        for row in rows.iterator(chunk_size=2000):
            digest.update(json.dumps(list(row), default=_canonical, sort_keys=True, ensure_ascii=False,
                                     separators=(",", ":")).encode())
            digest.update(b"\n")
            count += 1
        fingerprint[table] = {"rows": count, "sha256": digest.hexdigest()}
    return fingerprint


# --- helpers --------------------------------------------------------------------------------------


def _engine(using):
    engine = connections[using].settings_dict["ENGINE"]
    if engine == "django.db.backends.sqlite3":
        return "sqlite"
    if engine.startswith("django.db.backends.postgresql") or engine.endswith("postgis"):
        return "postgresql"
    raise BackupError(f"Backups are supported on SQLite and PostgreSQL, not on {engine}.")


def _fsync_directory(directory):
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _fsync_file(path):
    with open(path, "rb") as handle:
        os.fsync(handle.fileno())


def _temp_path(near, suffix):
    """A new, empty temporary file in the directory of `near` (so that a rename into place is atomic)."""
    fd, name = tempfile.mkstemp(prefix=f".{Path(near).name}.", suffix=suffix, dir=Path(near).parent)
    os.close(fd)
    return Path(name)


def _move_into_place(temp, target):
    _fsync_file(temp)
    os.replace(temp, target)
    _fsync_directory(Path(target).parent)


def _header(path, size=16):
    with open(path, "rb") as handle:
        return handle.read(size)


def _unlink(path):
    try:
        os.unlink(path)
    except FileNotFoundError:
        pass


def default_backup_name(using="default", now=None):
    """rake-YYYYMMDD-HHMMSS.sqlite3.gz or .dump, by engine: a second backup the same day is a new file."""
    stamp = (now or datetime.datetime.now()).strftime("%Y%m%d-%H%M%S")
    return f"rake-{stamp}.sqlite3.gz" if _engine(using) == "sqlite" else f"rake-{stamp}.dump"


# --- backup ---------------------------------------------------------------------------------------


def backup_database(output, using="default"):
    """Write a consistent copy of the database to `output` (SQLite: gzip-compressed when it ends in .gz).

    The file appears only when complete: it is written under a temporary name and renamed.
    """
    output = Path(output)
    if not output.parent.is_dir():
        raise BackupError(f"The directory {output.parent} does not exist.")
    if _engine(using) == "sqlite":
        _backup_sqlite(output, using)
    else:
        _backup_postgresql(output, using)
    return output


def _backup_sqlite(output, using):
    source_path = connections[using].settings_dict["NAME"]
    if not Path(source_path).is_file():
        raise BackupError(f"The database file {source_path} does not exist.")
    copy = _temp_path(output, ".sqlite3")
    try:
        # The backup API copies a consistent snapshot even while other connections write.
        source = sqlite3.connect(source_path, timeout=30)
        target = sqlite3.connect(copy)
        try:
            source.backup(target)
            # A self-contained file: no -wal next to the backup is needed to read it.
            target.execute("PRAGMA journal_mode=DELETE")
            if target.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                raise BackupError("The copy of the database failed its integrity check.")
        finally:
            target.close()
            source.close()
        if output.suffix == ".gz":
            compressed = _temp_path(output, ".gz")
            try:
                with open(copy, "rb") as plain, gzip.open(compressed, "wb") as packed:
                    shutil.copyfileobj(plain, packed, 1024 * 1024)
                _move_into_place(compressed, output)
            finally:
                _unlink(compressed)
        else:
            _move_into_place(copy, output)
    finally:
        _unlink(copy)


def _pg_environment(settings_dict):
    """Connection parameters for pg_dump/pg_restore as libpq environment variables."""
    env = dict(os.environ)
    for variable, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGDATABASE", "NAME")):
        value = settings_dict.get(key)
        if value:
            env[variable] = str(value)
        else:
            env.pop(variable, None)
    env.pop("PGPASSWORD", None)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    options = settings_dict.get("OPTIONS") or {}
    for variable, key in (("PGSSLMODE", "sslmode"), ("PGSSLROOTCERT", "sslrootcert"), ("PGSSLCERT", "sslcert"),
                          ("PGSSLKEY", "sslkey"), ("PGSERVICE", "service")):
        if options.get(key):
            env[variable] = str(options[key])
    return env


def _executable(tool):
    executable = shutil.which(tool)
    if executable is None:
        raise BackupError(f"{tool} is not installed (Debian package postgresql-client).")
    return executable


def _run(command, env):
    # --no-password: fail instead of waiting for a password prompt that nobody answers.
    # No shell; the arguments are our own options and file names.
    result = subprocess.run([_executable(command[0]), *command[1:], "--no-password"], env=env,  # nosec B603
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed (exit status {result.returncode}): {result.stderr.strip()[-2000:]}")
    return result


def _backup_postgresql(output, using):
    env = _pg_environment(connections[using].settings_dict)
    dump = _temp_path(output, ".dump")
    try:
        _run(["pg_dump", "--format=custom", f"--file={dump}"], env)
        _move_into_place(dump, output)
    finally:
        _unlink(dump)


# --- restore --------------------------------------------------------------------------------------


def restore_database(source, using="default"):
    """Replace the database with the backup in `source`. Closes this process's database connections."""
    source = Path(source)
    if not source.is_file():
        raise BackupError(f"The backup file {source} does not exist.")
    if _engine(using) == "sqlite":
        _restore_sqlite(source, using)
    else:
        _restore_postgresql(source, using)


def _restore_sqlite(source, using):
    target = Path(connections[using].settings_dict["NAME"])
    if not target.parent.is_dir():
        raise BackupError(f"The directory {target.parent} does not exist.")
    copy = _temp_path(target, ".restore")
    try:
        opener = gzip.open if _header(source, 2) == GZIP_MAGIC else open
        try:
            with opener(source, "rb") as backup, open(copy, "wb") as plain:
                shutil.copyfileobj(backup, plain, 1024 * 1024)
        except (OSError, EOFError) as error:
            raise BackupError(f"The backup file {source} cannot be read: {error}") from error
        _check_sqlite_backup(copy, source)
        if target.exists():
            # The temporary file is private (0600); keep the permissions the database file had.
            os.chmod(copy, target.stat().st_mode & 0o777)
        connections.close_all()
        if target.exists():
            # Fold the old write-ahead log into the old file, so that nothing of it is left to be
            # replayed onto the restored file.
            old = sqlite3.connect(target, timeout=30)
            try:
                old.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                old.close()
        _move_into_place(copy, target)
        for stale in (f"{target}-wal", f"{target}-shm", f"{target}-journal"):
            _unlink(stale)
    finally:
        _unlink(copy)


def _check_sqlite_backup(path, source):
    header = _header(path)
    if header.startswith(PG_CUSTOM_MAGIC):
        raise BackupError(f"{source} is a PostgreSQL backup; this database is SQLite.")
    if header != SQLITE_MAGIC:
        raise BackupError(f"{source} is not a SQLite backup.")
    check = sqlite3.connect(path)
    try:
        if check.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise BackupError(f"{source} is damaged: it failed the integrity check.")
        tables = check.execute("SELECT name FROM sqlite_master WHERE type = 'table'").fetchall()
        if ("django_migrations",) not in tables:
            raise BackupError(f"{source} is not a Rake database (it has no django_migrations table).")
    finally:
        check.close()


# Run first, in the restore's transaction: the public schema is emptied, then created again with the owner
# and the grants it had (on PostgreSQL 15 and later: owner pg_database_owner, USAGE for everyone).
EMPTY_PUBLIC_SCHEMA = """
DO $rake$
DECLARE
    old_owner regrole;
    old_acl aclitem[];
    item record;
BEGIN
    SELECT nspowner::regrole, nspacl INTO old_owner, old_acl FROM pg_namespace WHERE nspname = 'public';
    DROP SCHEMA IF EXISTS public CASCADE;
    CREATE SCHEMA public;
    IF old_owner IS NOT NULL THEN
        EXECUTE format('ALTER SCHEMA public OWNER TO %s', old_owner);
    END IF;
    FOR item IN SELECT grantee, privilege_type, is_grantable FROM aclexplode(old_acl) LOOP
        EXECUTE format('GRANT %s ON SCHEMA public TO %s%s', item.privilege_type,
                       CASE WHEN item.grantee = 0 THEN 'PUBLIC' ELSE item.grantee::regrole::text END,
                       CASE WHEN item.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END);
    END LOOP;
END
$rake$;
"""


def _restore_postgresql(source, using):
    header = _header(source)
    if header.startswith(SQLITE_MAGIC) or header.startswith(GZIP_MAGIC):
        raise BackupError(f"{source} is a SQLite backup; this database is PostgreSQL.")
    if not header.startswith(PG_CUSTOM_MAGIC):
        raise BackupError(f"{source} is not a pg_dump custom-format backup.")
    env = _pg_environment(connections[using].settings_dict)
    # Our own open connections would hold locks that make DROP SCHEMA wait.
    connections.close_all()
    # pg_restore writes the backup as SQL (it connects to nothing), psql runs it after emptying the schema.
    # One transaction, committed only when pg_restore has written the whole backup and psql ran every
    # statement: psql stops at the first error (ON_ERROR_STOP), and a session that ends without COMMIT
    # is rolled back, so a failed restore leaves the database as it was.
    with tempfile.TemporaryFile() as restore_errors, tempfile.TemporaryFile() as psql_errors:
        # No shell; the arguments are our own options and file names.
        reader = subprocess.Popen([_executable("pg_restore"), "--no-owner", "--file=-", str(source)],  # nosec B603
                                  stdout=subprocess.PIPE, stderr=restore_errors, env=env)
        writer = subprocess.Popen([_executable("psql"), "--no-password", "--quiet", "--no-psqlrc",  # nosec B603
                                   "--set=ON_ERROR_STOP=1", f"--dbname={env.get('PGDATABASE', '')}"],
                                  stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=psql_errors, env=env)
        try:
            writer.stdin.write(b"BEGIN;\n" + EMPTY_PUBLIC_SCHEMA.encode())
            shutil.copyfileobj(reader.stdout, writer.stdin, 1024 * 1024)
            if reader.wait() == 0:
                writer.stdin.write(b"COMMIT;\n")
            writer.stdin.close()
        except BrokenPipeError:
            pass  # psql stopped at an error; its message follows
        finally:
            reader.stdout.close()
            if reader.poll() is None:
                reader.kill()
            reader.wait()
            writer.wait()
        for tool, process, errors in (("psql", writer, psql_errors), ("pg_restore", reader, restore_errors)):
            if process.returncode != 0:
                errors.seek(0)
                message = errors.read().decode(errors="replace").strip()[-2000:]
                raise BackupError(f"{tool} failed (exit status {process.returncode}): {message}")


def backup_directory():
    """var/backups (under RAKE_VAR_DIR), created when missing."""
    directory = Path(settings.VAR_DIR) / "backups"
    directory.mkdir(parents=True, exist_ok=True)
    return directory
