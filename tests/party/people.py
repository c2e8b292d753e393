"""People for the Party tests, each with its own birth date: the synthetic ID number is
built from the birth date and a random sequence, so distinct dates can never collide."""

import datetime
import itertools

from tests import factories as f

_births = itertools.count()


def make_person(**fields):
    fields.setdefault("birth_date", datetime.date(1940, 1, 1) + datetime.timedelta(days=next(_births)))
    return f.PersonFactory(**fields)
