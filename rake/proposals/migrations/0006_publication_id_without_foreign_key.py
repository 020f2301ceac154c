"""A proposal keeps its report's id without a foreign key to publishing, which builds on proposals (DESIGN §6,
issue 17). The column and its values stay; only the constraint goes."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('proposals', '0005_notifications_to_the_outbox'),
    ]

    operations = [
        migrations.AlterField(
            model_name='proposal',
            name='publication',
            field=models.BigIntegerField(blank=True, null=True, db_column='publication_id', verbose_name='report'),
        ),
        migrations.RenameField(
            model_name='proposal',
            old_name='publication',
            new_name='publication_id',
        ),
        migrations.AlterField(
            model_name='proposal',
            name='publication_id',
            field=models.PositiveBigIntegerField(blank=True, db_index=True, null=True, verbose_name='report'),
        ),
    ]
