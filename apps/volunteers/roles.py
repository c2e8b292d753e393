from apps.accounts.choices import Role

ROLE_PERMISSIONS = {
    Role.LEADERSHIP: ["volunteers.view_*"],
    Role.BUREAU_STAFF: ["volunteers.*"],
    Role.DISTRICT_STAFF: ["volunteers.*"],
    Role.TEAM_LEADER: [
        "volunteers.view_team",
        "volunteers.view_teammember",
        "volunteers.add_teammember",
        "volunteers.change_teammember",
    ],
}
