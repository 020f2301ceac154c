from django.db import migrations


def load(apps, schema_editor):
    from rake.taxonomy.loading import load_taxonomy

    load_taxonomy(*(apps.get_model("taxonomy", name) for name in
                    ("Phenomenon", "SupportNeed", "ClientGroup", "ServiceArea", "ObservationType")))


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
