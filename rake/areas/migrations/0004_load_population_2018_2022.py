from django.db import migrations


def load(apps, schema_editor):
    from rake.areas.loading import load_population

    load_population(apps.get_model("areas", "Population"))


class Migration(migrations.Migration):
    dependencies = [("areas", "0003_population")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
