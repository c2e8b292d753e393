from apps.accounts.choices import Role

# The city-wide catalogues and rules are the bureau's; districts read them.
_REFERENCE = ["carerule", "abilitygrade", "festival", "aidreason", "treatmentitem", "modificationitem"]
_BUREAU_ONLY = [f"-care.{verb}_{model}" for model in _REFERENCE for verb in ("add", "change", "delete")]

ROLE_PERMISSIONS = {
    # Leaders read the records; aid amounts stay masked (no read_aid_money).
    Role.LEADERSHIP: ["care.view_*"],
    Role.BUREAU_STAFF: ["care.*"],
    # Districts record and pay; the bureau approves aid and sets the yearly plans.
    Role.DISTRICT_STAFF: [
        "care.*",
        "-care.approve_aidapplication",
        "-care.add_modificationplan",
        "-care.change_modificationplan",
        "-care.delete_modificationplan",
        *_BUREAU_ONLY,
    ],
}
