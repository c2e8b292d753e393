from apps.accounts.choices import Role

ROLE_PERMISSIONS = {
    Role.LEADERSHIP: ["party.view_*"],
    Role.BUREAU_STAFF: ["party.*"],
    Role.DISTRICT_STAFF: [
        "party.*",
        "-party.add_compliancerule",
        "-party.change_compliancerule",
        "-party.delete_compliancerule",
    ],
    Role.SECRETARY: [
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
