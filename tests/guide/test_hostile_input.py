"""The search form, fed hostile input by Hypothesis on the real database: results or a clear
message, never a 500."""

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from tests.hostile import HOSTILE, hostile_text, huge_number

pytestmark = pytest.mark.postgres


def test_a_nul_character_in_a_search_gets_a_clear_message(db, client):
    response = client.get("/search/", {"q": "walk\x00ing"})

    assert response.status_code == 200
    assert "cannot be searched for" in response.content.decode()


@HOSTILE
@given(query=hostile_text, page=st.one_of(huge_number, hostile_text))
@example(query="\x00", page="1")
@example(query="riluzole\x00", page=str(2**64))
def test_searching_for_anything_never_breaks_the_search_page(db, on_postgresql, client, query, page):
    response = client.get("/search/", {"q": query, "page": page})

    assert response.status_code == 200
