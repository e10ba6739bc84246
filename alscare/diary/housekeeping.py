"""What the diary keeps only for a while: deleted diaries and entries past the 30 days they
can be brought back in, and activity past a year. Run daily by the task worker (see
alscare/schedule.py); `manage.py purge_deleted` and `prune_diary_activity` do the same by hand."""

from datetime import timedelta

from alscare.schedule import recurring

from .services import prune_activity, purge_deleted


@recurring(every=timedelta(days=1))
def diary_housekeeping():
    diaries, entries = purge_deleted()
    activity = prune_activity()
    return {"diaries_purged": diaries, "entries_purged": entries, "activity_pruned": activity}
