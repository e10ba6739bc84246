"""Indexes for a diary's newest live entries and latest assessment: the diary home reads them."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('diary', '0003_patient_activity_and_undo'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name='assessment',
            index=models.Index(models.F('diary'), models.OrderBy(models.F('date'), descending=True), models.OrderBy(models.F('created_at'), descending=True), models.OrderBy(models.F('id'), descending=True), name='assessment_newest_first'),
        ),
        migrations.AddIndex(
            model_name='entry',
            index=models.Index(models.F('diary'), models.OrderBy(models.F('date'), descending=True), models.OrderBy(models.F('created_at'), descending=True), models.OrderBy(models.F('id'), descending=True), condition=models.Q(('deleted_at__isnull', True)), name='entry_newest_first'),
        ),
    ]
