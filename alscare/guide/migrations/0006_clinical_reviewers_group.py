"""Every deployment gets a "Clinical reviewers" group: they approve changes to the guide
before patients see them. Content editors may no longer approve (or mark pages reviewed)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REVIEWERS = "Clinical reviewers"
EDITORS = "Content editors"
APPROVE = "approve_revision"


def create_group(apps, schema_editor):
    # Permissions are normally created after all migrations; the groups need them now.
    guide_config = apps.get_app_config("guide")
    guide_config.models_module = True
    create_permissions(guide_config, apps=apps, verbosity=0)
    guide_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    guide = Permission.objects.filter(content_type__app_label="guide")
    reviewers, _ = Group.objects.get_or_create(name=REVIEWERS)
    reviewers.permissions.set(guide.filter(codename__startswith="view_") | guide.filter(codename=APPROVE))
    editors = Group.objects.filter(name=EDITORS).first()
    if editors is not None:
        editors.permissions.set(guide.exclude(codename=APPROVE))


def remove_group(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=REVIEWERS).delete()


class Migration(migrations.Migration):
    dependencies = [("guide", "0005_page_revisions_for_clinical_review")]

    operations = [migrations.RunPython(create_group, remove_group)]
