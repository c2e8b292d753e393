from apps.accounts.choices import Role

ROLE_PERMISSIONS = {
    Role.LEADERSHIP: ["orders.view_*"],
    # The centre registers needs, dispatches, refuses and records the requester's rating;
    # accepting, handing back and completing are the team's own steps (its phone page).
    Role.BUREAU_STAFF: ["orders.*", "-orders.accept_serviceorder"],
    Role.DISTRICT_STAFF: [
        "orders.*",
        "-orders.accept_serviceorder",
        "-orders.add_servicecategory",
        "-orders.change_servicecategory",
        "-orders.delete_servicecategory",
        "-orders.add_stepdeadline",
        "-orders.change_stepdeadline",
        "-orders.delete_stepdeadline",
    ],
    # Workflow steps only through the services: no plain change/delete of orders.
    Role.TEAM_LEADER: [
        "orders.view_serviceorder",
        "orders.add_serviceorder",
        "orders.accept_serviceorder",
        "orders.view_servicecategory",
    ],
}
