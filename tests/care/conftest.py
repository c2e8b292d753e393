import datetime

import pytest

from apps.people.choices import RetirementType
from tests import factories as f


@pytest.fixture
def lixiu(db):
    """A 离休 cadre of 广陵区, 93 years old."""
    return f.PersonFactory(retirement_type=RetirementType.LIXIU, birth_date=datetime.date(1933, 3, 10))


@pytest.fixture
def other_lixiu(db):
    return f.PersonFactory(
        retirement_type=RetirementType.LIXIU, birth_date=datetime.date(1931, 7, 1), region=f.region("邗江区")
    )
