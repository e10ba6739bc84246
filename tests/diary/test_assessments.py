from django.urls import reverse
from django.utils import timezone

from alscare.diary import alsfrs
from alscare.diary.models import Assessment


def post_data(value=3, **changes):
    data = {"date": timezone.localdate().isoformat(), **{key: str(value) for key in alsfrs.ITEM_KEYS}}
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def add_url(diary):
    return reverse("diary:assessment_add", kwargs={"diary_id": diary.pk})


def test_the_form_asks_all_twelve_items_in_plain_words_with_five_answers(client, caregiver, diary):
    client.force_login(caregiver)
    html = client.get(add_url(diary)).content.decode()
    for item in alsfrs.ITEMS:
        assert item.question.replace("'", "&#x27;") in html
        for _, text in item.answers:
            assert text.replace("'", "&#x27;") in html
    assert "does not replace" in html
    assert html.count("<legend") >= 13


def test_it_scores_the_total_and_the_four_domains(client, caregiver, diary):
    client.force_login(caregiver)
    answers = post_data(4, speech="2", walking="1", dyspnea="3", handwriting="0")
    response = client.post(add_url(diary), answers)
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.total == 48 - 2 - 3 - 1 - 4 == 38
    html = client.get(response["Location"]).content.decode()
    assert "38 out of 48" in html
    for domain, subtotal in [("bulbar", 10), ("fine_motor", 8), ("gross_motor", 9), ("breathing", 11)]:
        label = alsfrs.DOMAINS_BY_KEY[domain].label
        assert f"{label}</th><td>{subtotal} out of 12" in html
    history = client.get(reverse("diary:assessments", kwargs={"diary_id": diary.pk})).content.decode()
    assert "<td>38</td><td>10</td><td>8</td><td>9</td><td>11</td>" in history
    assert "does not replace" in history


def test_item_five_can_be_answered_for_a_feeding_tube(client, caregiver, diary):
    client.force_login(caregiver)
    response = client.post(add_url(diary), post_data(4, cutting_food=None, cutting_food_tube="1"))
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.answers["cutting_food"] == 1 and assessment.cutting_food_with_tube
    detail = client.get(response["Location"]).content.decode()
    assert alsfrs.answer_text("cutting_food", 1, alternative=True) in detail


def test_it_refuses_both_versions_of_item_five_or_neither(client, caregiver, diary):
    client.force_login(caregiver)
    both = client.post(add_url(diary), post_data(4, cutting_food_tube="2"))
    neither = client.post(add_url(diary), post_data(4, cutting_food=None))
    assert both.status_code == neither.status_code == 200
    assert "only one of the two" in both.content.decode()
    assert "Choose one answer" in neither.content.decode()
    assert not Assessment.objects.exists()


def test_an_incomplete_or_out_of_range_assessment_is_refused(client, caregiver, diary):
    client.force_login(caregiver)
    assert client.post(add_url(diary), post_data(3, walking=None)).status_code == 200
    assert client.post(add_url(diary), post_data(3, walking="5")).status_code == 200
    assert not Assessment.objects.exists()
