"""The care guide: one model per kind of page, sharing a common base table.

Multi-table inheritance keeps what every page has (title, summary, body, sources, review
dates) in one table, so search, the sitemap and related links work across the whole guide
with one query, while each kind keeps its own structured fields.
"""

import calendar
import datetime

import pgtrigger
from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from simple_history.models import HistoricalRecords

from .rendering import render_markdown


class Section(models.TextChoices):
    DIAGNOSIS = "diagnosis", "How ALS is diagnosed"
    ALS_MEDICINES = "als-medicines", "Medicines for ALS"
    SYMPTOM_MEDICINES = "symptom-medicines", "Medicines for symptoms"
    THERAPIES = "therapies", "Therapies and the care team"
    LIVING = "living-with-als", "Living with ALS"
    APPOINTMENTS = "appointments", "Preparing for appointments"


class Status(models.TextChoices):
    PUBLISHED = "published", "Published"
    DRAFT = "draft", "Draft"


REVIEW_SOON_DAYS = 30


def add_months(day, months):
    """The same day `months` later, or the month's last day if it is shorter."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


class GuideItemQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)

    def review_due(self, within_days=REVIEW_SOON_DAYS):
        """Items whose next review has passed or falls within the coming `within_days`."""
        horizon = timezone.localdate() + datetime.timedelta(days=within_days)
        return self.filter(next_review__lte=horizon)


class PageVersion(models.Model):
    """What each version in a page's history keeps besides the page's own fields."""

    sources_snapshot = models.JSONField(default=list, blank=True)
    related_snapshot = models.JSONField(default=list, blank=True)
    # The reviewed revision this version published, if it came through clinical sign-off.
    revision = models.ForeignKey(
        "guide.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        abstract = True


class GuideItem(models.Model):
    """What every page of the guide has, whatever its kind."""

    section = models.CharField(
        max_length=32,
        choices=Section.choices,
        help_text="The part of the guide this page belongs to.",
    )
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="The last part of the page's web address. Lowercase letters, digits and "
        "hyphens; changing it breaks links people have saved.",
    )
    title = models.CharField(max_length=120, help_text="The page heading, in everyday words.")
    summary = models.CharField(
        max_length=240,
        help_text="One plain sentence that tells a reader what the page covers. Shown in "
        "lists and search results.",
    )
    body = models.TextField(
        help_text="The page text in Markdown. Start headings at '##'. Write for a reading "
        "age of about 12 and explain each medical word the first time it appears.",
    )
    order = models.PositiveIntegerField(
        default=100, help_text="Position within its section: smaller numbers come first."
    )
    status = models.CharField(
        max_length=12,
        choices=Status.choices,
        default=Status.PUBLISHED,
        help_text="Drafts are never shown to the public; preview them from this page.",
    )
    last_reviewed = models.DateField(help_text="When a clinician last checked this page.")
    next_review = models.DateField(help_text="When this page must be checked again.")
    warnings = models.JSONField(
        default=list,
        blank=True,
        help_text="Safety points shown in a marked box near the top of the page, one per line as "
        "'What to know | https://address of one of the page's sources'. Every medicine page needs "
        "at least one.",
    )
    get_help_now = models.JSONField(
        "get help now",
        default=dict,
        blank=True,
        help_text="Signs that need a call, one per line: 'Emergency: ...' (call 911 now), "
        "'Today: ...' (call your care team today), and one 'Source: https://...' naming one of the "
        "page's sources.",
    )
    terms = models.JSONField(
        "glossary terms",
        default=list,
        blank=True,
        help_text="Only on the glossary page: one term per line as 'Term: what it means'. The first "
        "use of each term on every guide page links here.",
    )
    diary_areas = models.JSONField(
        default=list,
        blank=True,
        help_text="Diary areas, one per line (for example saliva): when one has been quite bad "
        "or severe on most of the last seven days, the diary links to this page.",
    )
    related = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        help_text="Other pages to suggest at the end of this one.",
    )
    source_path = models.CharField(
        max_length=255,
        blank=True,
        editable=False,
        help_text="The content file this page was last loaded from.",
    )
    loaded_fingerprint = models.CharField(
        max_length=64,
        blank=True,
        editable=False,
        help_text="Fingerprint of the page as last loaded from or written to its file; a "
        "different fingerprint now means staff edited it since.",
    )
    updated_at = models.DateTimeField(auto_now=True)
    # The page's words for full-text search, weighted title, summary, then text. PostgreSQL
    # keeps it (the trigger below, on every insert and update, whichever code writes the
    # row) and indexes it (GIN, migration 0007); elsewhere it stays empty.
    search_document = SearchVectorField(null=True, editable=False)

    objects = GuideItemQuerySet.as_manager()

    class Meta:
        ordering = ["section", "order", "title"]
        indexes = [models.Index(fields=["section", "status", "order"])]
        triggers = [
            pgtrigger.Trigger(
                name="search_document_follows_the_text",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert | pgtrigger.Update,
                func="""
                    NEW.search_document :=
                        setweight(to_tsvector('english'::regconfig, COALESCE(NEW.title, '')), 'A')
                        || setweight(to_tsvector('english'::regconfig, COALESCE(NEW.summary, '')), 'B')
                        || setweight(to_tsvector('english'::regconfig, COALESCE(NEW.body, '')), 'C');
                    RETURN NEW;
                """,
            )
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        # Each kind lives in exactly one section; staff never have to choose it.
        self.section = getattr(type(self), "SECTION", self.section)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("guide:item", kwargs={"section": self.section, "slug": self.slug})

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    @property
    def review_state(self):
        today = timezone.localdate()
        if self.next_review < today:
            return "overdue"
        if self.next_review <= today + datetime.timedelta(days=REVIEW_SOON_DAYS):
            return "due soon"
        return "current"

    def mark_reviewed(self, on=None, months=None):
        """Record a review: reviewed on `on` (today), next review `months` later."""
        on = on or timezone.localdate()
        self.last_reviewed = on
        self.next_review = add_months(on, months or settings.GUIDE_REVIEW_INTERVAL_MONTHS)

    @cached_property
    def body_html(self):
        return render_markdown(self.body)

    @property
    def kind_item(self):
        """This page as its own kind (a Medicine, a Therapy...), for its structured fields."""
        from .sections import SECTIONS

        model = SECTIONS[self.section].model
        if isinstance(self, model):
            return self
        return getattr(self, model._meta.model_name)


class GuidePage(GuideItem):
    """Every page of the guide in one list, whatever its kind, for staff."""

    class Meta:
        proxy = True
        verbose_name = "guide page (all sections)"
        verbose_name_plural = "guide pages (all sections)"


class PageDueForReview(GuideItem):
    """Pages whose review is overdue or due within REVIEW_SOON_DAYS."""

    class Meta:
        proxy = True
        verbose_name = "page due for review"
        verbose_name_plural = "pages due for review"


class Source(models.Model):
    item = models.ForeignKey(GuideItem, on_delete=models.CASCADE, related_name="sources")
    title = models.CharField(
        max_length=300, help_text="The source's title and publisher, as a reader would search for it."
    )
    url = models.URLField(
        max_length=500,
        validators=[
            RegexValidator(r"^https://", "Use a secure address that starts with https://.", code="insecure")
        ],
        help_text="A stable https:// address.",
    )
    position = models.PositiveIntegerField(default=0, help_text="Order in the list: smaller numbers first.")

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "id"]

    def __str__(self):
        return self.title


class DiagnosticTest(GuideItem):
    SECTION = Section.DIAGNOSIS

    what_it_shows = models.TextField(help_text="What the test can show or rule out.")
    how_it_is_done = models.TextField(help_text="What happens during the test, in a sentence or two.")
    preparation = models.TextField(blank=True, help_text="What to do beforehand, if anything.")

    history = HistoricalRecords(bases=[PageVersion], excluded_fields=["search_document"])

    kind_fields = ["what_it_shows", "how_it_is_done", "preparation"]


class Medicine(GuideItem):
    SECTION = Section.ALS_MEDICINES

    class RegulatoryStatus(models.TextChoices):
        APPROVED = "approved", "Approved"
        ACCELERATED = "accelerated-approval", "Accelerated approval"
        WITHDRAWN = "withdrawn", "Withdrawn from the market"

    generic_name = models.CharField(max_length=200, help_text="The medicine's generic name.")
    brand_names = models.JSONField(default=list, blank=True, help_text="Brand names, one per line.")
    forms = models.JSONField(
        default=list,
        help_text="One form per line, as 'Form: how it is taken', for example "
        "'Tablet: by mouth, twice a day'.",
    )
    regulatory_status = models.CharField(
        max_length=24,
        choices=RegulatoryStatus.choices,
        help_text="Its current status with the US Food and Drug Administration (FDA).",
    )
    status_date = models.DateField(help_text="The date of that approval or withdrawal.")
    status_note = models.TextField(help_text="What that status means for the reader.")
    side_effects = models.JSONField(default=list, help_text="Side effects, one per line.")
    monitoring = models.TextField(blank=True, help_text="Tests or checks while taking it.")

    history = HistoricalRecords(bases=[PageVersion], excluded_fields=["search_document"])

    kind_fields = [
        "generic_name",
        "brand_names",
        "forms",
        "regulatory_status",
        "status_date",
        "status_note",
        "side_effects",
        "monitoring",
    ]

    @property
    def is_withdrawn(self):
        return self.regulatory_status == self.RegulatoryStatus.WITHDRAWN


class SymptomTreatment(GuideItem):
    SECTION = Section.SYMPTOM_MEDICINES

    symptom = models.CharField(max_length=200, help_text="The symptom in everyday words.")
    medicines = models.JSONField(default=list, help_text="Medicines doctors may use, one per line.")
    other_help = models.JSONField(
        default=list, blank=True, help_text="Help that is not a medicine, one per line."
    )

    history = HistoricalRecords(bases=[PageVersion], excluded_fields=["search_document"])

    kind_fields = ["symptom", "medicines", "other_help"]


class Therapy(GuideItem):
    SECTION = Section.THERAPIES

    provided_by = models.JSONField(default=list, help_text="Who gives this care, one per line.")
    helps_with = models.JSONField(default=list, help_text="What it helps with, one per line.")

    history = HistoricalRecords(bases=[PageVersion], excluded_fields=["search_document"])

    kind_fields = ["provided_by", "helps_with"]

    class Meta:
        verbose_name_plural = "therapies"


class CopingTopic(GuideItem):
    SECTION = Section.LIVING

    key_points = models.JSONField(default=list, help_text="The main points, one per line.")

    history = HistoricalRecords(bases=[PageVersion], excluded_fields=["search_document"])

    kind_fields = ["key_points"]


class AppointmentGuide(GuideItem):
    SECTION = Section.APPOINTMENTS

    checklist = models.JSONField(default=list, help_text="Things to do or bring, one per line.")

    history = HistoricalRecords(bases=[PageVersion], excluded_fields=["search_document"])

    kind_fields = ["checklist"]


class Revision(models.Model):
    """The next version of a page, written in the admin, waiting for a clinical reviewer.

    `content` holds the page as its content file does (what item_data gives), so a revision
    carries every field of the page without naming any of them. A page has at most one open
    revision (waiting or sent back); approval publishes it and closes it.
    """

    class State(models.TextChoices):
        WAITING = "waiting", "Waiting for review"
        SENT_BACK = "sent-back", "Sent back to the editor"
        PUBLISHED = "published", "Published"
        REPLACED = "replaced", "Replaced by a load from the content files"

    OPEN_STATES = (State.WAITING, State.SENT_BACK)

    item = models.ForeignKey(GuideItem, on_delete=models.CASCADE, related_name="revisions")
    content = models.JSONField(encoder=DjangoJSONEncoder)
    state = models.CharField(max_length=12, choices=State.choices, default=State.WAITING)
    # Raised by every save: an editor's save only lands on the version they opened.
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(default=timezone.now)
    editors = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="+",
        help_text="Everyone who saved this revision: none of them may approve it.",
    )
    editor_note = models.TextField(blank=True)
    reviewer_note = models.TextField(blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "change waiting for review"
        verbose_name_plural = "changes waiting for review"
        permissions = [("approve_revision", "Can approve and publish changes to the guide")]
        constraints = [
            models.UniqueConstraint(
                fields=["item"],
                condition=models.Q(state__in=["waiting", "sent-back"]),
                name="one_open_revision_per_page",
            )
        ]

    def __str__(self):
        return f"Changes to {self.content.get('title') or self.item.title}"

    @property
    def is_open(self):
        return self.state in self.OPEN_STATES
