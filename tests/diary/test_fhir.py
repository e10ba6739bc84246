import json

from django.urls import reverse
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.questionnaireresponse import QuestionnaireResponse

from alscare.diary import alsfrs, fhir, services

from .conftest import full_answers


def test_an_assessment_is_a_valid_fhir_r4_questionnaire_response(diary, caregiver):
    answers = {**full_answers(4), "speech": 2, "cutting_food": 1}
    assessment = services.record_assessment(
        diary, timezone.localdate(), answers, by=caregiver, cutting_food_with_tube=True
    )
    resource = QuestionnaireResponse.model_validate(fhir.questionnaire_response(assessment, "Alex Test"))
    assert resource.status == "completed"
    by_link = {item.linkId: item for item in resource.item}
    assert by_link["total"].answer[0].valueInteger == 48 - 2 - 3 == 43
    assert by_link["domain-bulbar"].answer[0].valueInteger == 10
    assert by_link["5b"].text == alsfrs.ITEMS_BY_KEY["cutting_food"].alternative_question
    assert by_link["5b"].answer[0].valueCoding.display == alsfrs.answer_text(
        "cutting_food", 1, alternative=True
    )


def test_owners_download_the_periods_assessments_as_a_fhir_bundle(client, diary, patient, caregiver):
    services.record_assessment(diary, timezone.localdate(), full_answers(3), by=caregiver)
    client.force_login(patient)
    response = client.get(reverse("diary:alsfrs_fhir", kwargs={"diary_id": diary.pk}))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/fhir+json")
    bundle = Bundle.model_validate(json.loads(response.content))
    assert len(bundle.entry) == 1
    assert bundle.entry[0].resource.get_resource_type() == "QuestionnaireResponse"
