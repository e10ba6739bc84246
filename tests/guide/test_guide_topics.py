"""The topics a newly diagnosed family needs are in the guide, and readers can find them."""

import re

import pytest

from alscare.guide.loading import read_content
from alscare.guide.models import GuideItem
from tests.conftest import CONTENT_DIR

pytestmark = pytest.mark.django_db

# Other pages link to these slugs, so they must not move or be renamed.
TOPIC_PAGES = {
    "what-is-als": "living-with-als",
    "thinking-and-behaviour-changes": "living-with-als",
    "breathing-emergencies": "living-with-als",
    "money-work-and-insurance": "living-with-als",
    "equipment-and-home": "therapies",
    "caring-for-someone-with-als": "living-with-als",
    "end-of-life-choices": "living-with-als",
    "unproven-treatments-and-trials": "living-with-als",
    "everyday-life": "living-with-als",
    "glossary": "living-with-als",
}

# Words in capitals that are names (of trials and countries), not short forms a reader must decode.
NOT_SHORT_FORMS = {"ATLAS", "CENTAUR", "DiPALS", "HEALEY", "PHOENIX", "UK", "US", "VALOR"}


def short_forms(text):
    """Words written mostly in capitals, such as PEG, BiPAP or ALSFRS-R (but not "DARE-uh-vone")."""
    for word in re.findall(r"(?<![\w-])[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*(?![\w-])", text):
        capitals = sum(letter.isupper() for letter in word)
        if capitals >= 2 and capitals > sum(letter.islower() for letter in word):
            yield word


@pytest.mark.parametrize(("slug", "section"), TOPIC_PAGES.items())
def test_each_topic_page_is_published_in_its_section(client, guide, slug, section):
    response = client.get(f"/guide/{section}/{slug}/")

    assert response.status_code == 200
    assert GuideItem.objects.get(slug=slug).title in response.content.decode().replace("&#x27;", "'")


@pytest.mark.parametrize("slug", TOPIC_PAGES)
def test_each_topic_page_is_suggested_by_a_page_that_was_already_in_the_guide(client, guide, slug):
    page = GuideItem.objects.get(slug=slug)
    older_pages = GuideItem.objects.filter(related=page).exclude(slug__in=TOPIC_PAGES)

    assert older_pages.exists(), f"no existing page lists {slug!r} in 'related'"
    html = client.get(older_pages.first().get_absolute_url()).content.decode()
    assert f'href="{page.get_absolute_url()}"' in html


def test_what_als_is_comes_first_in_its_section_and_on_the_home_page(client, guide):
    section_html = client.get("/guide/living-with-als/").content.decode()
    home_html = client.get("/").content.decode()

    links = re.findall(r'href="(/guide/living-with-als/[a-z0-9-]+/)"', section_html)
    assert links[0] == "/guide/living-with-als/what-is-als/"
    assert 'href="/guide/living-with-als/what-is-als/"' in home_html


def test_the_glossary_explains_every_short_form_the_guide_uses():
    items = read_content(CONTENT_DIR)
    glossary = next(item for item in items if item.slug == "glossary")
    explained = {entry["term"] for entry in glossary.data["terms"]}

    unexplained = {}
    for item in items:
        for word in short_forms(item.data["body"]):
            if {word, word.removesuffix("s")}.isdisjoint(explained | NOT_SHORT_FORMS):
                unexplained.setdefault(word, item.slug)
    assert not unexplained, f"short forms with no glossary entry (first page using each): {unexplained}"
