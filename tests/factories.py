"""factory_boy factories, one per model, shared by the whole suite.

People go through the real service (``person_prepare``) so the encrypted ID, its hash and
the pinyin columns are exactly what production writes.
"""

import datetime
import itertools
import random

import factory

from apps.core import demo_data as gen
from apps.core.validators import id_check_digit
from apps.people.models import Person
from apps.regions.models import Region

# The three-digit sequence code of the factory's ID numbers (odd for men) counts up rather
# than being drawn at random, so the people of one test never share a number whatever ran
# before. Codes below 200 are left to the numbers tests spell out (…001, …003, …123X).
_id_codes = itertools.count()


def _id_number(region_code: str, born: datetime.date, sex: str) -> str:
    code = 200 + (next(_id_codes) % 400) * 2 + (1 if sex == "M" else 0)
    first17 = f"{region_code[:6]}{born:%Y%m%d}{code:03d}"
    return first17 + id_check_digit(first17)


def region(name: str = "广陵区") -> Region:
    return Region.objects.get(name=name)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: gen.person_name(random.Random(n), "M"))
    region = factory.LazyFunction(lambda: region("广陵区"))
    retirement_type = "tuixiu"
    phone = factory.Sequence(lambda n: f"1990000{n:04d}")
    address = "扬州市广陵区东关街12号3幢201室"
    birth_date = datetime.date(1950, 5, 17)
    sex = "M"

    @classmethod
    def _create(cls, model_class, *args, id_number=None, **kwargs):
        from apps.people.services import person_prepare

        if id_number is None:
            born = kwargs.get("birth_date") or datetime.date(1950, 5, 17)
            id_number = _id_number(kwargs["region"].code, born, kwargs.get("sex", "M"))
        person = person_prepare(model_class(), id_number=id_number, **kwargs)
        person.save()
        return person


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "party.Organisation"

    name = factory.Sequence(lambda n: f"测试离退休干部党支部{n}")
    kind = "branch"
    region = factory.LazyFunction(lambda: region("广陵区"))
    parent = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        from apps.party.services import organisation_create

        return organisation_create(**kwargs)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "party.Membership"

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    joined_party_on = datetime.date(1975, 7, 1)
    joined_on = datetime.date(2015, 1, 1)


class TeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "volunteers.Team"

    name = factory.Sequence(lambda n: f"测试志愿服务队{n}")
    brand_name = "测试品牌"
    region = factory.LazyFunction(lambda: region("广陵区"))


class TeamMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "volunteers.TeamMember"

    team = factory.SubFactory(TeamFactory)
    person = factory.SubFactory(PersonFactory)
    joined_on = datetime.date(2020, 1, 1)


class ActivityLogFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "party.ActivityLog"

    organisation = factory.SubFactory(OrganisationFactory)
    activity_type = "theme_day"
    held_on = datetime.date(2026, 10, 15)
    theme = "学习贯彻党的二十届四中全会精神"
    place = "社区党员活动室"
    status = "draft"


class RectificationItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "workforce.RectificationItem"

    source = "局党组专项检查"
    problem = "组织生活台账不完整"
    region = factory.LazyFunction(lambda: region("广陵区"))
    owner = "王科长"
    deadline = datetime.date(2026, 12, 31)
