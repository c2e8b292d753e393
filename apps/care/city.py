"""牵手夕阳 at city scale (``seed_city --scale 1``): the registry's ~3 % 离休 cadres raised to
~1,800, three years of visits (~50,000), aid, ~800 modification files and care visits."""

from django.utils import timezone

from apps.care.demo import build
from apps.people.choices import PersonStatus, RetirementType
from apps.people.models import Person


def promote_lixiu(target: int) -> int:
    """The city plan's registry keeps its size: the oldest living 退休 cadres are filed as
    离休 until there are ``target``."""
    have = Person.objects.filter(retirement_type=RetirementType.LIXIU, status=PersonStatus.LIVING).count()
    ids = list(
        Person.objects.filter(retirement_type=RetirementType.TUIXIU, status=PersonStatus.LIVING)
        .order_by("birth_date", "pk")
        .values_list("pk", flat=True)[: max(0, target - have)]
    )
    return Person.objects.filter(pk__in=ids).update(retirement_type=RetirementType.LIXIU)


def seed(rng, ctx):
    scale = ctx.get("scale", 1)
    promote_lixiu(int(1800 * scale))
    ctx["care"] = build(
        rng,
        today=timezone.localdate(),
        years=3,
        modification_files=int(800 * scale),
        care_plans=int(600 * scale),
        aid_count=int(1200 * scale),
        daily=(1, 2),
        served_per_point=int(40 * scale),
    )
