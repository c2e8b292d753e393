"""Grant the application's PostgreSQL role what the portal needs, and on the audit log no more
than INSERT and SELECT (docs/SECURITY.md, "Production database roles").

Run as the owner role (the one that runs ``migrate``) after every ``migrate``:
``DATABASE_URL=postgres://cadre_owner@… python manage.py grant_app_role cadre_app``
(``--sql`` prints the statements instead of running them). Idempotent.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

AUDIT_TABLE = "audit_auditevent"
PURGE_FUNCTION = "audit_purge_before(timestamptz)"


def grant_statements(role: str, schema: str) -> list[str]:
    """The statements, ``role`` and ``schema`` already quoted."""
    return [
        f"GRANT USAGE ON SCHEMA {schema} TO {role}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {role}",
        # The audit log: append and read only. No UPDATE, DELETE, TRUNCATE, TRIGGER or
        # REFERENCES, and not the owner, so no ALTER TABLE … DISABLE TRIGGER either.
        f"REVOKE ALL ON {schema}.{AUDIT_TABLE} FROM {role}",
        f"GRANT SELECT, INSERT ON {schema}.{AUDIT_TABLE} TO {role}",
        f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA {schema} TO {role}",
        # Old entries go only through the owner's SECURITY DEFINER function.
        f"GRANT EXECUTE ON FUNCTION {schema}.{PURGE_FUNCTION} TO {role}",
    ]


class Command(BaseCommand):
    help = "为应用数据库角色授权：审计日志表仅可追加与查询，其余表可读写（仅 PostgreSQL，以表所有者身份运行）。"

    def add_arguments(self, parser):
        parser.add_argument("role", help="应用使用的数据库角色，例如 cadre_app")
        parser.add_argument("--sql", action="store_true", help="只打印 SQL 语句，不执行")

    def handle(self, *args, role: str, sql: bool, **options):
        if connection.vendor != "postgresql":
            raise CommandError("该命令仅适用于 PostgreSQL（SQLite 演示环境没有数据库角色）。")
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT r.rolsuper, pg_has_role(r.oid, c.relowner, 'MEMBER'), n.nspname"
                " FROM pg_roles r, pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                " WHERE r.rolname = %s AND c.oid = %s::regclass",
                [role, AUDIT_TABLE],
            )
            found = cursor.fetchone()
        if found is None:
            raise CommandError(f"数据库角色 {role} 不存在：请先 CREATE ROLE {role} LOGIN PASSWORD '…'。")
        superuser, owns, schema = found
        if superuser or owns:
            raise CommandError(f"数据库角色 {role} 不能是超级用户或表的所有者（或其成员），否则审计日志的保护无效。")
        statements = grant_statements(connection.ops.quote_name(role), connection.ops.quote_name(schema))
        if sql:
            self.stdout.write(";\n".join(statements) + ";")
            return
        with transaction.atomic(), connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
        self.stdout.write(f"已为数据库角色 {role} 授权：审计日志表仅可追加与查询。")
