"""The guide's sections: their order, wording, and the kind of item each holds."""

from dataclasses import dataclass

from . import models


@dataclass(frozen=True)
class SectionInfo:
    slug: str
    title: str
    intro: str
    model: type

    def __str__(self):
        return self.title


_SECTIONS = [
    SectionInfo(
        models.Section.DIAGNOSIS,
        models.Section.DIAGNOSIS.label,
        "No single test shows ALS. A neurologist puts together an examination and several "
        "tests that look for damaged motor nerves and rule out other conditions.",
        models.DiagnosticTest,
    ),
    SectionInfo(
        models.Section.ALS_MEDICINES,
        models.Section.ALS_MEDICINES.label,
        "Medicines that can slow ALS down. None cures it, but each can matter. Here is how "
        "they are taken, what they do, and where each stands with the FDA today.",
        models.Medicine,
    ),
    SectionInfo(
        models.Section.SYMPTOM_MEDICINES,
        models.Section.SYMPTOM_MEDICINES.label,
        "ALS brings symptoms such as cramps, tiredness or extra saliva. Many of them can be "
        "eased with medicines and other help, so life is more comfortable.",
        models.SymptomTreatment,
    ),
    SectionInfo(
        models.Section.THERAPIES,
        models.Section.THERAPIES.label,
        "Breathing care, therapy, nutrition and support from a team of specialists who work "
        "together. Good team care helps people live longer and better.",
        models.Therapy,
    ),
    SectionInfo(
        models.Section.LIVING,
        models.Section.LIVING.label,
        "What ALS is, coping with the news, finding support, planning ahead, breathing emergencies, "
        "money and work, caring for someone, and taking part in research.",
        models.CopingTopic,
    ),
    SectionInfo(
        models.Section.APPOINTMENTS,
        models.Section.APPOINTMENTS.label,
        "How to get the most from a visit to the neurologist: what to note, what to bring, and what to ask.",
        models.AppointmentGuide,
    ),
]

SECTIONS = {section.slug: section for section in _SECTIONS}
