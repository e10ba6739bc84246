"""What a reader sees: safety boxes before the benefits, glossary terms one tap from their meaning."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from alscare.guide.loading import load_content
from alscare.guide.models import GuideItem

from .factories import write_item, write_tree
from .test_safety_parts import LABEL, NINDS, SOURCES, TERMS, URGENT, WARNING

pytestmark = pytest.mark.django_db

CRAMPS = "/guide/symptom-medicines/cramp-care/"
GLOSSARY = "/guide/living-with-als/glossary/"
GLOSSARY_BODY = "Words you may hear from your care team, such as PEG and NIV."


def page_html(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def safety_guide(tmp_path):
    write_tree(tmp_path)
    write_item(
        tmp_path,
        "symptom-medicines",
        "cramp-care",
        body="""
        ## What a PEG is

        A PEG is a feeding tube. Your team may say PEG again later.
        With [NIV support](https://www.ninds.nih.gov/als) you breathe through a mask.
        Later, NIV helps at night, and `NIV` is a word in code. A PEGS kit and peg are not the term.
        """,
        sources=SOURCES,
        warnings=[WARNING, {"text": "It can make you sleepy.", "source": NINDS}],
        get_help_now=URGENT,
    )
    write_item(tmp_path, "living-with-als", "glossary", body=GLOSSARY_BODY, terms=TERMS)
    load_content(tmp_path)
    return tmp_path


def test_the_warnings_box_comes_before_the_benefits_with_its_sources(client, safety_guide):
    html = page_html(client, CRAMPS)

    box = html[html.index('<section class="safety-box safety-warnings"') :]
    box = box[: box.index("</section>")]
    assert '<h2 id="warnings-heading">' in box and "Safety warnings</h2>" in box
    assert "Do not stop it suddenly." in box and "It can make you sleepy." in box
    assert f'<a href="{LABEL}" rel="noopener noreferrer">Example label, DailyMed</a>' in box
    assert html.index("safety-warnings") < html.index("Medicines doctors may use") < html.index("guide-body")
    assert html.index('class="lead"') < html.index("safety-warnings")


def test_the_get_help_now_box_says_who_to_call(client, safety_guide):
    html = page_html(client, CRAMPS)

    box = html[html.index('<section class="safety-box get-help-now"') :]
    box = box[: box.index("</section>")]
    assert "Get help now</h2>" in box
    assert "Call 911 now if:</h3>" in box and "You cannot breathe or your lips turn blue." in box
    assert "Call your care team today if:</h3>" in box and "You have a fever and a cough." in box
    assert "NINDS ALS fact sheet</a>" in box
    assert html.index("safety-warnings") < html.index("get-help-now") < html.index("guide-body")


def test_a_page_without_safety_parts_shows_no_boxes(client, safety_guide):
    html = page_html(client, "/guide/diagnosis/emg-test/")

    assert "safety-box" not in html and "Safety warnings" not in html and "Get help now" not in html


def test_the_first_use_of_each_term_links_to_its_meaning(client, safety_guide):
    body = page_html(client, CRAMPS).split('<div class="guide-body">')[1].split("</div>")[0]

    meaning = escape(TERMS[0]["meaning"])
    peg = (
        f'<a class="glossary-term" href="{GLOSSARY}#term-peg" rel="noopener noreferrer">'
        f'<abbr title="{meaning}">PEG</abbr></a>'
    )
    assert body.count("glossary-term") == 2
    assert "<h2>What a PEG is</h2>" in body, "never inside a heading"
    assert f"<p>A {peg} is a feeding tube. Your team may say PEG again later." in body
    assert '<a href="https://www.ninds.nih.gov/als" rel="noopener noreferrer">NIV support</a>' in body
    assert re.search(
        r"Later, <a class=\"glossary-term\" href=\"[^\"]+#term-niv\"[^>]*>"
        r"<abbr title=\"[^\"]+\">NIV</abbr></a> helps",
        body,
    )
    assert "<code>NIV</code>" in body
    assert "A PEGS kit and peg are not the term." in body


def test_the_glossary_page_lists_each_term_where_the_links_point(client, safety_guide):
    html = page_html(client, GLOSSARY)

    assert '<dt id="term-peg"><dfn>PEG</dfn></dt>' in html
    assert '<dt id="term-niv"><dfn>NIV</dfn></dt>' in html
    assert "such as PEG and NIV." in html
    assert 'class="glossary-term"' not in html, "the glossary does not link to itself"


def test_without_a_published_glossary_pages_show_plain_text(client, safety_guide):
    GuideItem.objects.filter(slug="glossary").update(status="draft")

    html = page_html(client, CRAMPS)

    assert "glossary-term" not in html and "A PEG is a feeding tube." in html


def test_a_word_term_matches_any_capitals_but_only_whole_words(client, tmp_path):
    write_tree(tmp_path)
    write_item(
        tmp_path, "diagnosis", "emg-test", body="Dysphagias differ. Dysphagia means trouble swallowing."
    )
    write_item(
        tmp_path,
        "living-with-als",
        "glossary",
        terms=[{"term": "dysphagia", "meaning": "Trouble swallowing."}],
    )
    load_content(tmp_path)

    body = page_html(client, "/guide/diagnosis/emg-test/").split('<div class="guide-body">')[1]

    assert (
        f'Dysphagias differ. <a class="glossary-term" href="{GLOSSARY}#term-dysphagia" '
        'rel="noopener noreferrer">Dysphagia</a> means' in body
    )


def test_a_pages_queries_do_not_grow_with_the_glossary_or_its_warnings(
    client, tmp_path, django_assert_num_queries
):
    write_tree(tmp_path)
    write_item(tmp_path, "living-with-als", "glossary", terms=TERMS[:1])
    load_content(tmp_path)
    with CaptureQueriesContext(connection) as small:
        client.get(CRAMPS)
    many_terms = [{"term": f"T{number}X", "meaning": f"Meaning {number}."} for number in range(60)]
    body = " ".join(term["term"] for term in many_terms)
    write_item(tmp_path, "living-with-als", "glossary", terms=many_terms)
    write_item(
        tmp_path,
        "symptom-medicines",
        "cramp-care",
        body=body,
        sources=SOURCES,
        warnings=[WARNING] * 8,
        get_help_now=URGENT,
    )
    load_content(tmp_path)

    with django_assert_num_queries(len(small.captured_queries)):
        html = page_html(client, CRAMPS)

    assert html.count("glossary-term") == 60


def test_body_html_is_marked_safe_where_it_is_made():
    from django.utils.safestring import SafeString

    from alscare.guide.rendering import render_markdown

    assert isinstance(render_markdown("Some *text*."), SafeString)
