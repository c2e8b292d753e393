from apps.accounts.choices import Role

ROLE_PERMISSIONS = {
    # Leadership sees the rankings, read-only; the bureau head alone may close an appeal
    # window early (with a reason, audited).
    Role.LEADERSHIP: ["assessment.view_*", "assessment.close_appeal_early"],
    # Bureau staff run the whole assessment: schemes, scores, tallies, publication, appeals.
    # Closing an appeal window early is the bureau head's alone.
    Role.BUREAU_STAFF: ["assessment.*", "-assessment.close_appeal_early"],
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
