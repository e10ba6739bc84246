"""Create the demo accounts and diaries that `make run` shows. Safe to run again.

Every account gets the password from DEMO_PASSWORD (default "demo-als-care-2026"). Each
seeding function returns the accounts it made as (email, what they can do) rows, which the
command prints; to add more demo accounts (for example a clinic staff editor), write another
`seed_...(password)` function and add it to SEEDERS.
"""

import math
import os
import random
from datetime import datetime, time, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from alscare.diary import alsfrs
from alscare.diary.models import SYMPTOM_FIELDS, Assessment, Diary, Entry, Membership, Role
from alscare.guide.staff import make_clinical_reviewer, make_content_editor

DEFAULT_PASSWORD = "demo-als-care-2026"

ALEX = "Alex Demo"
SAM = "Sam Other"


def ensure_account(email, password, **flags):
    """The user with `email` (created if new), with `password` and a verified address."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(username=email.split("@")[0], email=email)
    for name, value in flags.items():
        setattr(user, name, value)
    user.set_password(password)
    user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def ensure_diary(owner, patient_name):
    """The diary for `patient_name` that `owner` owns, created if missing."""
    membership = (
        Membership.objects.filter(user=owner, role=Role.OWNER, diary__patient_name=patient_name)
        .select_related("diary")
        .first()
    )
    if membership:
        return membership.diary
    diary = Diary.objects.create(patient_name=patient_name)
    Membership.objects.create(diary=diary, user=owner, role=Role.OWNER)
    return diary


def ensure_member(diary, user, role):
    Membership.objects.update_or_create(diary=diary, user=user, defaults={"role": role})


# How each area moves over the year: (rating at the start, rating at the end).
ALEX_COURSE = {
    "walking": (1.0, 3.2),
    "hand_coordination": (1.2, 3.0),
    "speech": (0.3, 2.0),
    "swallowing": (0.2, 1.8),
    "breathing": (0.1, 1.3),
    "cramps": (2.2, 1.4),
    "fatigue": (1.8, 3.0),
    "saliva": (0.2, 1.7),
    "pain": (1.0, 1.4),
    "mood": (1.5, 1.8),
    "sleep": (1.2, 2.0),
    "laughing_crying": (0.0, 0.9),
    "constipation": (0.8, 1.6),
}

# Demo notes a family would mark for the next appointment.
FOR_THE_NEUROLOGIST = {
    "Choked a little on rice at dinner. Thicker sauces helped.",
    "Slept badly; woke up twice short of breath.",
}
NOTES = [
    "Tired after the physio session; rested in the afternoon.",
    "Used the walker outside for the first time.",
    "Hard to button the shirt this morning.",
    "Choked a little on rice at dinner. Thicker sauces helped.",
    "Good day. Walked to the corner shop with help.",
    "Cramps in the left calf at night.",
    "Speech therapist suggested trying the communication app.",
    "Slept badly; woke up twice short of breath.",
    "Felt low today. Talked with the support group.",
    "Visited by family, lots of laughter (some of it hard to stop).",
    "Started the new medicine for saliva.",
    "Neurology appointment: brought the summary.",
]

# ALSFRS-R item scores at the start and end of the year (4 = as before ALS).
ALEX_ALSFRS_COURSE = {
    "speech": (4, 2.6),
    "salivation": (4, 2.8),
    "swallowing": (4, 2.9),
    "handwriting": (3, 1.6),
    "cutting_food": (3, 1.8),
    "dressing_hygiene": (3, 2.0),
    "turning_in_bed": (4, 2.4),
    "walking": (3, 1.8),
    "climbing_stairs": (3, 1.2),
    "dyspnea": (4, 3.0),
    "orthopnea": (4, 3.1),
    "respiratory_insufficiency": (4, 3.4),
}


def _clamp(value, low, high):
    return max(low, min(high, value))


def _at(day, hour, minute=0):
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _daily_entries(diary, authors, days, course, rng, rate_probability=0.8, start_weight=72.0):
    today = timezone.localdate()
    entries = []
    for back in range(days, 0, -1):
        day = today - timedelta(days=back)
        if rng.random() < 0.12:
            continue  # some days nobody writes
        progress = 1 - back / days
        ratings = {}
        for name in SYMPTOM_FIELDS:
            if rng.random() > rate_probability:
                ratings[name] = None
                continue
            start, end = course.get(name, (1.0, 1.0))
            value = start + (end - start) * progress + rng.gauss(0, 0.45)
            ratings[name] = int(_clamp(round(value), 0, 4))
        weight = None
        if day.weekday() == 0:
            weight = Decimal(str(round(start_weight - 6 * progress + rng.gauss(0, 0.4), 1)))
        notes = rng.choice(NOTES) if rng.random() < 0.15 else ""
        written_at = _at(day, rng.randint(8, 21), rng.randint(0, 59))
        entries.append(
            Entry(
                diary=diary,
                date=day,
                weight_kg=weight,
                notes=notes,
                for_neurologist=notes in FOR_THE_NEUROLOGIST,
                created_by=rng.choice(authors),
                created_at=written_at,
                updated_at=written_at,
                **ratings,
            )
        )
    Entry.objects.bulk_create(entries)
    return len(entries)


def _monthly_assessments(diary, author, months, course, rng):
    today = timezone.localdate()
    assessments = []
    for back in range(months - 1, -1, -1):
        day = today - timedelta(days=round(back * 30.4) + 1)
        progress = 1 - back / max(months - 1, 1)
        answers = {}
        for key in alsfrs.ITEM_KEYS:
            start, end = course.get(key, (4, 4))
            value = start + (end - start) * progress + rng.gauss(0, 0.3)
            answers[key] = int(_clamp(math.floor(value + 0.5), 0, 4))
        assessments.append(
            Assessment(
                diary=diary,
                date=day,
                answers=answers,
                total=alsfrs.score(answers).total,
                created_by=author,
                created_at=_at(day, 19),
            )
        )
    Assessment.objects.bulk_create(assessments)
    return len(assessments)


@transaction.atomic
def seed_diary_demo(password):
    """Alex Demo's diary with its patient (an owner too), an editor and a viewer; Sam Other's,
    kept apart."""
    patient = ensure_account("patient@example.com", password, first_name="Alex")
    caregiver = ensure_account("caregiver@example.com", password, first_name="Jordan")
    viewer = ensure_account("viewer@example.com", password, first_name="Casey")
    other = ensure_account("other@example.com", password, first_name="Sam")

    alex = ensure_diary(patient, ALEX)
    if alex.patient_id != patient.pk:
        alex.patient = patient
        alex.save(update_fields=["patient"])
    ensure_member(alex, caregiver, Role.EDITOR)
    ensure_member(alex, viewer, Role.VIEWER)
    if alex.symptoms_began_on is None:
        today = timezone.localdate()
        alex.symptoms_began_on = today - timedelta(days=600)
        alex.diagnosed_on = today - timedelta(days=330)
        alex.tracked_areas = ["walking", "speech", "saliva"]
        alex.save(update_fields=["symptoms_began_on", "diagnosed_on", "tracked_areas"])
    sam = ensure_diary(other, SAM)

    rng = random.Random(2026)  # the same demo on every machine
    if not alex.entries.exists():
        _daily_entries(alex, [patient, caregiver, caregiver], 365, ALEX_COURSE, rng)
    if not alex.assessments.exists():
        _monthly_assessments(alex, caregiver, 12, ALEX_ALSFRS_COURSE, rng)
    if not sam.entries.exists():
        _daily_entries(sam, [other], 10, {"walking": (2, 2), "speech": (1, 1)}, rng, 0.5, 80.0)
    if not sam.assessments.exists():
        _monthly_assessments(sam, other, 2, {"walking": (2, 2)}, rng)

    return [
        ("patient@example.com", f"patient (and owner) of the diary for {ALEX}"),
        ("caregiver@example.com", f"editor of the diary for {ALEX}"),
        ("viewer@example.com", f"viewer of the diary for {ALEX}"),
        ("other@example.com", f"owner of the diary for {SAM}; no access to {ALEX}'s"),
    ]


def seed_staff_demo(password):
    """A clinic staff member who edits the care guide and can reach nothing else."""
    editor = ensure_account("editor@example.com", password, is_staff=True)
    make_content_editor(editor)
    return [("editor@example.com", "clinic staff: edits the care guide at /admin/")]


def seed_reviewer_demo(password):
    """A clinical reviewer: approves the editor's changes before patients see them."""
    reviewer = ensure_account("reviewer@example.com", password, is_staff=True)
    make_clinical_reviewer(reviewer)
    return [("reviewer@example.com", "clinical reviewer: approves guide changes at /admin/")]


SEEDERS = [seed_diary_demo, seed_staff_demo, seed_reviewer_demo]


class Command(BaseCommand):
    help = "Create the demo accounts and diaries (idempotent). Password from DEMO_PASSWORD."

    def handle(self, *args, **options):
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_PASSWORD
        rows = []
        for seeder in SEEDERS:
            rows.extend(seeder(password))
        self.stdout.write("Demo accounts (password from DEMO_PASSWORD, default shown in the README):")
        for email, what in rows:
            self.stdout.write(f"  {email:<24} {what}")
