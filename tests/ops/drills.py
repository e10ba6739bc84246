"""Drills against a running portal: a database outage, and caregivers writing under load.

Each drill returns what it saw and measured; tests assert on it, bench scripts print it.
Every loop is bounded by a count or a deadline, and all traffic goes to 127.0.0.1.
"""

import json
import random
import re
import secrets
import threading
import time
from dataclasses import dataclass, field
from datetime import date, timedelta

import psycopg2

from tests.production_portal import Visitor, manage, wait_until

PASSWORD = "caregiver-drill-password-2026"
UNAVAILABLE_TEXT = "briefly unavailable"


SEED_CAREGIVERS = """
import json
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from alscare.diary import services
from alscare.diary.models import Membership, Role

count, diaries, password, tag = {args!r}
User = get_user_model()
owner_email = f"owner-{{tag}}@example.com"
owner = User.objects.create_user(username=owner_email.split("@")[0], email=owner_email, password=password)
diary_ids = [services.create_diary(owner, f"Load {{tag}} {{n}}").pk for n in range(diaries)]
people = []
for n in range(count):
    email = f"caregiver{{n}}-{{tag}}@example.com"
    user = User.objects.create_user(username=email.split("@")[0], email=email, password=password)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    diary_id = diary_ids[n % diaries]
    Membership.objects.create(diary_id=diary_id, user=user, role=Role.EDITOR)
    people.append([email, diary_id])
print(json.dumps({{"diaries": diary_ids, "caregivers": people}}))
"""


def seed_caregivers(server, count, diaries, password):
    """`count` caregivers, each an editor of one of `diaries` new diaries (shared in turn).

    Returns {"diaries": [id, ...], "caregivers": [[email, diary_id], ...]}.
    """
    tag = secrets.token_hex(4)
    output = manage(server.env, "shell", "-c", SEED_CAREGIVERS.format(args=(count, diaries, password, tag)))
    return json.loads(output.strip().splitlines()[-1])


def entry_fields(notes, day_offset=1):
    """An entry form's fields: a few ratings, a weight, notes, a date in the recent past."""
    return {
        "date": (date.today() - timedelta(days=day_offset)).isoformat(),
        "walking": str(random.randint(0, 4)),
        "speech": str(random.randint(0, 4)),
        "fatigue": "",
        "weight_kg": f"{random.randint(450, 900) / 10:.1f}",
        "notes": notes,
    }


def count_entries(database_url, diary_ids):
    """(rows, sum of versions) of the entries in `diary_ids`, read straight from PostgreSQL."""
    with psycopg2.connect(database_url) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), coalesce(sum(version), 0) FROM diary_entry WHERE diary_id = ANY(%s)",
            [list(diary_ids)],
        )
        rows, versions = cursor.fetchone()
    connection.close()
    return rows, versions


# The database outage


@dataclass
class Observation:
    started: float
    finished: float
    path: str
    status: int  # 0 when no HTTP answer came at all
    retry_after: str | None = None
    friendly: bool = False
    traceback: bool = False


@dataclass
class OutageReport:
    observations: list
    stop_began: float
    stopped: float
    start_began: float
    database_back: float
    first_success_after: float | None
    saved_entries: int
    entry_rows: int
    saves_cut_off: int

    @property
    def outage_seconds(self):
        return self.database_back - self.stop_began

    @property
    def recovery_seconds(self):
        """From the database accepting a new connection again to the first 200 of a diary page."""
        if self.first_success_after is None:
            return None
        return self.first_success_after - self.database_back

    @property
    def restart_to_success_seconds(self):
        """From the command that starts the database to the first 200 of a diary page."""
        if self.first_success_after is None:
            return None
        return self.first_success_after - self.start_began

    def lines(self):
        outage = self.during_outage()
        return [
            f"database away for: {self.outage_seconds:.2f} s (stop command to a new connection succeeding)",
            f"answers while it was down: {len(outage)}, all 503: {all(o.status == 503 for o in outage)}",
            f"database start command to a new connection: {self.database_back - self.start_began:.2f} s",
            f"database start command to first diary page 200: {self.restart_to_success_seconds:.2f} s",
            f"database back (first new connection) to first diary page 200: {self.recovery_seconds:+.2f} s"
            + (
                " (a page was served before the drill's own probe connected)"
                if self.recovery_seconds < 0
                else ""
            ),
            f"answers by status over the whole drill: {self.statuses()}",
            f"entries saved (302): {self.saved_entries}, rows in the database: {self.entry_rows}, "
            f"saves cut off by the stop: {self.saves_cut_off}",
        ]

    def during_outage(self):
        return [o for o in self.observations if o.started >= self.stopped and o.finished <= self.start_began]

    def statuses(self):
        counts = {}
        for observation in self.observations:
            counts[observation.status] = counts.get(observation.status, 0) + 1
        return dict(sorted(counts.items()))


def outage_drill(cluster, server, outage_seconds=3.0, recovery_timeout=30.0):
    """Stop the portal's database while a signed-in caregiver and a reader use the portal,
    start it again, and record every answer until the diary serves again."""
    seed = seed_caregivers(server, count=1, diaries=1, password=PASSWORD)
    email, diary_id = seed["caregivers"][0]
    caregiver = Visitor(server.base_url, timeout=30)
    caregiver.log_in(email, PASSWORD)
    reader = Visitor(server.base_url, timeout=30)
    diary_page = f"/diary/{diary_id}/"
    add_page = f"/diary/{diary_id}/entries/new/"
    form_page = caregiver.get(add_page)

    observations, saved = [], []
    lock = threading.Lock()
    stop = threading.Event()
    everything_ends = time.monotonic() + outage_seconds + recovery_timeout + 30

    def record(visitor, method, path, fields=None):
        started = time.monotonic()
        try:
            response = visitor.request(method, path, fields)
        except OSError:
            observation = Observation(started, time.monotonic(), path, 0)
        else:
            observation = Observation(
                started,
                time.monotonic(),
                path,
                response.status,
                response.header("Retry-After"),
                UNAVAILABLE_TEXT in response.text,
                "Traceback" in response.text,
            )
        with lock:
            observations.append(observation)
        return observation

    def read_pages():
        while not stop.is_set() and time.monotonic() < everything_ends:
            for visitor, path in ((caregiver, diary_page), (reader, "/"), (reader, "/healthz")):
                record(visitor, "GET", path)
            time.sleep(0.05)

    def write_entries():
        token = form_page.hidden_value("csrfmiddlewaretoken")
        number = 0
        while not stop.is_set() and time.monotonic() < everything_ends:
            number += 1
            fields = {**entry_fields(f"outage drill {number}"), "csrfmiddlewaretoken": token}
            if record(caregiver, "POST", add_page, fields).status == 302:
                saved.append(number)
            time.sleep(0.1)

    workers = [threading.Thread(target=read_pages), threading.Thread(target=write_entries)]
    for worker in workers:
        worker.start()
    try:
        time.sleep(1.0)
        stop_began = time.monotonic()
        cluster.stop(mode="fast")
        stopped = time.monotonic()
        time.sleep(outage_seconds)
        start_began = time.monotonic()
        cluster.start(wait=False)
        # Measured from this side: the moment a new connection first succeeds.
        if not wait_until(cluster.accepts_connections, 60, interval=0.01):
            raise RuntimeError(f"the database did not start again:\n{cluster.server_log()}")
        database_back = time.monotonic()

        def diary_serves():
            with lock:
                return any(
                    o.path == diary_page and o.status == 200 and o.started >= database_back
                    for o in observations
                )

        wait_until(diary_serves, recovery_timeout)
        time.sleep(0.5)
    finally:
        stop.set()
        for worker in workers:
            worker.join(timeout=30)

    first_success = min(
        (
            o.finished
            for o in observations
            if o.path == diary_page and o.status == 200 and o.started >= start_began
        ),
        default=None,
    )
    rows, _ = count_entries(server.env["DATABASE_URL"], [diary_id])
    # A save the stop cut off may have reached the database before its answer failed.
    cut_off = sum(
        1 for o in observations if o.path == add_page and o.status != 302 and o.started < stopped < o.finished
    )
    return OutageReport(
        observations,
        stop_began,
        stopped,
        start_began,
        database_back,
        first_success,
        len(saved),
        rows,
        cut_off,
    )


# Writes under load


@dataclass
class LoadReport:
    clients: int
    seconds: float
    requests: int = 0
    errors: int = 0  # 5xx, no answer, or an answer no form should give
    conflicts: int = 0
    added: int = 0
    corrected: int = 0
    rows: int = 0
    versions: int = 0
    wrong_notes: int = 0
    problems: list = field(default_factory=list)

    @property
    def expected_versions(self):
        # Every new entry starts at version 1; every accepted correction adds one.
        return self.added + self.corrected

    @property
    def lost_writes(self):
        return (self.added - self.rows) + (self.expected_versions - self.versions) + self.wrong_notes

    def lines(self):
        return [
            f"clients: {self.clients}, seconds: {self.seconds:g}",
            f"requests: {self.requests}",
            f"errors (5xx or unexpected): {self.errors}",
            f"entries added (302): {self.added}",
            f"corrections saved (302): {self.corrected}",
            f"version conflicts (409, nothing saved): {self.conflicts}",
            f"rows in the database: {self.rows} (expected {self.added})",
            f"sum of versions: {self.versions} (expected {self.expected_versions})",
            f"entries whose notes are not those of their last accepted save: {self.wrong_notes}",
            f"lost writes: {self.lost_writes}",
        ]


EDIT_LINK = re.compile(r'href="/diary/(\d+)/entries/(\d+)/edit/"')


def caregivers_under_load(server, clients=20, seconds=60.0, diaries=4):
    """`clients` caregivers of `diaries` shared diaries add and correct entries for `seconds`.

    Every 302 to an add is one new row; every 302 to a correction is one more version, and
    the entry's notes must then be the ones that correction sent (unless a later one won).
    A 409 is the portal refusing a stale correction: correct, and not a write.
    """
    seed = seed_caregivers(server, count=clients, diaries=min(diaries, clients), password=PASSWORD)
    report = LoadReport(clients=clients, seconds=seconds)
    lock = threading.Lock()
    notes_by_version = {}  # (entry id, version) -> the notes that version was saved with
    added_notes = {}  # note text -> written by an add
    ready = threading.Barrier(clients, timeout=120)

    def count(response=None, failure=None):
        with lock:
            report.requests += 1
            if failure is not None or response.status >= 500:
                report.errors += 1
                if len(report.problems) < 10:
                    report.problems.append(failure or f"{response.status}")
        return response

    def ask(visitor, method, path, fields=None):
        try:
            return count(visitor.request(method, path, fields))
        except OSError as error:
            count(failure=f"{method} {path}: {error!r}")
            return None

    def unexpected(what, response):
        with lock:
            report.errors += 1
            if len(report.problems) < 10:
                report.problems.append(f"{what} answered {response.status}")

    def caregiver(number, email, diary_id):
        visitor = Visitor(server.base_url, timeout=30)
        try:
            visitor.log_in(email, PASSWORD)
        except (AssertionError, OSError) as error:
            with lock:
                report.errors += 1
                report.problems.append(f"logging in: {error}")
            ready.abort()
            return
        rng = random.Random(number)
        try:
            ready.wait()
        except threading.BrokenBarrierError:
            return
        deadline = time.monotonic() + seconds
        writes = 0
        while time.monotonic() < deadline:
            writes += 1
            notes = f"client {number} write {writes}"
            if rng.random() < 0.5:
                page = ask(visitor, "GET", f"/diary/{diary_id}/entries/new/")
                if page is None or page.status != 200:
                    continue
                fields = {
                    **entry_fields(notes, rng.randint(1, 60)),
                    "csrfmiddlewaretoken": page.hidden_value("csrfmiddlewaretoken"),
                }
                answer = ask(visitor, "POST", f"/diary/{diary_id}/entries/new/", fields)
                if answer is None or answer.status >= 500:
                    continue
                if answer.status == 302:
                    with lock:
                        report.added += 1
                        added_notes[notes] = True
                else:
                    unexpected("adding an entry", answer)
                continue
            listing = ask(visitor, "GET", f"/diary/{diary_id}/entries/")
            if listing is None or listing.status != 200:
                continue
            entry_ids = [entry for diary, entry in EDIT_LINK.findall(listing.text) if int(diary) == diary_id]
            if not entry_ids:
                continue
            entry_id = rng.choice(entry_ids)
            edit_path = f"/diary/{diary_id}/entries/{entry_id}/edit/"
            form = ask(visitor, "GET", edit_path)
            if form is None or form.status != 200:
                continue
            version = int(form.hidden_value("version"))
            fields = {
                **entry_fields(notes, rng.randint(1, 60)),
                "version": str(version),
                "csrfmiddlewaretoken": form.hidden_value("csrfmiddlewaretoken"),
            }
            answer = ask(visitor, "POST", edit_path, fields)
            if answer is None or answer.status >= 500:
                continue
            with lock:
                if answer.status == 302:
                    report.corrected += 1
                    notes_by_version[(int(entry_id), version + 1)] = notes
                elif answer.status == 409:
                    report.conflicts += 1
                else:
                    report.errors += 1
                    if len(report.problems) < 10:
                        report.problems.append(f"correcting an entry answered {answer.status}")

    threads = [
        threading.Thread(target=caregiver, args=(number, email, diary_id))
        for number, (email, diary_id) in enumerate(seed["caregivers"])
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 180)

    database_url = server.env["DATABASE_URL"]
    report.rows, report.versions = count_entries(database_url, seed["diaries"])
    with psycopg2.connect(database_url) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, version, notes FROM diary_entry WHERE diary_id = ANY(%s)", [seed["diaries"]]
        )
        for entry_id, version, notes in cursor.fetchall():
            expected = notes_by_version.get((entry_id, version)) if version > 1 else notes
            if version == 1 and notes not in added_notes or version > 1 and notes != expected:
                report.wrong_notes += 1
    connection.close()
    return report
