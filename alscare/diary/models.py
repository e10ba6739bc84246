"""The shared symptom diary: a diary per patient, its members, invitations, entries and
ALSFRS-R self-assessments.

Models hold data and invariants; workflows live in `services.py`, access rules in
`permissions.py`.
"""

from datetime import timedelta

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import F, Manager, Q
from django.utils import timezone


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    EDITOR = "editor", "Editor"
    VIEWER = "viewer", "Viewer"


# What each role may do, as the invitation page tells the person invited.
ROLE_HELP = {
    Role.OWNER: "Owners manage members and export; without a patient account they can also delete the diary.",
    Role.EDITOR: "Editors add and correct entries.",
    Role.VIEWER: "Viewers read and print the diary.",
}


# How long a deleted diary or entry can be brought back before `purge_deleted` removes it.
UNDO_PERIOD = timedelta(days=30)


class LiveManager(models.Manager):
    """Hides what was deleted (and is waiting out UNDO_PERIOD): every list, page, chart and
    export reads through it, so a deleted row vanishes from all of them at once."""

    def get_queryset(self):
        return super().get_queryset().filter(deleted_at__isnull=True)


class Diary(models.Model):
    patient_name = models.CharField("patient's name", max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)
    # The account of the person the diary is about. No membership action can touch it: the
    # patient also has an owner Membership (so one lookup finds everyone's access), but the
    # services refuse to remove or change that row.
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="diaries_as_patient",
    )
    # The one member the patient named to act for them, with the patient's powers.
    acting_for_patient = models.ForeignKey(
        "Membership", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    new_members_need_approval = models.BooleanField(
        "new members wait for the patient's approval", default=False
    )
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Both optional. The onset date gives the ALSFRS-R progression rate (see progression.py).
    symptoms_began_on = models.DateField("date symptoms began", null=True, blank=True)
    diagnosed_on = models.DateField("date of diagnosis", null=True, blank=True)
    # The symptom areas (SYMPTOM_FIELDS names) the quick entry form shows first.
    tracked_areas = models.JSONField(default=list, blank=True)

    # Everything, deleted rows too: for bringing back, purging, and deleting with an account.
    all_objects = Manager()
    objects = LiveManager()

    class Meta:
        verbose_name_plural = "diaries"
        default_manager_name = "objects"
        base_manager_name = "all_objects"

    def __str__(self):
        return f"Diary for {self.patient_name}"


class MembershipQuerySet(models.QuerySet):
    def in_live_diaries(self):
        """Memberships of diaries that are not deleted."""
        return self.filter(diary__deleted_at__isnull=True)


class Membership(models.Model):
    diary = models.ForeignKey(Diary, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="diary_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    joined_at = models.DateTimeField(auto_now_add=True)
    # Set when the diary makes new members wait: they cannot open it until the patient agrees.
    waiting_for_approval = models.BooleanField(default=False)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["diary", "user"], name="one_membership_per_person")]
        ordering = ["joined_at", "id"]

    def __str__(self):
        return f"{self.user} ({self.role})"

    @property
    def is_patient(self):
        return self.diary.patient_id is not None and self.user_id == self.diary.patient_id


class Invitation(models.Model):
    """A single-use link to join a diary. Only a SHA-256 hash of the token is stored."""

    diary = models.ForeignKey(Diary, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=10, choices=Role.choices)
    # Accepting makes the person the diary's patient (with an owner's membership).
    as_patient = models.BooleanField(default=False)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"Invitation to {self.diary_id} as {self.role}"


def display_name(user):
    """The name a member goes by in every diary: the one they chose (kept in the account's
    first_name), else the part of their address before the @; "a former member" once their
    account is deleted. Never the whole email address."""
    if user is None:
        return "a former member"
    return user.first_name.strip() or user.email.partition("@")[0] or "a member"


# Kept for the places that name who wrote an entry.
author_name = display_name


class Rating(models.IntegerChoices):
    NONE = 0, "0 None"
    MILD = 1, "1 Mild"
    MODERATE = 2, "2 Moderate"
    QUITE_BAD = 3, "3 Quite bad"
    SEVERE = 4, "4 Severe"

    @property
    def word(self):
        """The rating as a sentence says it: "moderate"."""
        return self.label.partition(" ")[2].lower()


# The symptom areas a person may rate, in the order the form shows them: (field, label).
SYMPTOM_AREAS = [
    ("walking", "Walking"),
    ("hand_coordination", "Hand coordination"),
    ("speech", "Speech"),
    ("swallowing", "Swallowing"),
    ("breathing", "Breathing"),
    ("cramps", "Cramps and twitching"),
    ("fatigue", "Fatigue"),
    ("saliva", "Saliva"),
    ("pain", "Pain"),
    ("mood", "Mood"),
    ("sleep", "Sleep"),
    ("laughing_crying", "Uncontrolled laughing or crying"),
    ("constipation", "Constipation"),
]
SYMPTOM_FIELDS = [name for name, _ in SYMPTOM_AREAS]


def _rating_field(label):
    return models.PositiveSmallIntegerField(label, choices=Rating.choices, null=True, blank=True)


class Entry(models.Model):
    """One day's notes. `version` grows by one on every saved change (optimistic locking)."""

    diary = models.ForeignKey(Diary, on_delete=models.CASCADE, related_name="entries")
    date = models.DateField()
    walking = _rating_field("Walking")
    hand_coordination = _rating_field("Hand coordination")
    speech = _rating_field("Speech")
    swallowing = _rating_field("Swallowing")
    breathing = _rating_field("Breathing")
    cramps = _rating_field("Cramps and twitching")
    fatigue = _rating_field("Fatigue")
    saliva = _rating_field("Saliva")
    pain = _rating_field("Pain")
    mood = _rating_field("Mood")
    sleep = _rating_field("Sleep")
    laughing_crying = _rating_field("Uncontrolled laughing or crying")
    constipation = _rating_field("Constipation")
    weight_kg = models.DecimalField("weight (kg)", max_digits=5, decimal_places=1, null=True, blank=True)
    # About four typed pages: more than a day's notes need, and a cap on what every diary
    # page repeats. Forms read it from here.
    notes = models.TextField(blank=True, max_length=10_000)
    # The note is something to raise at the next appointment: the summary lists it first.
    for_neurologist = models.BooleanField("for the neurologist", default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    # Everything, deleted rows too: for bringing back, purging, and deleting with an account.
    all_objects = Manager()
    objects = LiveManager()

    class Meta:
        ordering = ["-date", "-created_at", "-id"]
        verbose_name_plural = "entries"
        default_manager_name = "objects"
        base_manager_name = "all_objects"
        # The diary home and the entry list read a diary's newest live entries: with this
        # index that costs the same with ten years of entries as with ten.
        indexes = [
            models.Index(
                "diary",
                F("date").desc(),
                F("created_at").desc(),
                F("id").desc(),
                name="entry_newest_first",
                condition=Q(deleted_at__isnull=True),
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(weight_kg__isnull=True) | Q(weight_kg__gt=0), name="entry_weight_positive"
            )
        ]

    def __str__(self):
        return f"Entry {self.pk} of {self.date}"

    @property
    def ratings(self):
        """(area label, rating, rating in words) for each rated area, in form order."""
        rated = [(label, getattr(self, name)) for name, label in SYMPTOM_AREAS]
        return [(label, value, Rating(value).word) for label, value in rated if value is not None]

    @property
    def was_edited(self):
        return self.version > 1


class Assessment(models.Model):
    """An ALSFRS-R self-assessment: the answer (0-4) to each of the 12 items, by item key."""

    diary = models.ForeignKey(Diary, on_delete=models.CASCADE, related_name="assessments")
    date = models.DateField()
    answers = models.JSONField()
    # Item 5 has a second set of answers for people with a feeding tube; scores are the same.
    cutting_food_with_tube = models.BooleanField(default=False)
    total = models.PositiveSmallIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-date", "-created_at", "-id"]
        # The diary home shows a diary's latest assessment.
        indexes = [
            models.Index(
                "diary",
                F("date").desc(),
                F("created_at").desc(),
                F("id").desc(),
                name="assessment_newest_first",
            )
        ]

    def __str__(self):
        return f"ALSFRS-R of {self.date}"


# Activity is kept this long, then `prune_diary_activity` deletes it. The database trigger
# below refuses to delete anything younger, so the number is written there too (in days).
ACTIVITY_RETENTION = timedelta(days=365)


class Activity(models.Model):
    """One thing someone did with a diary: insert-only, kept for ACTIVITY_RETENTION.

    `diary`, `actor` and `member` are deliberately not enforced as foreign keys and are never
    cascaded: a deleted account or a purged diary must not rewrite the record, and on
    PostgreSQL the trigger refuses every UPDATE and every DELETE of a row younger than a year.
    """

    class Kind(models.TextChoices):
        VIEWED = "viewed", "viewed the diary"
        PRINTED = "printed", "opened the appointment summary to print"
        EXPORTED = "exported", "downloaded the entries as CSV"
        ENTRY_ADDED = "entry_added", "added an entry"
        ENTRY_CHANGED = "entry_changed", "changed an entry"
        ENTRY_DELETED = "entry_deleted", "deleted an entry"
        ENTRY_RESTORED = "entry_restored", "brought back a deleted entry"
        ASSESSMENT_ADDED = "assessment_added", "recorded an ALSFRS-R self-assessment"
        ASSESSMENT_DELETED = "assessment_deleted", "deleted an ALSFRS-R self-assessment"
        INVITED = "invited", "sent an invitation"
        JOINED = "joined", "joined the diary"
        APPROVED = "approved", "let a waiting member in"
        ROLE_CHANGED = "role_changed", "changed a member's role"
        REMOVED = "removed", "removed a member"
        LEFT = "left", "left the diary"
        DIARY_DELETED = "diary_deleted", "deleted the diary"
        DIARY_RESTORED = "diary_restored", "brought back the diary"
        SETTING_CHANGED = "setting_changed", "changed whether new members wait for approval"
        ACTING_GRANTED = "acting_granted", "named a member to act for the patient"
        ACTING_WITHDRAWN = "acting_withdrawn", "withdrew acting for the patient"

    diary = models.ForeignKey(
        Diary, on_delete=models.DO_NOTHING, db_constraint=False, related_name="activity"
    )
    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    kind = models.CharField(max_length=20, choices=Kind.choices)
    # The member an action was about (joined, removed, role changed, ...), if any.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
    )
    detail = models.CharField(max_length=60, blank=True)
    acting_for_patient = models.BooleanField(default=False)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name_plural = "activity"
        indexes = [models.Index(fields=["diary", "-at"], name="activity_by_diary_newest")]
        triggers = [
            pgtrigger.Protect(name="activity_is_never_changed", operation=pgtrigger.Update),
            pgtrigger.Protect(
                name="activity_is_kept_a_year",
                operation=pgtrigger.Delete,
                condition=pgtrigger.Condition("OLD.at > now() - interval '365 days'"),
            ),
        ]

    def __str__(self):
        return f"{self.kind} at {self.at:%Y-%m-%d %H:%M}"


class Reminder(models.Model):
    """A member's own opt-in reminder for one diary. The mail names no health data."""

    class Kind(models.TextChoices):
        DAILY_ENTRY = "daily_entry", "Every day: add an entry"
        WEEKLY_ENTRY = "weekly_entry", "Every week: add an entry"
        MONTHLY_ALSFRS = "monthly_alsfrs", "Every month: fill in the ALSFRS-R"

    membership = models.ForeignKey(Membership, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["membership", "kind"], name="one_reminder_per_kind")]

    def __str__(self):
        return f"{self.kind} reminder {self.pk}"


class ReminderSent(models.Model):
    """A reminder claimed for one period (the first day of its day, week or month). The unique
    constraint is the claim: a second worker's insert for the same period fails, so each
    reminder goes out once per period however many workers run."""

    reminder = models.ForeignKey(Reminder, on_delete=models.CASCADE, related_name="sent")
    period_start = models.DateField()
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["reminder", "period_start"], name="one_reminder_per_period")
        ]

    def __str__(self):
        return f"reminder {self.reminder_id} for {self.period_start}"
