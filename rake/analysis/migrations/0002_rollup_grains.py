# The rollup becomes a set of grains (ADR 0006). Old rows have no grain: they are dropped here, and
# `manage.py rebuild_rollups` (run by `make migrate`) recomputes the table.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('analysis', '0001_initial'),
    ]

    operations = [
        migrations.RunSQL("DELETE FROM analysis_observationrollup", migrations.RunSQL.noop),
        migrations.RemoveConstraint(
            model_name='observationrollup',
            name='unique_observation_rollup_key',
        ),
        migrations.RemoveIndex(
            model_name='observationrollup',
            name='analysis_rollup_dims',
        ),
        migrations.AddField(
            model_name='observationrollup',
            name='grain',
            field=models.CharField(default='', max_length=8, verbose_name='grain'),
            preserve_default=False,
        ),
        migrations.AddIndex(
            model_name='observationrollup',
            index=models.Index(fields=['grain', 'phenomenon', 'sub_theme', 'client_group', 'support_need', 'county_code', 'month'], include=('count',), name='analysis_rollup_grain_dims'),
        ),
        migrations.AddConstraint(
            model_name='observationrollup',
            constraint=models.UniqueConstraint(fields=('grain', 'county_code', 'municipality_code', 'month', 'polarity', 'observation_type', 'phenomenon', 'sub_theme', 'client_group', 'support_need'), name='unique_observation_rollup_key'),
        ),
    ]
