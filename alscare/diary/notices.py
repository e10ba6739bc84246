"""From the diary to the guide: an area rated 3 (quite bad) or 4 (severe) on most of the last
seven days is named, with a link to the guide page that staff mapped to it (the page's
`diary_areas` in its content file). The wording only points to the reviewed page and the care
team: it neither diagnoses nor advises.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from alscare.guide.models import GuideItem, Status

from .models import SYMPTOM_AREAS

DAYS = 7
# "Most of the last seven days": four or more.
BAD_DAYS_NEEDED = 4
BAD_RATING = 3


@dataclass(frozen=True)
class GuideNotice:
    area: str
    label: str
    bad_days: int
    page_title: str
    page_url: str

    @property
    def sentence(self):
        return f"{self.label} has been quite bad on {self.bad_days} of the last {DAYS} days."


def bad_days_by_area(entries, today):
    """Area name -> how many of the last DAYS days have a rating of 3 or 4 for it. `entries`
    are dicts of the date and the ratings."""
    since = today - timedelta(days=DAYS - 1)
    days = {}
    for entry in entries:
        if not since <= entry["date"] <= today:
            continue
        for name, _ in SYMPTOM_AREAS:
            value = entry[name]
            if value is not None and value >= BAD_RATING:
                days.setdefault(name, set()).add(entry["date"])
    return {name: len(dates) for name, dates in days.items()}


def guide_notices(diary, today=None):
    """Notices for the diary home and the summary: two queries at most."""
    today = today or timezone.localdate()
    entries = diary.entries.filter(date__range=(today - timedelta(days=DAYS - 1), today)).values(
        "date", *[name for name, _ in SYMPTOM_AREAS]
    )
    counts = {name: n for name, n in bad_days_by_area(entries, today).items() if n >= BAD_DAYS_NEEDED}
    if not counts:
        return []
    pages = {}
    for page in (
        GuideItem.objects.filter(status=Status.PUBLISHED).exclude(diary_areas=[]).order_by("order", "title")
    ):
        for area in page.diary_areas:
            pages.setdefault(area, page)
    notices = []
    for name, label in SYMPTOM_AREAS:
        page = pages.get(name)
        if name in counts and page is not None:
            notices.append(GuideNotice(name, label, counts[name], page.title, page.get_absolute_url()))
    return notices
