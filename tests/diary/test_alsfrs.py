import pytest

from alscare.diary import alsfrs
from alscare.diary.alsfrs import DOMAINS, ITEMS, MAX_TOTAL, Score, score

EXPECTED_KEYS = (
    "speech",
    "salivation",
    "swallowing",
    "handwriting",
    "cutting_food",
    "dressing_hygiene",
    "turning_in_bed",
    "walking",
    "climbing_stairs",
    "dyspnea",
    "orthopnea",
    "respiratory_insufficiency",
)


def all_answers(value=4):
    return {key: value for key in EXPECTED_KEYS}


def test_twelve_items_in_standard_order():
    assert tuple(item.key for item in ITEMS) == EXPECTED_KEYS
    assert [item.number for item in ITEMS] == list(range(1, 13))
    assert alsfrs.ITEM_KEYS == EXPECTED_KEYS


@pytest.mark.parametrize("item", ITEMS, ids=lambda item: item.key)
def test_each_item_has_five_answers_from_4_to_0(item):
    assert [s for s, _ in item.answers] == [4, 3, 2, 1, 0]
    texts = [text for _, text in item.answers]
    assert all(text.strip() for text in texts)
    assert len(set(texts)) == 5
    assert item.title and item.question.endswith("?")
    assert "before ALS" in item.help_text and "last" in item.help_text
    assert item.domain in alsfrs.DOMAINS_BY_KEY


def test_items_are_frozen():
    with pytest.raises(AttributeError):
        ITEMS[0].title = "x"


def test_only_cutting_food_has_feeding_tube_alternative():
    cutting = alsfrs.ITEMS_BY_KEY["cutting_food"]
    assert cutting.number == 5
    assert cutting.has_alternative
    assert cutting.alternative_label == "I have a feeding tube"
    assert [s for s, _ in cutting.alternative_answers] == [4, 3, 2, 1, 0]
    assert cutting.alternative_question
    assert [item.key for item in ITEMS if item.alternative_answers] == ["cutting_food"]


def test_cutting_food_alternative_answer_scores_the_same():
    # An answer from the feeding-tube set is stored as its 0-4 score like any other.
    answers = all_answers(4) | {"cutting_food": 2}
    assert score(answers).domains["fine_motor"] == 10
    assert alsfrs.answer_text("cutting_food", 2, alternative=True) != alsfrs.answer_text("cutting_food", 2)
    assert alsfrs.answer_text("speech", 4) == "My speech is normal."


def test_domains():
    assert [d.key for d in DOMAINS] == ["bulbar", "fine_motor", "gross_motor", "breathing"]
    assert [d.item_keys for d in DOMAINS] == [EXPECTED_KEYS[i : i + 3] for i in range(0, 12, 3)]
    assert all(d.max_score == 12 and d.label for d in DOMAINS)
    assert sum(d.max_score for d in DOMAINS) == MAX_TOTAL == 48
    for domain in DOMAINS:
        for key in domain.item_keys:
            assert alsfrs.ITEMS_BY_KEY[key].domain == domain.key


def test_score_all_normal_and_all_lost():
    assert score(all_answers(4)) == Score(
        total=48, domains={"bulbar": 12, "fine_motor": 12, "gross_motor": 12, "breathing": 12}
    )
    assert score(all_answers(0)).total == 0


def test_score_totals_and_domain_subtotals():
    values = [4, 3, 2, 3, 2, 1, 0, 1, 2, 4, 4, 3]
    result = score(dict(zip(EXPECTED_KEYS, values, strict=True)))
    assert result.total == sum(values) == 29
    assert result.domains == {"bulbar": 9, "fine_motor": 6, "gross_motor": 3, "breathing": 11}
    assert list(result.domains) == ["bulbar", "fine_motor", "gross_motor", "breathing"]
    with pytest.raises(AttributeError):
        result.total = 1


def test_missing_item_is_named():
    answers = all_answers()
    del answers["walking"]
    with pytest.raises(ValueError, match=r"Missing answer for: 8\. Walking \(walking\)"):
        score(answers)


@pytest.mark.parametrize("bad", [5, -1, 100])
def test_out_of_range(bad):
    with pytest.raises(ValueError, match=r"speech.*from 0 to 4"):
        score(all_answers() | {"speech": bad})


@pytest.mark.parametrize("bad", ["3", 3.0, None, True, False])
def test_non_int(bad):
    with pytest.raises(ValueError, match=r"orthopnea.*whole number"):
        score(all_answers() | {"orthopnea": bad})


def test_unknown_item():
    with pytest.raises(ValueError, match="Unknown item: mood"):
        score(all_answers() | {"mood": 2})


def test_not_a_mapping():
    with pytest.raises(ValueError, match="mapping"):
        score([("speech", 4)])


def test_self_assessment_note_and_sources():
    note = alsfrs.SELF_ASSESSMENT_NOTE
    assert "care team" in note and "not replace" in note
    doc = alsfrs.__doc__
    assert "Cedarbaum" in doc and "1999" in doc and "J Neurol Sci" in doc
    assert "10.1186/s42466-022-00224-6" in doc and "Maier" in doc
