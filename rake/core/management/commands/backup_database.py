"""manage.py backup_database [--output FILE]: a consistent copy of the database (SQLite or PostgreSQL)."""

from django.core.management.base import BaseCommand, CommandError

from rake.core.backup import BackupError, backup_database, backup_directory, default_backup_name


class Command(BaseCommand):
    help = ("Back up the database: SQLite with its online backup API (gzip-compressed when FILE ends in .gz), "
            "PostgreSQL with pg_dump --format=custom.")

    def add_arguments(self, parser):
        parser.add_argument("--output", metavar="FILE",
                            help="The backup file; by default var/backups/rake-<YYYYMMDD-HHMMSS>.sqlite3.gz or .dump.")

    def handle(self, *args, output, **options):
        try:
            path = backup_database(output or backup_directory() / default_backup_name())
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Backed up the database to {path}")
