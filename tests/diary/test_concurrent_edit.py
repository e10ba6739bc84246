"""Two people save the same entry at the same moment: one wins, the other is told, nothing is lost.

The PostgreSQL variant uses two real database connections in two threads, so the conditional
UPDATE ... WHERE version = n is tested against the database's own row locking.
"""

import threading
import time

import pytest
from django.db import connections, transaction

from alscare.diary import services
from alscare.diary.models import Entry


def test_a_stale_version_is_refused_and_nothing_is_overwritten(diary, entry, patient, caregiver):
    services.update_entry(diary, entry.pk, {"notes": "first"}, version=1, by=patient)
    with pytest.raises(services.EditConflict) as conflict:
        services.update_entry(diary, entry.pk, {"notes": "second"}, version=1, by=caregiver)
    assert conflict.value.current.notes == "first"
    entry.refresh_from_db()
    assert (entry.notes, entry.version, entry.updated_by) == ("first", 2, patient)


def test_editing_a_deleted_entry_is_a_conflict_with_nothing_current(diary, entry, patient):
    Entry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(services.EditConflict) as conflict:
        services.update_entry(diary, entry.pk, {"notes": "x"}, version=1, by=patient)
    assert conflict.value.current is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_two_connections_racing_on_one_entry_cannot_both_win(on_postgresql, diary, entry, patient, caregiver):
    results = {}
    both_started = threading.Barrier(2, timeout=10)

    def save(who, user, notes, hold):
        try:
            both_started.wait()
            with transaction.atomic():
                try:
                    services.update_entry(diary, entry.pk, {"notes": notes}, version=1, by=user)
                    results[who] = "saved"
                except services.EditConflict:
                    results[who] = "refused"
                # Keep the row lock a moment so the other connection's UPDATE must wait for us.
                time.sleep(hold)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=("patient", patient, "patient's", 0.3)),
        threading.Thread(target=save, args=("caregiver", caregiver, "caregiver's", 0.3)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)

    assert sorted(results.values()) == ["refused", "saved"], results
    winner = next(who for who, result in results.items() if result == "saved")
    entry.refresh_from_db()
    assert entry.version == 2
    assert entry.notes == f"{winner}'s"
