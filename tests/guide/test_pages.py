import re
from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from alscare.guide.loading import load_content
from alscare.guide.models import GuideItem, Section, Status
from alscare.guide.sections import SECTIONS

from .factories import write_item

pytestmark = pytest.mark.django_db


def published_pages():
    from alscare.guide.loading import read_content
    from tests.conftest import CONTENT_DIR

    return [(item.section, item.slug) for item in read_content(CONTENT_DIR)]


def h1_count(html):
    return len(re.findall(r"<h1[\s>]", html))


def test_home_links_to_every_section_and_the_diary(client, guide):
    response = client.get("/")

    html = response.content.decode()
    assert response.status_code == 200
    for slug in SECTIONS:
        assert f'href="/guide/{slug}/"' in html
    assert 'href="/diary/"' in html
    assert h1_count(html) == 1


@pytest.mark.parametrize("section", list(SECTIONS))
def test_each_section_lists_its_pages(client, guide, section):
    response = client.get(reverse("guide:section", kwargs={"section": section}))

    html = response.content.decode()
    assert response.status_code == 200
    for item in guide.filter(section=section):
        assert item.get_absolute_url() in html
    assert h1_count(html) == 1
    assert f"<title>{SECTIONS[section].title} | ALS Care</title>" in html


@pytest.mark.parametrize(("section", "slug"), published_pages())
def test_every_page_renders_with_sources_review_dates_and_notice(client, guide, section, slug):
    item = GuideItem.objects.get(slug=slug).kind_item

    response = client.get(f"/guide/{section}/{slug}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert h1_count(html) == 1
    assert f"<title>{item.title} | ALS Care</title>".replace("'", "&#x27;") in html
    assert 'aria-label="Breadcrumb"' in html
    for source in item.sources.all():
        assert source.url in html
    assert "Last reviewed" in html and "Next review due" in html
    assert "information, not medical advice" in html
    assert "<script" not in html and "style=" not in html


def test_the_withdrawn_medicine_is_presented_as_withdrawn(client, guide):
    html = client.get("/guide/als-medicines/sodium-phenylbutyrate-taurursodiol/").content.decode()

    assert "Withdrawn from the market" in html
    assert "4 April 2024" in html


def test_unknown_pages_and_sections_are_404_with_the_site_layout(client, guide):
    for path in ["/guide/nope/", "/guide/diagnosis/nope/", "/guide/therapies/riluzole/"]:
        response = client.get(path)
        assert response.status_code == 404
        assert "find that page" in response.content.decode()


def test_drafts_are_not_public(client, guide):
    GuideItem.objects.filter(slug="riluzole").update(status=Status.DRAFT)

    assert client.get("/guide/als-medicines/riluzole/").status_code == 404
    assert "riluzole" not in client.get("/guide/als-medicines/").content.decode()
    assert "/riluzole/" not in client.get("/sitemap.xml").content.decode()
    assert "/riluzole/" not in client.get("/search/?q=riluzole").content.decode()
    assert "/riluzole/" not in client.get("/guide/als-medicines/edaravone/").content.decode()


def test_search_finds_pages_by_words_in_their_body(client, guide):
    # A phrase from a body, not from any title: the search must read the text itself.
    edaravone = GuideItem.objects.get(slug="edaravone")
    word = "sulfite" if "sulfite" in edaravone.body.lower() else edaravone.body.split()[5]

    response = client.get("/search/", {"q": word})

    assert response.status_code == 200
    assert "/guide/als-medicines/edaravone/" in response.content.decode()


def test_search_ranks_title_matches_first(client, guide):
    results = client.get("/search/", {"q": "riluzole"}).context["page"].object_list

    assert results[0].slug == "riluzole"


@pytest.mark.parametrize(
    "query", ["", "   ", "zzqqxx", "a" * 5000, "'; DROP TABLE x; --", "<script>", "&|!():*"]
)
def test_search_never_fails_on_odd_input(client, guide, query):
    response = client.get("/search/", {"q": query})

    assert response.status_code == 200
    assert "<script>" not in response.content.decode().split("<main", 1)[1]


def test_sitemap_lists_every_published_page(client, guide):
    xml = client.get("/sitemap.xml").content.decode()

    for item in GuideItem.objects.published():
        assert f"http://testserver{item.get_absolute_url()}</loc>" in xml
    assert "http://testserver/guide/diagnosis/</loc>" in xml


def test_healthz_answers_when_the_database_does(client):
    assert client.get("/healthz").status_code == 200


def test_healthz_fails_when_the_database_does_not(client):
    with mock.patch.object(connection, "cursor", side_effect=Exception("down")):
        response = client.get("/healthz")

    assert response.status_code == 503


def test_pages_send_a_strict_content_security_policy(client, guide):
    policy = client.get("/").headers["Content-Security-Policy"]

    assert "default-src 'self'" in policy
    assert "unsafe-inline" not in policy


def test_a_server_error_shows_the_friendly_page(client, guide, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    with mock.patch("alscare.guide.views.render", side_effect=RuntimeError("boom")):
        response = client.get("/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def test_changing_a_page_requires_get_only(client, guide):
    assert client.post("/").status_code == 405
    assert client.post("/guide/diagnosis/").status_code == 405


# Query counts must not grow with the amount of content.


def grow_guide(root, count):
    for number in range(count):
        write_item(root, "diagnosis", f"test-{number}", related=[f"test-{(number + 1) % count}"])
        write_item(root, "therapies", f"therapy-{number}", related=[f"test-{number}"])
    load_content(root)


@pytest.mark.parametrize(
    "path",
    ["/", "/guide/diagnosis/", "/guide/diagnosis/test-1/", "/search/?q=page", "/sitemap.xml"],
)
def test_query_count_does_not_grow_with_the_guide(client, tmp_path, django_assert_num_queries, path):
    grow_guide(tmp_path / "small", 3)
    with CaptureQueriesContext(connection) as small:
        client.get(path)
    GuideItem.objects.all().delete()
    grow_guide(tmp_path / "large", 30)

    with django_assert_num_queries(len(small.captured_queries)):
        response = client.get(path)

    assert response.status_code == 200
    assert len(small.captured_queries) <= 4


def test_the_section_list_matches_the_model_choices():
    assert list(SECTIONS) == list(Section.values)


def test_robots_are_kept_out_of_private_pages_and_pointed_at_the_sitemap(client):
    response = client.get("/robots.txt")

    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    for private in ["/diary/", "/accounts/", "/admin/"]:
        assert f"Disallow: {private}" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


@pytest.mark.postgres
def test_postgres_search_can_use_the_gin_index(on_postgresql, guide):
    from alscare.guide.search import search_items

    # Over every page (no status filter), so the search index is the only one that applies.
    queryset = search_items("breathing machine", GuideItem.objects.all())
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        plan = queryset.explain()
        cursor.execute("RESET enable_seqscan")

    assert "guide_item_search" in plan
    assert "breathing-care" in [item.slug for item in queryset][:2]


def test_every_page_of_the_guide_has_its_own_title(client, guide):
    paths = ["/", "/search/"] + [f"/guide/{section}/" for section in SECTIONS]
    paths += [item.get_absolute_url() for item in GuideItem.objects.published()]
    titles = {}
    for path in paths:
        html = client.get(path).content.decode()
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()
        titles.setdefault(title, []).append(path)

    shared = {title: where for title, where in titles.items() if len(where) > 1}
    assert shared == {}
