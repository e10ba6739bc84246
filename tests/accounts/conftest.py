from tests.diary.conftest import (  # noqa: F401 - the same cast as the diary tests
    assessment,
    caregiver,
    diary,
    entry,
    patient,
    stranger,
    strangers_diary,
    viewer,
)
