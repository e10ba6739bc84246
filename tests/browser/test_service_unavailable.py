import pytest
from django.db import OperationalError

from alscare.guide import views as guide_views

from .conftest import check_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_briefly_unavailable_page_passes_axe(page, monkeypatch):
    def database_gone(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(guide_views, "render", database_gone)
    response = page.goto("/")

    assert response.status == 503
    assert page.get_by_role("heading", level=1).inner_text() == "ALS Care is briefly unavailable"
    check_page(page)
