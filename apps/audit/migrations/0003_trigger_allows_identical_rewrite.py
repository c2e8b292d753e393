"""Let an UPDATE that changes nothing through the append-only trigger.

Django's serialized rollback (test databases) and fixture loading write rows back with
``save()``, which is an UPDATE of identical values (to the millisecond) when the row
exists. Such a write alters nothing (the stored row is kept as it was), so it is
harmless; every UPDATE that changes a value is still refused.
"""

from django.db import migrations

CREATE = r"""
CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    -- The serializer keeps milliseconds only: compare the time to the millisecond, and
    -- keep the stored row exactly as it was.
    IF TG_OP = 'UPDATE'
       AND date_trunc('milliseconds', NEW.created_at) = date_trunc('milliseconds', OLD.created_at)
       AND (NEW.id, NEW.user_id, NEW.username, NEW.ip_address, NEW.action, NEW.object_type,
            NEW.object_id, NEW.object_repr, NEW.result, NEW.detail)
           IS NOT DISTINCT FROM
           (OLD.id, OLD.user_id, OLD.username, OLD.ip_address, OLD.action, OLD.object_type,
            OLD.object_id, OLD.object_repr, OLD.result, OLD.detail) THEN
        RETURN OLD;
    END IF;
    IF TG_OP = 'DELETE'
       AND coalesce(current_setting('cadre.audit_purge', true), '') = 'on'
       AND OLD.created_at < now() - interval '180 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '审计日志只能追加，禁止修改或删除（%）', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

PREVIOUS = r"""
CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'DELETE'
       AND coalesce(current_setting('cadre.audit_purge', true), '') = 'on'
       AND OLD.created_at < now() - interval '180 days' THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION '审计日志只能追加，禁止修改或删除（%）', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE, params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(PREVIOUS, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_append_only_trigger")]

    operations = [migrations.RunPython(forwards, backwards)]
