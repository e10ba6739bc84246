import pytest

from alscare.guide.models import GuideItem
from alscare.guide.staff import make_content_editor

from .conftest import assert_accessible, verified_account, visit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_an_editor_edits_previews_publishes_and_the_public_sees_it(page, guide):
    user = verified_account("editor@example.com", "a-long-password-1")
    make_content_editor(user)
    GuideItem.objects.filter(slug="fatigue").update(status="draft")
    fatigue = GuideItem.objects.get(slug="fatigue")

    visit(page, "/admin/")
    page.wait_for_url("**/accounts/login/**")
    page.get_by_label("Email").fill("editor@example.com")
    page.get_by_label("Password").fill("a-long-password-1")
    page.get_by_role("button", name="Log in", exact=True).click()
    page.wait_for_url("**/admin/")

    visit(page, f"/admin/guide/symptomtreatment/{fatigue.pk}/change/")
    page.get_by_label("Summary").fill("Tiredness is common in ALS, and there are ways to ease it.")
    page.locator("input[name=_continue]").first.click()
    page.wait_for_url(f"**/admin/guide/symptomtreatment/{fatigue.pk}/change/")

    with page.expect_popup() as popup:
        page.get_by_role("link", name="Preview as the public will see it").click()
    preview = popup.value
    preview.wait_for_load_state()
    assert "Tiredness is common in ALS, and there are ways to ease it." in preview.content()
    assert "It is a draft and not yet public" in preview.content()
    assert_accessible(preview)
    preview.close()
    assert page.context.new_page().goto("/guide/symptom-medicines/fatigue/").status == 404

    page.get_by_label("Status").select_option("published")
    page.locator("input[name=_save]").first.click()
    page.wait_for_url("**/admin/guide/symptomtreatment/")

    public = page.context.browser.new_context(base_url=page.url.split("/admin")[0]).new_page()
    response = public.goto("/guide/symptom-medicines/fatigue/")
    assert response.status == 200
    assert "Tiredness is common in ALS, and there are ways to ease it." in public.content()
    public.context.close()
