"""The audit purge as a SECURITY DEFINER function; the trigger no longer honours a setting.

Until now the trigger let a DELETE of rows past 180 days through whenever the transaction
had set ``cadre.audit_purge``, which any session may set. Now the trigger refuses every
DELETE, and old entries go only through ``audit_purge_before(cutoff)``: owned by the role
that runs the migrations (the table's owner) and run with its rights, it deletes the rows
older than ``cutoff`` and never any younger than 180 days. It switches the append-only
trigger off for its own DELETE only: ``ALTER TABLE`` locks the table against every other
writer until the transaction ends, and the switch is undone with it even on an error. The
application's role gets EXECUTE on it and no DELETE on the table (``manage.py
grant_app_role``; docs/SECURITY.md).
"""

from django.db import migrations

TRIGGER = r"""
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
    RAISE EXCEPTION '审计日志只能追加，禁止修改或删除（%）', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
"""

# {schema} is the schema of the audit table, fixed in the function (with pg_catalog first
# and pg_temp last) so a caller's search_path cannot substitute another table or function.
PURGE = r"""
CREATE OR REPLACE FUNCTION audit_purge_before(cutoff timestamptz) RETURNS bigint
LANGUAGE plpgsql
SECURITY DEFINER
SET search_path = pg_catalog, {schema}, pg_temp
AS $$
DECLARE
    floor_at timestamptz := now() - interval '180 days';
    deleted bigint;
BEGIN
    IF cutoff IS NULL OR cutoff > floor_at THEN
        cutoff := floor_at;
    END IF;
    ALTER TABLE {schema}.audit_auditevent DISABLE TRIGGER audit_auditevent_append_only;
    DELETE FROM {schema}.audit_auditevent WHERE created_at < cutoff;
    GET DIAGNOSTICS deleted = ROW_COUNT;
    ALTER TABLE {schema}.audit_auditevent ENABLE TRIGGER audit_auditevent_append_only;
    RETURN deleted;
END;
$$;
REVOKE ALL ON FUNCTION audit_purge_before(timestamptz) FROM PUBLIC;
"""

DROP_PURGE = "DROP FUNCTION IF EXISTS audit_purge_before(timestamptz);"

PREVIOUS_TRIGGER = r"""
CREATE OR REPLACE FUNCTION audit_auditevent_append_only() RETURNS trigger AS $$
BEGIN
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


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n.nspname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE c.oid = 'audit_auditevent'::regclass"
        )
        schema = connection.ops.quote_name(cursor.fetchone()[0])
    schema_editor.execute(TRIGGER, params=None)
    schema_editor.execute(PURGE.replace("{schema}", schema), params=None)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP_PURGE, params=None)
        schema_editor.execute(PREVIOUS_TRIGGER, params=None)


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_trigger_allows_identical_rewrite")]

    operations = [migrations.RunPython(forwards, backwards)]
