"""Two gunicorn app servers on one PostgreSQL and one Redis, as the two-server layout in the
README runs them: a person may be sent to either server at any request."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import Argon2PasswordHasher
from django.urls import reverse

from alscare.guide.models import GuideItem
from tests.conftest import CONTENT_DIR
from tests.production_portal import PortalServer, Visitor, manage, production_env

pytestmark = pytest.mark.postgres

PASSWORD = "two-servers-and-one-truth"
SECTION = "/guide/als-medicines/"
# Hashed as the servers hash: the tests' own fast hasher is unknown to them.
_hasher = Argon2PasswordHasher()
SERVER_HASH = _hasher.encode(PASSWORD, _hasher.salt())


def make_person(email):
    from allauth.account.models import EmailAddress

    user = get_user_model().objects.create(username=email.split("@")[0], email=email, password=SERVER_HASH)
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


@pytest.fixture
def two_servers(on_postgresql, transactional_db, shared_redis, database_url):
    from alscare.guide.loading import load_content

    load_content(CONTENT_DIR)
    # One environment for both: the same SECRET_KEY, database and Redis, as in production.
    env = production_env(database_url, shared_redis, STAFF_MFA_REQUIRED="0")
    manage(env, "collectstatic", "--noinput")
    servers = []
    try:
        for _ in range(2):
            servers.append(PortalServer(env, workers=1, health_path="/robots.txt").start())
        yield servers
    finally:
        logs = [server.stop() for server in servers]
    for log in logs:
        assert "Traceback" not in log, log


def test_a_person_signs_in_on_one_server_and_carries_on_on_the_other(two_servers):
    first, second = two_servers
    make_person("kim@example.com")
    visitor = Visitor(first.base_url)

    signed_in = visitor.submit("/accounts/login/", {"login": "kim@example.com", "password": PASSWORD})
    assert signed_in.status == 302

    visitor.on(second.base_url)
    diaries = visitor.get("/diary/")
    assert diaries.status == 200
    assert "Log out" in diaries.text
    created = visitor.submit("/diary/new/", {"patient_name": "Kim Two-Servers"})
    assert created.status == 302, created.text[:2000]
    diary_page = visitor.on(first.base_url).get(created.header("Location"))
    assert diary_page.status == 200
    assert "Kim Two-Servers" in diary_page.text


def test_a_page_published_through_one_server_is_fresh_on_the_other(two_servers):
    from alscare.guide.loading import item_data
    from alscare.guide.revisions import edit_token, save_revision
    from alscare.guide.staff import make_clinical_reviewer, make_content_editor

    first, second = two_servers
    page = GuideItem.objects.get(slug="riluzole").kind_item
    changed = {**item_data(page), "summary": "Riluzole, as the clinic now words it."}
    editor = make_content_editor(make_person("editor@example.com"))
    revision = save_revision(page.pk, changed, by=editor, token=edit_token(page))
    make_clinical_reviewer(make_person("reviewer@example.com"))
    visitor = Visitor(second.base_url)
    for _ in range(2):
        assert page.summary in visitor.get(SECTION).text
        assert "as the clinic now words it" not in visitor.get(page.get_absolute_url()).text
    assert visitor.get(SECTION, headers={"If-None-Match": visitor.get(SECTION).header("ETag")}).status == 304

    reviewer = Visitor(first.base_url)
    signed_in = reviewer.submit("/accounts/login/", {"login": "reviewer@example.com", "password": PASSWORD})
    assert signed_in.status == 302
    approved = reviewer.submit(
        reverse("admin:guide_medicine_review", args=[page.pk]),
        {
            "revision": revision.pk,
            "version": revision.version,
            "decision": "approve",
            "reviewer_note": "Fine.",
        },
        form_path=reverse("admin:guide_medicine_change", args=[page.pk]),
    )
    assert approved.status == 302
    assert GuideItem.objects.get(pk=page.pk).summary == changed["summary"]

    assert changed["summary"] in visitor.get(SECTION).text
    assert "as the clinic now words it" in visitor.get(page.get_absolute_url()).text
    assert changed["summary"] in Visitor(first.base_url).get(SECTION).text


def test_a_login_limit_tripped_on_one_server_holds_on_the_other(two_servers):
    first, second = two_servers
    make_person("sam@example.com")
    guesser = Visitor(first.base_url)
    for attempt in range(6):
        wrong = guesser.submit(
            "/accounts/login/", {"login": "sam@example.com", "password": f"guess-{attempt}"}
        )
        assert wrong.status == 200

    owner = Visitor(second.base_url)
    refused = owner.submit("/accounts/login/", {"login": "sam@example.com", "password": PASSWORD})

    assert refused.status != 302
    assert "Too many failed login attempts" in refused.text
    assert "sessionid" not in owner.cookies


def test_static_files_are_hashed_compressed_and_kept_a_year(two_servers):
    first, _ = two_servers
    home = Visitor(first.base_url).get("/")
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', home.text).group(1)

    answer = Visitor(first.base_url).get(stylesheet, headers={"Accept-Encoding": "gzip"})

    assert answer.status == 200
    assert answer.header("Content-Encoding") in ("gzip", "br")
    max_age = int(re.search(r"max-age=(\d+)", answer.header("Cache-Control")).group(1))
    assert max_age >= 365 * 24 * 60 * 60
