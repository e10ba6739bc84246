"""What a person can do with their own account: take their data with them, or delete it."""

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from alscare.diary.models import SYMPTOM_FIELDS, Assessment, Entry, Membership, Role

EXPORT_FORMAT_VERSION = 1


def _entry_data(entry, user):
    return {
        "date": entry.date.isoformat(),
        "ratings": {
            name: getattr(entry, name) for name in SYMPTOM_FIELDS if getattr(entry, name) is not None
        },
        "weight_kg": str(entry.weight_kg) if entry.weight_kg is not None else None,
        "notes": entry.notes,
        "written_by_you": entry.created_by_id == user.pk,
        "written_at": entry.created_at.isoformat(),
        "last_changed_at": entry.updated_at.isoformat() if entry.version > 1 else None,
    }


def _assessment_data(assessment, user):
    return {
        "date": assessment.date.isoformat(),
        "answers": assessment.answers,
        "cutting_food_with_feeding_tube": assessment.cutting_food_with_tube,
        "total": assessment.total,
        "filled_in_by_you": assessment.created_by_id == user.pk,
        "filled_in_at": assessment.created_at.isoformat(),
    }


def export_data(user):
    """Everything that is this person's: their account, their memberships, the whole of each
    diary they own, and in other diaries what they wrote themselves. Nothing else.

    Costs four queries, whatever the amount of data.
    """
    # A deleted diary (waiting out its 30 days) is in no list, this one included.
    memberships = list(
        Membership.objects.in_live_diaries().filter(user=user).select_related("diary").order_by("diary_id")
    )
    owned = [m.diary_id for m in memberships if m.role == Role.OWNER]
    others = [m.diary_id for m in memberships if m.role != Role.OWNER]
    theirs = Q(diary_id__in=owned) | Q(diary_id__in=others, created_by=user)
    entries = Entry.objects.filter(theirs).order_by("date", "id")
    assessments = Assessment.objects.filter(theirs).order_by("date", "id")

    by_diary = {m.diary_id: {"entries": [], "assessments": []} for m in memberships}
    for entry in entries:
        by_diary[entry.diary_id]["entries"].append(_entry_data(entry, user))
    for assessment in assessments:
        by_diary[assessment.diary_id]["assessments"].append(_assessment_data(assessment, user))

    return {
        "format": "alscare-account-export",
        "version": EXPORT_FORMAT_VERSION,
        "exported_at": timezone.now().isoformat(),
        "account": {
            "email": user.email,
            "email_addresses": [
                {"email": a.email, "verified": a.verified, "primary": a.primary}
                for a in user.emailaddress_set.order_by("id")
            ],
            "date_joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "diaries": [
            {
                "patient_name": m.diary.patient_name,
                "your_role": m.role,
                "joined_at": m.joined_at.isoformat(),
                "contents": "the whole diary" if m.role == Role.OWNER else "only what you wrote",
                **by_diary[m.diary_id],
            }
            for m in memberships
        ],
    }


@transaction.atomic
def delete_account(user):
    """Delete the account. Diaries they alone own go with it (their members lose access);
    in other diaries only the membership goes, and their entries stay without an author.

    The diary app's pre_delete receiver (alscare.diary.services.forget_member) does that,
    so deleting a user any other way behaves the same."""
    user.delete()
