from apps.accounts.choices import Role

# The working-day calendar: the bureau keeps it; everyone who sets deadlines reads it.
ROLE_PERMISSIONS = {
    Role.BUREAU_STAFF: [
        "core.view_calendarday",
        "core.add_calendarday",
        "core.change_calendarday",
        "core.delete_calendarday",
    ],
    Role.LEADERSHIP: ["core.view_calendarday"],
    Role.DISTRICT_STAFF: ["core.view_calendarday"],
}
