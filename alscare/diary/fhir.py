"""ALSFRS-R self-assessments as FHIR R4 QuestionnaireResponse resources, so a clinic's record
system can import them. Plain dicts: the tests validate them with the fhir.resources package
(its R4B models, which match R4 for this resource)."""

from . import alsfrs

QUESTIONNAIRE = "http://alscare.example/fhir/Questionnaire/alsfrs-r"
ANSWER_SYSTEM = "http://alscare.example/fhir/CodeSystem/alsfrs-r-answer"


def questionnaire_response(assessment, subject_name):
    """One assessment: an item per question (its 0-4 score and the answer's text), then the
    four domain subtotals and the total."""
    result = alsfrs.score(assessment.answers)
    items = []
    for item in alsfrs.ITEMS:
        value = assessment.answers[item.key]
        alternative = item.has_alternative and assessment.cutting_food_with_tube
        items.append(
            {
                "linkId": f"{item.number}{'b' if alternative else ''}",
                "text": item.alternative_question if alternative else item.question,
                "answer": [
                    {
                        "valueCoding": {
                            "system": ANSWER_SYSTEM,
                            "code": f"{item.key}-{value}",
                            "display": alsfrs.answer_text(item.key, value, alternative=alternative),
                        }
                    }
                ],
                "item": [
                    {"linkId": f"{item.number}-score", "text": "Score", "answer": [{"valueInteger": value}]}
                ],
            }
        )
    for domain in alsfrs.DOMAINS:
        items.append(
            {
                "linkId": f"domain-{domain.key}",
                "text": f"{domain.label} subtotal (0-12)",
                "answer": [{"valueInteger": result.domains[domain.key]}],
            }
        )
    items.append(
        {"linkId": "total", "text": "ALSFRS-R total (0-48)", "answer": [{"valueInteger": result.total}]}
    )
    return {
        "resourceType": "QuestionnaireResponse",
        "id": f"alsfrs-r-{assessment.pk}",
        "questionnaire": QUESTIONNAIRE,
        "status": "completed",
        "subject": {"display": subject_name},
        "authored": assessment.date.isoformat(),
        "item": items,
    }


def bundle(assessments, subject_name):
    """A collection Bundle of the assessments' QuestionnaireResponses."""
    return {
        "resourceType": "Bundle",
        "type": "collection",
        "entry": [
            {
                "fullUrl": f"urn:uuid:alscare-alsfrs-r-{a.pk}",
                "resource": questionnaire_response(a, subject_name),
            }
            for a in assessments
        ],
    }
