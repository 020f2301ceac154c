# Keyword counts for the emerging themes (rake/analysis/keywords.py). The table starts empty:
# `manage.py rebuild_keywords` fills it from the existing observations once after migrating.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('analysis', '0002_rollup_grains'),
    ]

    operations = [
        migrations.CreateModel(
            name='TermCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('county_code', models.CharField(max_length=2, verbose_name='wellbeing services county')),
                ('month', models.DateField(verbose_name='month')),
                ('phenomenon', models.CharField(default='*', max_length=64, verbose_name='phenomenon')),
                ('term', models.CharField(max_length=100, verbose_name='term')),
                ('count', models.IntegerField(default=0, verbose_name='count')),
            ],
            options={
                'verbose_name': 'term count',
                'verbose_name_plural': 'term counts',
                'constraints': [models.UniqueConstraint(fields=('county_code', 'phenomenon', 'month', 'term'), name='unique_term_count_key')],
            },
        ),
    ]
