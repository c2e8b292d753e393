"""The accounts app's declarations: the demo's one account per role, built last."""

from apps.core.brands import Brand, SeedStep

BRAND = Brand(
    key="accounts",
    title="账号",
    shared=True,
    order=90,
    # The secretary and the team leader are scoped to the demo's showcase branch and team.
    demo_steps=(SeedStep("accounts.demo", "apps.accounts.demo.seed", after=("party.people", "volunteers.teams")),),
)
