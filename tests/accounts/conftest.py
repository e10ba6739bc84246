from tests.diary.conftest import (  # noqa: F401 - the same cast as the diary tests
    assessment,
    caregiver,
    diary,
    entry,
    fresh_rate_limits,
    patient,
    stranger,
    strangers_diary,
    viewer,
)
