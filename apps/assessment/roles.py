from apps.accounts.choices import Role

ROLE_PERMISSIONS = {
    # Leadership sees the rankings, read-only.
    Role.LEADERSHIP: ["assessment.view_*"],
    # Bureau staff run the whole assessment: schemes, scores, tallies, publication, appeals.
    Role.BUREAU_STAFF: ["assessment.*"],
    # District staff see their region's results and appeal for their region.
    Role.DISTRICT_STAFF: [
        "assessment.view_scheme",
        "assessment.view_result",
        "assessment.view_appeal",
        "assessment.add_appeal",
    ],
    # A secretary sees their branch's scorecard and appeals for it.
    Role.SECRETARY: [
        "assessment.view_scheme",
        "assessment.view_result",
        "assessment.view_appeal",
        "assessment.add_appeal",
    ],
}
