"""Clinic staff who keep the guide current."""

from django.contrib.auth.models import Group, Permission

CONTENT_EDITORS = "Content editors"


def content_editors_group():
    """The group with exactly the permissions to edit the guide (also made by a migration)."""
    group, _ = Group.objects.get_or_create(name=CONTENT_EDITORS)
    group.permissions.set(Permission.objects.filter(content_type__app_label="guide"))
    return group


def make_content_editor(user):
    """Give an existing account the staff role of a content editor, and nothing more."""
    user.is_staff = True
    user.is_superuser = False
    user.save(update_fields=["is_staff", "is_superuser"])
    user.groups.add(content_editors_group())
    return user
