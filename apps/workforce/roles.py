from apps.accounts.choices import Role

# The thresholds, deadlines and quota are the city's: district staff read them.
CITY_REFERENCE = [
    f"-workforce.{verb}_{model}"
    for model in ("trainingrequirement", "rectificationpolicy", "researchquota")
    for verb in ("add", "change", "delete")
]

ROLE_PERMISSIONS = {
    Role.LEADERSHIP: ["workforce.view_*"],
    Role.BUREAU_STAFF: ["workforce.*"],
    Role.DISTRICT_STAFF: ["workforce.*", *CITY_REFERENCE],
}
