"""Mask ID and mobile numbers typed as user names in what sign-in stored before
(issue 12 item 5): django-axes' attempts (and their form data, now never kept), failure
and access logs, and the audit log's user name.

On PostgreSQL the audit log's append-only trigger refuses every UPDATE, so it is switched
off for this one transaction (DDL is transactional there: if anything fails, the trigger
is back as it was).
"""

from django.db import migrations

# Any run of 11+ digits may hold a number; redact_pii decides what is one.
CANDIDATE = r"[0-9]{11}"


def _mask(model, field, redact_pii):
    for pk, value in model.objects.filter(**{f"{field}__regex": CANDIDATE}).values_list("pk", field):
        masked = redact_pii(value)
        if masked != value:
            model.objects.filter(pk=pk).update(**{field: masked})


def redact(apps, schema_editor):
    from apps.core.masking import redact_pii

    attempt = apps.get_model("axes", "AccessAttempt")
    attempt.objects.exclude(get_data="", post_data="").update(get_data="", post_data="")
    for label in ("axes.AccessAttempt", "axes.AccessFailureLog", "axes.AccessLog"):
        _mask(apps.get_model(label), "username", redact_pii)

    postgres = schema_editor.connection.vendor == "postgresql"
    if postgres:
        schema_editor.execute("ALTER TABLE audit_auditevent DISABLE TRIGGER audit_auditevent_append_only")
    _mask(apps.get_model("audit", "AuditEvent"), "username", redact_pii)
    if postgres:
        schema_editor.execute("ALTER TABLE audit_auditevent ENABLE TRIGGER audit_auditevent_append_only")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_session_epoch"),
        ("audit", "0003_trigger_allows_identical_rewrite"),
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(redact, migrations.RunPython.noop)]
