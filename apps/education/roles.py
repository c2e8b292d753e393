from apps.accounts.choices import Role

_CITY_RULES = [
    "-education.add_term",
    "-education.change_term",
    "-education.delete_term",
    "-education.run_lottery",
    "-education.add_discount",
    "-education.change_discount",
    "-education.delete_discount",
    "-education.add_coveragetarget",
    "-education.change_coveragetarget",
    "-education.delete_coveragetarget",
]

# Enrolments, roll calls and attendance are never deleted: they leave through the services
# (退课、取消录取), which pass the seat on.
_NO_DELETE = ["-education.delete_enrolment", "-education.delete_lesson", "-education.delete_attendance"]

ROLE_PERMISSIONS = {
    Role.LEADERSHIP: ["education.view_*"],
    # The bureau runs the terms, the rules and the lottery for the whole city.
    Role.BUREAU_STAFF: ["education.*", *_NO_DELETE],
    # District staff keep their district's venues, courses and enrolments (on behalf, roll
    # call, payment) under the bureau's terms and rules.
    Role.DISTRICT_STAFF: ["education.*", *_CITY_RULES, *_NO_DELETE],
}
