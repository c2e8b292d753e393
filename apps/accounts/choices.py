from django.db import models


class Role(models.TextChoices):
    """A user's role; each is a Group of the same (Chinese) name holding its permissions."""

    LEADERSHIP = "leadership", "局领导"
    BUREAU_STAFF = "bureau_staff", "局机关工作人员"
    DISTRICT_STAFF = "district_staff", "区县工作人员"
    SECRETARY = "secretary", "党支部书记"
    TEAM_LEADER = "team_leader", "志愿团队负责人"
    SYSTEM_ADMIN = "system_admin", "系统管理员"
    SECURITY_ADMIN = "security_admin", "安全管理员"
    AUDIT_ADMIN = "audit_admin", "审计管理员"


class ScopeKind(models.TextChoices):
    CITY = "city", "全市"
    REGION = "region", "本区域"
    ORGANISATION = "organisation", "本党组织"
    TEAM = "team", "本志愿团队"
    NONE = "none", "无数据权限"


# The scope each role works in; a user's scope object (region, organisation, team) must
# match it.
ROLE_SCOPE = {
    Role.LEADERSHIP: ScopeKind.CITY,
    Role.BUREAU_STAFF: ScopeKind.CITY,
    Role.DISTRICT_STAFF: ScopeKind.REGION,
    Role.SECRETARY: ScopeKind.ORGANISATION,
    Role.TEAM_LEADER: ScopeKind.TEAM,
    # The three administrators manage the system, not the bureau's records.
    Role.SYSTEM_ADMIN: ScopeKind.NONE,
    Role.SECURITY_ADMIN: ScopeKind.NONE,
    Role.AUDIT_ADMIN: ScopeKind.NONE,
}

# Roles that work in the back office (django admin); the others use the portal front.
BACK_OFFICE_ROLES = {
    Role.LEADERSHIP,
    Role.BUREAU_STAFF,
    Role.DISTRICT_STAFF,
    Role.SYSTEM_ADMIN,
    Role.SECURITY_ADMIN,
    Role.AUDIT_ADMIN,
}

# 三员分立: no user may hold two of these.
SEPARATED_ROLES = {Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN}
