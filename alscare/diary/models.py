"""The shared symptom diary: a diary per patient, its members, invitations, entries and
ALSFRS-R self-assessments.

Models hold data and invariants; workflows live in `services.py`, access rules in
`permissions.py`.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class Role(models.TextChoices):
    OWNER = "owner", "Owner"
    EDITOR = "editor", "Editor"
    VIEWER = "viewer", "Viewer"


# What each role may do, as the invitation page tells the person invited.
ROLE_HELP = {
    Role.OWNER: "Owners manage members, export and can delete the diary.",
    Role.EDITOR: "Editors add and correct entries.",
    Role.VIEWER: "Viewers read and print the diary.",
}


class Diary(models.Model):
    patient_name = models.CharField("patient's name", max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name_plural = "diaries"

    def __str__(self):
        return f"Diary for {self.patient_name}"


class Membership(models.Model):
    diary = models.ForeignKey(Diary, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="diary_memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["diary", "user"], name="one_membership_per_person")]
        ordering = ["joined_at", "id"]

    def __str__(self):
        return f"{self.user} ({self.role})"


class Invitation(models.Model):
    """A single-use link to join a diary. Only a SHA-256 hash of the token is stored."""

    diary = models.ForeignKey(Diary, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=10, choices=Role.choices)
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


def author_name(user):
    """Who wrote something: their email, or "a former member" once their account is deleted."""
    return user.email if user is not None else "a former member"


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
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    version = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-date", "-created_at", "-id"]
        verbose_name_plural = "entries"
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

    def __str__(self):
        return f"ALSFRS-R of {self.date}"
