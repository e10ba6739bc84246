"""Clinic staff who keep the guide current: editors write, clinical reviewers approve."""

from django.contrib.auth.models import Group, Permission

CONTENT_EDITORS = "Content editors"
CLINICAL_REVIEWERS = "Clinical reviewers"
APPROVE_CODENAME = "approve_revision"


def content_editors_group():
    """The group with exactly the permissions to edit the guide (also made by a migration).

    Editing is not approving: the approval permission belongs to clinical reviewers only.
    """
    group, _ = Group.objects.get_or_create(name=CONTENT_EDITORS)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="guide").exclude(codename=APPROVE_CODENAME)
    )
    return group


def clinical_reviewers_group():
    """The group that reads the guide in the admin and approves its changes (also made by a
    migration)."""
    group, _ = Group.objects.get_or_create(name=CLINICAL_REVIEWERS)
    guide = Permission.objects.filter(content_type__app_label="guide")
    group.permissions.set(
        guide.filter(codename__startswith="view_") | guide.filter(codename=APPROVE_CODENAME)
    )
    return group


def make_content_editor(user):
    """Give an existing account the staff role of a content editor, and nothing more."""
    user.is_staff = True
    user.is_superuser = False
    user.save(update_fields=["is_staff", "is_superuser"])
    user.groups.add(content_editors_group())
    return user


def make_clinical_reviewer(user):
    """A content editor who may also approve other people's changes and mark pages reviewed."""
    make_content_editor(user)
    user.groups.add(clinical_reviewers_group())
    return user
