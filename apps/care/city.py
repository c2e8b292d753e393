"""牵手夕阳 at city scale (``seed_city --scale 1``): the registry's ~3 % 离休 cadres raised to
~1,800, three years of visits (~50,000), aid, ~800 modification files and care visits."""

from django.utils import timezone

from apps.care.demo import build, ensure_lixiu


def seed(rng, ctx):
    scale = ctx.get("scale", 1)
    ensure_lixiu(rng, int(1800 * scale))
    ctx["care"] = build(
        rng,
        today=timezone.localdate(),
        years=3,
        modification_files=int(800 * scale),
        care_plans=int(600 * scale),
        aid_count=int(1200 * scale),
        daily=(1, 2),
    )
