from django.db import migrations

CONFIGS = ("finnish", "swedish")


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for config in CONFIGS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS observation_description_{config}_fts ON observations_observation "
            f"USING gin (to_tsvector('{config}'::regconfig, description))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for config in CONFIGS:
        schema_editor.execute(f"DROP INDEX IF EXISTS observation_description_{config}_fts")


class Migration(migrations.Migration):
    dependencies = [("observations", "0001_initial")]
    operations = [migrations.RunPython(create, drop)]
