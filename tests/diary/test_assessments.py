from django.urls import reverse
from django.utils import timezone

from alscare.diary import alsfrs
from alscare.diary.models import Assessment


def post_data(value=3, **changes):
    data = {
        "date": timezone.localdate().isoformat(),
        "feeding_tube": "no",
        **{key: str(value) for key in alsfrs.ITEM_KEYS},
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def add_url(diary):
    return reverse("diary:assessment_add", kwargs={"diary_id": diary.pk})


def test_it_asks_about_a_feeding_tube_first_then_one_short_page_per_domain(client, caregiver, diary):
    client.force_login(caregiver)
    start = client.get(add_url(diary)).content.decode()
    assert "Do you have a feeding tube" in start
    assert alsfrs.ITEMS[0].question not in start

    html = client.get(add_url(diary), {"feeding_tube": "no"}).content.decode()
    data = {"date": timezone.localdate().isoformat(), "feeding_tube": "no"}
    for number, domain in enumerate(alsfrs.DOMAINS, start=1):
        assert f"Page {number} of 4" in html
        items = [alsfrs.ITEMS_BY_KEY[key] for key in domain.item_keys]
        for item in alsfrs.ITEMS:
            shown = item.question.replace("'", "&#x27;") in html
            assert shown == (item in items), (number, item.key)
        for item in items:
            for _, text in item.answers:
                assert text.replace("'", "&#x27;") in html
        data.update({key: "3" for key in domain.item_keys}, page=str(number))
        response = client.post(add_url(diary), data)
        html = response.content.decode()
    assert response.status_code == 302
    assert Assessment.objects.get().total == 36


def test_with_a_feeding_tube_question_five_shows_only_the_tube_version(client, caregiver, diary):
    client.force_login(caregiver)
    item = alsfrs.ITEMS_BY_KEY["cutting_food"]
    data = {"date": timezone.localdate().isoformat(), "feeding_tube": "yes", "page": "1"}
    data.update(dict.fromkeys(alsfrs.DOMAINS[0].item_keys, "4"))
    page_two = client.post(add_url(diary), data).content.decode()
    assert "Page 2 of 4" in page_two
    assert item.alternative_question in page_two
    assert item.question not in page_two
    assert item.answers[0][1] not in page_two


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
    response = client.post(add_url(diary), post_data(4, feeding_tube="yes", cutting_food="1"))
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.answers["cutting_food"] == 1 and assessment.cutting_food_with_tube
    detail = client.get(response["Location"]).content.decode()
    assert alsfrs.answer_text("cutting_food", 1, alternative=True) in detail


def test_a_page_left_unanswered_is_refused_with_a_message_and_nothing_saved(client, caregiver, diary):
    client.force_login(caregiver)
    data = {"date": timezone.localdate().isoformat(), "feeding_tube": "no", "page": "1", "speech": "4"}
    response = client.post(add_url(diary), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Page 1 of 4" in html and "Choose an answer for 2. Saliva" in html
    missing_tube = client.post(add_url(diary), post_data(4, feeding_tube=None))
    assert missing_tube.status_code == 200
    assert not Assessment.objects.exists()


def test_an_incomplete_or_out_of_range_assessment_is_refused(client, caregiver, diary):
    client.force_login(caregiver)
    assert client.post(add_url(diary), post_data(3, walking=None)).status_code == 200
    assert client.post(add_url(diary), post_data(3, walking="5")).status_code == 200
    assert not Assessment.objects.exists()
