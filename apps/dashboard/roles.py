from apps.accounts.choices import Role

# Leadership and bureau staff see the city; district staff their own region (access.py).
ROLE_PERMISSIONS = {
    Role.LEADERSHIP: ["dashboard.view_dashboard"],
    Role.BUREAU_STAFF: ["dashboard.view_dashboard"],
    Role.DISTRICT_STAFF: ["dashboard.view_dashboard"],
}
