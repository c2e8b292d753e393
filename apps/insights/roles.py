from apps.accounts.choices import Role

ROLE_PERMISSIONS = {
    Role.LEADERSHIP: ["insights.view_*"],
    Role.BUREAU_STAFF: ["insights.*"],
    Role.DISTRICT_STAFF: [
        "insights.*",
        "-insights.add_insightcategory",
        "-insights.change_insightcategory",
        "-insights.delete_insightcategory",
        "-insights.add_feedbackrule",
        "-insights.change_feedbackrule",
        "-insights.delete_feedbackrule",
    ],
}
