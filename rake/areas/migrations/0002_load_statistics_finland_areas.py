from django.db import migrations


def load(apps, schema_editor):
    from rake.areas.loading import load_areas

    load_areas(apps.get_model("areas", "Area"))


class Migration(migrations.Migration):
    dependencies = [("areas", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
