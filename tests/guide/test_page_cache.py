"""The public guide's pages come from the shared cache for visitors who are not signed in,
and every way a page changes (a load, an admin edit, a revert, a delete) clears them once it
commits. These tests commit for real (transactional_db), as production does."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import reverse

from alscare.guide.loading import load_content
from alscare.guide.models import GuideItem
from alscare.guide.page_cache import GENERATION_KEY, public_page

from .admin_forms import admin_form_data
from .factories import write_item, write_tree
from .test_admin import approve_in_admin, edit_in_admin

ITEM = "/guide/diagnosis/emg-test/"
PUBLIC_PAGES = ["/", "/guide/diagnosis/", ITEM, "/search/?q=cramps", "/sitemap.xml"]


@pytest.fixture
def small_guide(transactional_db, tmp_path):
    load_content(write_tree(tmp_path))
    return tmp_path


@pytest.fixture
def editor_client(transactional_db):
    from alscare.guide.staff import make_content_editor

    editor = make_content_editor(get_user_model().objects.create_user("editor", "editor@example.com", "pw"))
    client = Client()
    client.force_login(editor)
    return client


def text(response):
    return response.content.decode()


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_repeat_visit_is_answered_without_the_database(small_guide, django_assert_num_queries, path):
    first = Client().get(path)

    with django_assert_num_queries(0):
        again = Client().get(path)

    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_anonymous_pages_may_be_kept_briefly_and_set_no_cookie(small_guide, path):
    for response in (Client().get(path), Client().get(path)):
        assert response["Cache-Control"] == "public, max-age=60"
        assert response["ETag"]
        assert response["Last-Modified"]
        assert "Cookie" in response["Vary"]
        assert not response.cookies
        assert response["Content-Security-Policy"]
        assert response["X-Frame-Options"] == "DENY"


def test_an_address_with_a_parameter_the_page_does_not_read_is_rendered_but_not_kept(
    small_guide, django_assert_num_queries
):
    assert Client().get("/guide/diagnosis/?utm_source=newsletter").status_code == 200
    assert Client().get("/search/?q=cramps&page=1&ref=mail").status_code == 200

    again = Client().get("/guide/diagnosis/?utm_source=newsletter")
    kept = Client().get("/search/?q=cramps&page=1")
    with django_assert_num_queries(0):
        Client().get("/search/?q=cramps&page=1")

    assert "ETag" not in again
    assert kept["ETag"]


def test_the_search_forms_need_no_csrf_token(small_guide):
    for path in ["/", "/search/?q=cramps"]:
        assert "csrfmiddlewaretoken" not in text(Client().get(path))


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_conditional_get_answers_304(small_guide, path):
    first = Client().get(path)

    by_etag = Client().get(path, headers={"If-None-Match": first["ETag"]})
    by_date = Client().get(path, headers={"If-Modified-Since": first["Last-Modified"]})
    changed = Client().get(path, headers={"If-None-Match": '"something-else"'})

    assert by_etag.status_code == 304
    assert by_etag.content == b""
    assert by_date.status_code == 304
    assert changed.status_code == 200


def test_signed_in_pages_are_private_and_never_reach_the_cache(small_guide):
    reader = get_user_model().objects.create_user("reader", "reader@example.com", "pw")
    signed_in = Client()
    signed_in.force_login(reader)

    mine = signed_in.get(ITEM)
    public = Client().get(ITEM)

    assert mine["Cache-Control"] == "private, no-store"
    assert "ETag" not in mine
    assert "Log out" in text(mine)
    assert "Log out" not in text(public)
    assert "csrfmiddlewaretoken" not in text(public)
    assert "Log out" not in text(Client().get(ITEM))


def test_loading_changed_files_shows_the_new_text_at_once(small_guide):
    assert "An EMG records muscle electricity." in text(Client().get(ITEM))
    old_etag = Client().get(ITEM)["ETag"]
    assert ITEM not in text(Client().get("/search/?q=freshly"))

    write_item(
        small_guide, "diagnosis", "emg-test", body="A freshly loaded EMG page.", related=["cramp-care"]
    )
    load_content(small_guide)

    fresh = Client().get(ITEM, headers={"If-None-Match": old_etag})
    assert fresh.status_code == 200
    assert "A freshly loaded EMG page." in text(fresh)
    assert ITEM in text(Client().get("/search/?q=freshly"))


def test_an_approval_and_an_approved_revert_show_at_once(small_guide, editor_client):
    item = GuideItem.objects.get(slug="emg-test")
    assert "A summary of emg-test." in text(Client().get("/guide/diagnosis/"))

    edit_in_admin(editor_client, item, summary="A summary edited by the clinic.")
    assert "A summary of emg-test." in text(Client().get("/guide/diagnosis/"))
    approve_in_admin(item)
    assert "A summary edited by the clinic." in text(Client().get("/guide/diagnosis/"))

    before = item.kind_item.history.order_by("history_date")[0]
    revert_url = reverse("admin:guide_diagnostictest_simple_history", args=[item.pk, before.history_id])
    editor_client.post(revert_url, admin_form_data(editor_client.get(revert_url)))
    assert "A summary edited by the clinic." in text(Client().get("/guide/diagnosis/"))
    approve_in_admin(item)
    assert "A summary of emg-test." in text(Client().get("/guide/diagnosis/"))


def test_a_preview_of_pending_changes_never_reaches_the_public_pages(small_guide, editor_client):
    item = GuideItem.objects.get(slug="emg-test")
    edit_in_admin(editor_client, item, summary="A summary waiting for review.")
    Client().get(ITEM)

    preview = editor_client.get(reverse("guide:preview", args=["diagnosis", "emg-test"]))

    assert "A summary waiting for review." in text(preview)
    for path in [ITEM, "/guide/diagnosis/"]:
        assert "A summary waiting for review." not in text(Client().get(path))


def test_a_deleted_or_unpublished_page_is_gone_at_once(small_guide):
    assert Client().get(ITEM).status_code == 200
    assert "cramp-care" in text(Client().get("/sitemap.xml"))

    with transaction.atomic():
        item = GuideItem.objects.get(slug="emg-test").kind_item
        item.status = "draft"
        item.save()
    assert Client().get(ITEM).status_code == 404

    GuideItem.objects.filter(slug="cramp-care").delete()
    assert "cramp-care" not in text(Client().get("/sitemap.xml"))


def test_a_write_rolled_back_leaves_the_cached_pages_alone(small_guide):
    Client().get(ITEM)
    generation = cache.get(GENERATION_KEY)

    with pytest.raises(RuntimeError), transaction.atomic():
        GuideItem.objects.filter(slug="emg-test").get().kind_item.save()
        raise RuntimeError("the preview ends")

    assert cache.get(GENERATION_KEY) == generation


def test_a_load_changes_the_generation_once_when_it_commits(small_guide):
    generation = cache.get(GENERATION_KEY)
    seen = []

    with transaction.atomic():
        write_item(small_guide, "therapies", "new-therapy")
        load_content(small_guide)
        seen.append(cache.get(GENERATION_KEY))

    assert seen == [generation]
    assert cache.get(GENERATION_KEY) != generation


def test_a_page_that_set_a_cookie_or_asked_for_a_csrf_token_is_not_kept(transactional_db, rf):
    from django.middleware.csrf import get_token

    calls = []

    @public_page
    def with_token(request):
        calls.append(1)
        from django.http import HttpResponse

        return HttpResponse(get_token(request))

    for _ in range(2):
        request = rf.get("/with-token/")
        request.user = None
        with_token(request)

    assert len(calls) == 2


def visitor_with_a_session():
    """Anonymous, but with a session (a message waiting, a half-finished sign-up)."""
    visitor = Client()
    session = visitor.session
    session["seen"] = True
    session.save()
    visitor.cookies["sessionid"] = session.session_key
    return visitor


def test_a_visitor_with_a_session_is_served_fresh(small_guide):
    Client().get(ITEM)

    response = visitor_with_a_session().get(ITEM)

    assert "ETag" not in response


UNREACHABLE_REDIS = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        # A port nothing listens on.
        "LOCATION": "redis://127.0.0.1:9/0",
        "OPTIONS": {"socket_connect_timeout": 0.2},
    }
}


def test_the_guide_stays_readable_and_editable_when_the_cache_is_unreachable(small_guide, settings):
    settings.CACHES = UNREACHABLE_REDIS

    assert Client().get(ITEM).status_code == 200
    with transaction.atomic():
        item = GuideItem.objects.get(slug="emg-test").kind_item
        item.summary = "Saved while the cache was away."
        item.save()
    assert "Saved while the cache was away." in text(Client().get("/guide/diagnosis/"))


@pytest.fixture
def redis_cache(shared_redis, settings):
    """The cache as production has it with REDIS_URL: each process then holds pages in memory."""
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": shared_redis}
    }


def answered_from_memory(response):
    # Sessions and sign-in never ran for it: the middleware answered before them.
    return not hasattr(response.wsgi_request, "session") and not hasattr(response.wsgi_request, "user")


def hold(path):
    """Visit `path` until this process holds it: the first guide page it serves starts the
    subscription, and a page is kept from the first visit after that. Returns the first answer."""
    first = Client().get(path)
    for _ in range(2):
        if answered_from_memory(Client().get(path)):
            return first
    raise AssertionError(f"{path} is not held")


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_a_held_page_is_answered_before_the_rest_of_the_stack_with_the_same_bytes_and_headers(
    redis_cache, small_guide, django_assert_num_queries, path
):
    first = Client().get(path)
    assert not answered_from_memory(first)
    hold(path)

    with django_assert_num_queries(0):
        again = Client().get(path)

    assert answered_from_memory(again)
    assert again.status_code == 200
    assert again.content == first.content
    assert dict(again.items()) == dict(first.items())
    assert again["Content-Security-Policy"] and again["X-Content-Type-Options"] == "nosniff"


def test_a_held_page_answers_a_conditional_get_with_304(redis_cache, small_guide):
    etag = hold(ITEM)["ETag"]

    repeat = Client().get(ITEM, headers={"If-None-Match": etag})

    assert answered_from_memory(repeat)
    assert repeat.status_code == 304
    assert repeat.content == b""


def test_a_load_reaches_the_held_pages_at_once(redis_cache, small_guide):
    assert "An EMG records muscle electricity." in text(hold(ITEM))

    write_item(
        small_guide, "diagnosis", "emg-test", body="Held pages hear of this load.", related=["cramp-care"]
    )
    load_content(small_guide)

    fresh = Client().get(ITEM)
    assert not answered_from_memory(fresh)
    assert "Held pages hear of this load." in text(fresh)
    hold(ITEM)


def test_a_change_made_elsewhere_reaches_the_held_pages_through_the_channel(redis_cache, small_guide):
    """Another server's publication arrives only as a message on the channel."""
    from alscare.guide import page_cache

    hold(ITEM)
    page_cache._redis().client(write=True).publish(page_cache._listener._channel(), b"changed")

    assert not answered_from_memory(Client().get(ITEM))


def test_a_change_whose_announcement_was_lost_reaches_the_held_pages_within_seconds(redis_cache, small_guide):
    from alscare.guide import page_cache

    hold(ITEM)
    # Another server changed the guide, and its message never came.
    cache.set(GENERATION_KEY, ("changed-elsewhere", 1), timeout=None)
    assert answered_from_memory(Client().get(ITEM))

    page_cache._listener.confirmed_at -= page_cache.CONFIRM_EVERY + 1

    assert not answered_from_memory(Client().get(ITEM))
    assert not page_cache._listener.pages
    hold(ITEM)


def test_a_change_made_here_needs_no_message(redis_cache, small_guide, monkeypatch):
    from alscare.guide import page_cache

    hold(ITEM)
    monkeypatch.setattr(page_cache._listener, "announce", lambda: None)

    page_cache.pages_changed()

    assert not answered_from_memory(Client().get(ITEM))


def test_only_a_guide_page_starts_listening_and_a_failure_is_not_retried_at_once(
    redis_cache, small_guide, monkeypatch
):
    from alscare.guide import page_cache

    attempts = []

    def refuse(self):
        attempts.append(1)
        raise ConnectionError("Redis does not answer")

    monkeypatch.setattr(page_cache._Listener, "_channel", refuse)
    for path in ["/healthz", "/accounts/login/", "/robots.txt"]:
        Client().get(path)
    assert attempts == []

    for _ in range(3):
        assert Client().get(ITEM).status_code == 200

    assert attempts == [1]
    assert not answered_from_memory(Client().get(ITEM))


def test_a_304_after_a_change_leaves_no_empty_page_held(redis_cache, small_guide):
    from alscare.guide.page_cache import pages_changed

    etag = hold(ITEM)["ETag"]
    pages_changed()
    # The page's text is unchanged, so its ETag too: the first visit after the change is a 304.
    assert Client().get(ITEM, headers={"If-None-Match": etag}).status_code == 304

    again = Client().get(ITEM)

    assert again.status_code == 200
    assert "An EMG records muscle electricity." in text(again)


def test_a_visitor_with_a_session_never_gets_a_held_page(redis_cache, small_guide):
    hold(ITEM)

    response = visitor_with_a_session().get(ITEM)

    assert not answered_from_memory(response)
    assert "ETag" not in response


def test_a_request_that_read_redis_before_a_change_does_not_teach_the_old_generation(
    redis_cache, small_guide
):
    """With threads, another request may read the channel's news while this one still holds
    the generation it read from Redis before the change."""
    from alscare.guide.page_cache import GENERATION_KEY, _listener, pages_changed

    hold(ITEM)
    _, epoch = _listener.held_page("http://testserver/elsewhere/")
    old_generation = cache.get(GENERATION_KEY)
    # Meanwhile, another thread publishes.
    pages_changed()

    _listener.learned(old_generation, epoch)
    _listener.keep(
        "http://testserver" + ITEM,
        {"generation": old_generation[0], "last_modified": 0, "headers": {}, "content": b"old"},
        epoch,
    )

    assert _listener.generation is None
    assert b"old" not in Client().get(ITEM).content
