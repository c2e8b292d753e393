"""The test brand's callables: its figures, its dashboard data and its seed step."""

from apps.people.models import Person

SEEDED: list[dict] = []


def home_figures(user) -> list[tuple[str, int]]:
    return [("测试人数", Person.objects.for_user(user).count())]


def dashboard_data(filters) -> dict:
    return {"year": filters.year, "value": 42}


def seed(rng, ctx):
    """Records what it saw: the Party steps it runs after have built the rosters."""
    SEEDED.append({"branches": len(ctx["branches"]), "rosters": bool(ctx["members_by_branch"])})
