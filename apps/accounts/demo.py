"""Demo accounts, one per role (only ever made by ``seed_demo``, never in production)."""

from apps.accounts.choices import Role
from apps.accounts.services import user_create

# username, role label, role
DEMO_ACCOUNTS = [
    ("demo_leader", Role.LEADERSHIP.label, Role.LEADERSHIP),
    ("demo_staff", Role.BUREAU_STAFF.label, Role.BUREAU_STAFF),
    ("demo_district", Role.DISTRICT_STAFF.label, Role.DISTRICT_STAFF),
    ("demo_secretary", Role.SECRETARY.label, Role.SECRETARY),
    ("demo_team", Role.TEAM_LEADER.label, Role.TEAM_LEADER),
    ("demo_sysadmin", Role.SYSTEM_ADMIN.label, Role.SYSTEM_ADMIN),
    ("demo_security", Role.SECURITY_ADMIN.label, Role.SECURITY_ADMIN),
    ("demo_audit", Role.AUDIT_ADMIN.label, Role.AUDIT_ADMIN),
]

FULL_NAMES = {
    "demo_leader": "周局长",
    "demo_staff": "王科长",
    "demo_district": "李干事",
    "demo_secretary": "陈书记",
    "demo_team": "赵队长",
    "demo_sysadmin": "系统管理员",
    "demo_security": "安全管理员",
    "demo_audit": "审计管理员",
}


def seed(rng, ctx):
    """The secretary runs the showcase branch; district staff review it; the team leader
    leads the showcase team."""
    branch = ctx["showcase_branch"]
    secretary_person = ctx.get("showcase_secretary")
    for username, _, role in DEMO_ACCOUNTS:
        user_create(
            username=username,
            password=ctx["password"],
            role=role,
            full_name=FULL_NAMES[username],
            scope_region=branch.region if role == Role.DISTRICT_STAFF else None,
            scope_organisation=branch if role == Role.SECRETARY else None,
            scope_team=ctx["showcase_team"] if role == Role.TEAM_LEADER else None,
            person=secretary_person if role == Role.SECRETARY else None,
        )
