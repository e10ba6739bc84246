"""The ALSFRS-R self-assessment: the 12 questions, their answers in plain words, and scoring.

The revised ALS Functional Rating Scale (ALSFRS-R) has 12 items, each scored from 4 (normal)
down to 0 (function lost), for a total of 48. The items fall into four domains of three items
each (bulbar, fine motor, gross motor, breathing); domain subtotals (0-12) say more than the
total alone.

Sources:

- Cedarbaum JM, Stambler N, Malta E, et al. The ALSFRS-R: a revised ALS functional rating
  scale that incorporates assessments of respiratory function. J Neurol Sci.
  1999;169(1-2):13-21. (The items and the meaning of each answer anchor.)
- Maier A, Boentert M, Reilich P, et al. ALSFRS-R-SE: an adapted, annotated, and
  self-explanatory version of the revised amyotrophic lateral sclerosis functional rating
  scale. Neurol Res Pract. 2022;4:60. doi:10.1186/s42466-022-00224-6. (Self-assessment by
  patients and caregivers.)

The question, help and answer texts here are plain-language rewordings written for this
portal (aimed at US grade 6-8 reading level); each answer keeps the meaning of the standard
anchor with the same score. This module is plain data and functions: no Django models.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

__all__ = [
    "DOMAINS",
    "DOMAINS_BY_KEY",
    "ITEMS",
    "ITEMS_BY_KEY",
    "ITEM_KEYS",
    "MAX_ITEM_SCORE",
    "MAX_TOTAL",
    "SELF_ASSESSMENT_NOTE",
    "Domain",
    "Item",
    "Score",
    "answer_text",
    "score",
]

MAX_ITEM_SCORE = 4
MAX_TOTAL = 48

SELF_ASSESSMENT_NOTE = (
    "Filling in this self-assessment helps you talk with your care team about what has changed. "
    "It does not replace the scoring your care team does at the clinic."
)

Answers = tuple[tuple[int, str], ...]


@dataclass(frozen=True)
class Item:
    """One ALSFRS-R question.

    ``answers`` runs from score 4 down to 0. Only item 5 (cutting_food) has
    ``alternative_answers``: the standard version for people with a feeding tube
    (gastrostomy), offered under ``alternative_label``. An answer from either set scores the
    same 0-4.
    """

    key: str
    number: int
    title: str
    question: str
    help_text: str
    answers: Answers
    domain: str
    alternative_answers: Answers = ()
    alternative_label: str = ""
    alternative_question: str = ""

    @property
    def has_alternative(self) -> bool:
        return bool(self.alternative_answers)


@dataclass(frozen=True)
class Domain:
    key: str
    label: str
    item_keys: tuple[str, ...]
    max_score: int = 12


@dataclass(frozen=True)
class Score:
    """A scored self-assessment: ``total`` (0-48) and ``domains`` (domain key -> 0-12, in
    ``DOMAINS`` order)."""

    total: int
    domains: dict[str, int]


def _answers(four: str, three: str, two: str, one: str, zero: str) -> Answers:
    return ((4, four), (3, three), (2, two), (1, one), (0, zero))


ITEMS: tuple[Item, ...] = (
    Item(
        key="speech",
        number=1,
        title="Speech",
        question="How is your speech?",
        help_text=(
            "Compare how you talk now with how you talked before ALS, not with your last clinic visit."
        ),
        answers=_answers(
            "My speech is normal.",
            "My speech has changed in a way that others can notice.",
            "People can understand me, but I sometimes have to repeat what I say.",
            "I talk, but I also need other ways to get my meaning across, like writing, "
            "pointing or a speech device.",
            "I can no longer use my speech to communicate.",
        ),
        domain="bulbar",
    ),
    Item(
        key="salivation",
        number=2,
        title="Saliva",
        question="How much saliva (spit) is in your mouth?",
        help_text=(
            "Compare the saliva in your mouth and any drooling (saliva running out of your mouth) "
            "with before ALS, not with your last clinic visit."
        ),
        answers=_answers(
            "The amount of saliva in my mouth is normal.",
            "I clearly have a little too much saliva in my mouth, and I may drool at night.",
            "I have a fair amount of extra saliva, and I may drool a little.",
            "I have a lot of extra saliva, and I drool some of the time.",
            "I drool a lot and need a tissue or cloth all the time.",
        ),
        domain="bulbar",
    ),
    Item(
        key="swallowing",
        number=3,
        title="Swallowing",
        question="How is your swallowing when you eat and drink?",
        help_text=(
            "Compare how you eat and drink now with before ALS, not with your last clinic visit; "
            "a feeding tube is a soft tube that carries food straight into your stomach."
        ),
        answers=_answers(
            "I eat and drink as I always did.",
            "I have early problems with eating, like choking now and then.",
            "I need to change how soft or thick my food and drinks are.",
            "I need some of my food through a feeding tube as well as by mouth.",
            "I get all my food through a tube or a vein, and nothing by mouth.",
        ),
        domain="bulbar",
    ),
    Item(
        key="handwriting",
        number=4,
        title="Handwriting",
        question="How is your handwriting?",
        help_text=(
            "Compare writing by hand with a pen now with before ALS, not with your last clinic visit."
        ),
        answers=_answers(
            "My handwriting is normal.",
            "I write slowly or messily, but every word can be read.",
            "Some of the words I write cannot be read.",
            "I can hold a pen, but I cannot write with it.",
            "I cannot hold a pen.",
        ),
        domain="fine_motor",
    ),
    Item(
        key="cutting_food",
        number=5,
        title="Cutting food and using utensils",
        question="How well can you cut your food and use a knife, fork and spoon?",
        help_text=(
            "Compare how you cut food and handle utensils (knives, forks and spoons) with before ALS, "
            "not with your last clinic visit."
        ),
        answers=_answers(
            "I cut food and use utensils normally.",
            "I am a bit slow and clumsy, but I do not need help.",
            "I can cut most foods, but I am slow and clumsy and need some help.",
            "Someone else must cut my food, but I can still feed myself slowly.",
            "Someone has to feed me.",
        ),
        domain="fine_motor",
        alternative_label="I have a feeding tube",
        alternative_question=(
            "If you have a feeding tube (gastrostomy): how well can you use your hands for your "
            "tube feeding, such as opening caps and connecting the tube?"
        ),
        alternative_answers=_answers(
            "I use my hands for this normally.",
            "I am clumsy, but I can do every step by myself.",
            "I need some help with caps, clips and other fasteners.",
            "I can only help my caregiver a little.",
            "I cannot do any part of it.",
        ),
    ),
    Item(
        key="dressing_hygiene",
        number=6,
        title="Dressing and washing",
        question="How well can you get dressed and wash yourself?",
        help_text=(
            "Compare dressing, washing and grooming (like brushing your teeth and hair) with before "
            "ALS, not with your last clinic visit."
        ),
        answers=_answers(
            "I dress and wash myself normally.",
            "I do all of it myself, but it takes more effort or more time.",
            "Sometimes I need help, or I use other ways to do it, like special tools.",
            "I need a helper to dress and wash.",
            "Others have to do all of it for me.",
        ),
        domain="fine_motor",
    ),
    Item(
        key="turning_in_bed",
        number=7,
        title="Turning in bed",
        question="How well can you turn over in bed and fix your sheets and blankets?",
        help_text=(
            "Compare turning over in bed and pulling up or straightening your covers with before ALS, "
            "not with your last clinic visit."
        ),
        answers=_answers(
            "I turn in bed and fix my covers normally.",
            "I am a bit slow and clumsy, but I do not need help.",
            "I can turn or fix my covers by myself, but only with great difficulty.",
            "I can start to turn or fix my covers, but I cannot finish by myself.",
            "I cannot turn or fix my covers at all.",
        ),
        domain="gross_motor",
    ),
    Item(
        key="walking",
        number=8,
        title="Walking",
        question="How is your walking?",
        help_text=(
            "Compare walking now with before ALS, not with your last clinic visit; help can be a "
            "person or a device such as a cane, brace or walker."
        ),
        answers=_answers(
            "I walk normally.",
            "I am starting to have problems with walking.",
            "I walk with help.",
            "I cannot walk, but I can still move my legs in useful ways, like helping when I move "
            "from bed to a chair.",
            "I cannot move my legs on purpose.",
        ),
        domain="gross_motor",
    ),
    Item(
        key="climbing_stairs",
        number=9,
        title="Climbing stairs",
        question="How well can you climb stairs?",
        help_text="Compare climbing stairs now with before ALS, not with your last clinic visit.",
        answers=_answers(
            "I climb stairs normally.",
            "I climb stairs slowly.",
            "I am a little unsteady or get tired on stairs.",
            "I need help to climb stairs.",
            "I cannot climb stairs.",
        ),
        domain="gross_motor",
    ),
    Item(
        key="dyspnea",
        number=10,
        title="Shortness of breath",
        question="Do you get short of breath?",
        help_text=(
            "Short of breath means you feel you cannot get enough air; compare with before ALS, "
            "not with your last clinic visit."
        ),
        answers=_answers(
            "I do not get short of breath.",
            "I get short of breath when I walk.",
            "I get short of breath when I eat, bathe or get dressed.",
            "I get short of breath when I rest, either sitting or lying down.",
            "I have great trouble breathing, and I am thinking about using a breathing machine.",
        ),
        domain="breathing",
    ),
    Item(
        key="orthopnea",
        number=11,
        title="Breathing when lying down",
        question="Does shortness of breath make it hard to lie down or sleep?",
        help_text=(
            "Think about your breathing when you lie down to sleep, compared with before ALS, "
            "not with your last clinic visit."
        ),
        answers=_answers(
            "I have no trouble breathing when I lie down.",
            "I have some trouble sleeping because I am short of breath, but I do not usually use "
            "more than two pillows.",
            "I need more than two pillows to sleep because of my breathing.",
            "I can only sleep sitting up.",
            "I cannot sleep because of my breathing.",
        ),
        domain="breathing",
    ),
    Item(
        key="respiratory_insufficiency",
        number=12,
        title="Breathing support",
        question="Do you use a machine to help you breathe?",
        help_text=(
            "BiPAP is a machine that blows air through a mask to help you breathe; compare with "
            "before ALS, not with your last clinic visit."
        ),
        answers=_answers(
            "I do not use a breathing machine.",
            "I use BiPAP some of the time.",
            "I use BiPAP all through the night.",
            "I use BiPAP all through the night and during the day.",
            "A machine breathes for me through a tube in my mouth or in my neck (intubation or "
            "tracheostomy).",
        ),
        domain="breathing",
    ),
)

ITEMS_BY_KEY: dict[str, Item] = {item.key: item for item in ITEMS}
ITEM_KEYS: tuple[str, ...] = tuple(item.key for item in ITEMS)

DOMAINS: tuple[Domain, ...] = (
    Domain("bulbar", "Speech and swallowing (bulbar)", ("speech", "salivation", "swallowing")),
    Domain("fine_motor", "Hands (fine motor)", ("handwriting", "cutting_food", "dressing_hygiene")),
    Domain("gross_motor", "Moving around (gross motor)", ("turning_in_bed", "walking", "climbing_stairs")),
    Domain("breathing", "Breathing", ("dyspnea", "orthopnea", "respiratory_insufficiency")),
)
DOMAINS_BY_KEY: dict[str, Domain] = {domain.key: domain for domain in DOMAINS}


def score(answers: Mapping[str, int]) -> Score:
    """Score a complete self-assessment.

    ``answers`` maps every item key in ``ITEM_KEYS`` to an int from 0 to 4 (an answer from
    cutting_food's feeding-tube set scores the same as one from the usual set). Raises
    ``ValueError`` with a message naming the items concerned if an item is missing, a key is
    unknown, or a value is not a whole number from 0 to 4.
    """
    if not isinstance(answers, Mapping):
        raise ValueError("Answers must be a mapping of item key to score.")
    problems: list[str] = []
    missing = [ITEMS_BY_KEY[key] for key in ITEM_KEYS if key not in answers]
    if missing:
        names = ", ".join(f"{item.number}. {item.title} ({item.key})" for item in missing)
        problems.append(f"Missing answer for: {names}.")
    unknown = sorted(str(key) for key in answers if key not in ITEMS_BY_KEY)
    if unknown:
        problems.append(f"Unknown item: {', '.join(unknown)}.")
    for key in ITEM_KEYS:
        if key not in answers:
            continue
        value = answers[key]
        item = ITEMS_BY_KEY[key]
        # bool is an int subclass; True/False is never a valid score.
        if not isinstance(value, int) or isinstance(value, bool):
            problems.append(
                f"{item.number}. {item.title} ({key}): score must be a whole number from 0 to 4, "
                f"got {value!r}."
            )
        elif not 0 <= value <= MAX_ITEM_SCORE:
            problems.append(f"{item.number}. {item.title} ({key}): score must be from 0 to 4, got {value}.")
    if problems:
        raise ValueError(" ".join(problems))
    domains = {domain.key: sum(int(answers[key]) for key in domain.item_keys) for domain in DOMAINS}
    return Score(total=sum(domains.values()), domains=domains)


def answer_text(key: str, value: int, *, alternative: bool = False) -> str:
    """The plain-language answer text for ``value`` on item ``key`` (from the feeding-tube set
    if ``alternative`` and the item has one). Raises ``KeyError`` for an unknown item or
    score."""
    item = ITEMS_BY_KEY[key]
    answers = item.alternative_answers if alternative and item.alternative_answers else item.answers
    for answer_score, text in answers:
        if answer_score == value:
            return text
    raise KeyError(f"{key}: no answer with score {value!r}")
