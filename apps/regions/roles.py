from apps.accounts.choices import Role

ROLE_PERMISSIONS = {
    Role.LEADERSHIP: ["regions.view_region"],
    Role.BUREAU_STAFF: ["regions.view_region", "regions.change_region"],
    Role.DISTRICT_STAFF: ["regions.view_region"],
}
