from apps.accounts.choices import Role

ROLE_PERMISSIONS = {
    Role.LEADERSHIP: ["volunteers.view_*"],
    # Staff hold every volunteers permission except the team leader's workspace; the
    # service menu, star thresholds and deadlines are the bureau's, read-only for districts.
    Role.BUREAU_STAFF: ["volunteers.*", "-volunteers.lead_team"],
    Role.DISTRICT_STAFF: [
        "volunteers.*",
        "-volunteers.lead_team",
        "-volunteers.add_servicecategory",
        "-volunteers.change_servicecategory",
        "-volunteers.delete_servicecategory",
        "-volunteers.add_starlevel",
        "-volunteers.change_starlevel",
        "-volunteers.delete_starlevel",
        "-volunteers.add_recordrule",
        "-volunteers.change_recordrule",
        "-volunteers.delete_recordrule",
    ],
    # The team leader works in his phone workspace (/workspace/team/), within his team.
    Role.TEAM_LEADER: [
        "volunteers.lead_team",
        "volunteers.view_team",
        "volunteers.view_teammember",
        "volunteers.add_teammember",
        "volunteers.change_teammember",
        "volunteers.view_activity",
        "volunteers.add_activity",
        "volunteers.change_activity",
        "volunteers.view_signup",
        "volunteers.add_signup",
        "volunteers.change_signup",
        "volunteers.view_servicerecord",
        "volunteers.add_servicerecord",
        "volunteers.change_servicerecord",
        "volunteers.view_certificate",
        "volunteers.add_certificate",
        # His volunteers' training and evaluation records; their correction requests,
        # which he handles in his workspace (/workspace/team/corrections/).
        "volunteers.view_trainingrecord",
        "volunteers.view_evaluationrecord",
        "volunteers.view_correctionrequest",
        "volunteers.add_correctionrequest",
        "volunteers.change_correctionrequest",
    ],
}
