"""manage.py restore_database --input FILE [--yes]: replace the database with a backup_database file."""

from django.core.management.base import BaseCommand, CommandError

from rake.core.backup import BackupError, database_has_data, restore_database


class Command(BaseCommand):
    help = ("Replace the database with a backup made by backup_database. Stop Rake first. "
            "A database that holds data is only overwritten with --yes.")

    def add_arguments(self, parser):
        parser.add_argument("--input", metavar="FILE", required=True, help="The backup file.")
        parser.add_argument("--yes", action="store_true",
                            help="Overwrite the database even though it holds data.")

    def handle(self, *args, input, yes, **options):
        if not yes and database_has_data():
            raise CommandError("The database holds data that the restore would replace. "
                               "Back it up first, stop Rake, then run the restore again with --yes.")
        try:
            restore_database(input)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored the database from {input}. "
                          "Run `manage.py migrate` if the backup is from an older version of Rake.")
