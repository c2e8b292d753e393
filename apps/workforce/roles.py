from apps.accounts.choices import Role

ROLE_PERMISSIONS = {
    Role.LEADERSHIP: ["workforce.view_*"],
    Role.BUREAU_STAFF: ["workforce.*"],
    Role.DISTRICT_STAFF: ["workforce.*"],
}
