from apps.accounts.choices import Role

# Leaders and staff write the summary of what they may see; the bureau keeps its wording.
ROLE_PERMISSIONS = {
    Role.LEADERSHIP: ["summary.generate_summary", "summary.view_summarytemplate"],
    Role.BUREAU_STAFF: [
        "summary.generate_summary",
        "summary.view_summarytemplate",
        "summary.add_summarytemplate",
        "summary.change_summarytemplate",
        "summary.delete_summarytemplate",
    ],
    Role.DISTRICT_STAFF: ["summary.generate_summary"],
}
