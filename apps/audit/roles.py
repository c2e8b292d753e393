from apps.accounts.choices import Role

# 三员分立: only the audit administrator reads (and exports) the audit log.
ROLE_PERMISSIONS = {
    Role.AUDIT_ADMIN: ["audit.view_auditevent", "audit.export_auditevent"],
}
