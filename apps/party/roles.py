from apps.accounts.choices import Role

ROLE_PERMISSIONS = {
    Role.LEADERSHIP: ["party.view_*"],
    # Bureau and district staff review the logs secretaries record in their workspace.
    Role.BUREAU_STAFF: ["party.*", "-party.record_activitylog"],
    Role.DISTRICT_STAFF: [
        "party.*",
        "-party.record_activitylog",
        "-party.add_compliancerule",
        "-party.change_compliancerule",
        "-party.delete_compliancerule",
    ],
    Role.SECRETARY: [
        "party.record_activitylog",
        "party.view_organisation",
        "party.view_membership",
        "party.view_organisationpost",
        "party.view_trainingclass",
        "party.view_compliancerule",
        "party.add_activitylog",
        "party.change_activitylog",
        "party.view_activitylog",
        "party.add_attendance",
        "party.change_attendance",
        "party.view_attendance",
        "party.add_activityphoto",
        "party.delete_activityphoto",
        "party.view_activityphoto",
    ],
    Role.TEAM_LEADER: ["party.view_organisation"],
}
