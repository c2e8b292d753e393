from apps.accounts.choices import Role

ROLE_PERMISSIONS = {
    Role.LEADERSHIP: ["people.view_person"],
    Role.BUREAU_STAFF: ["people.*"],
    Role.DISTRICT_STAFF: ["people.*"],
    Role.SECRETARY: ["people.view_person"],
    Role.TEAM_LEADER: ["people.view_person"],
}
