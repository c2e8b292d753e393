"""Re-encrypt every stored ID number under the newest key (the first of
``PII_ENCRYPTION_KEYS``), and with ``--rehash`` recompute the keyed search hashes under
the current ``PII_HASH_KEY``.

Procedure (also in docs/SECURITY.md):
1. generate a key: ``python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"``;
2. put it FIRST in ``PII_ENCRYPTION_KEYS``, keep the old ones after it; restart;
3. ``python manage.py rotate_pii_key``; 4. remove the old keys; restart.
"""

from cryptography.fernet import InvalidToken
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from apps.audit.choices import AuditAction
from apps.audit.services import audit_record
from apps.core import crypto
from apps.people.models import Person

BATCH = 2000


class Command(BaseCommand):
    help = "用最新密钥重新加密全部身份证号（--rehash 同时按当前摘要密钥重算检索摘要）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--rehash", action="store_true", help="同时重算身份证号检索摘要（更换 PII_HASH_KEY 后使用）"
        )

    def handle(self, *args, rehash=False, **options):
        rotated = 0
        fields = ["id_number_encrypted", "id_number_hash"] if rehash else ["id_number_encrypted"]
        queryset = Person.objects.exclude(id_number_encrypted="").only("id", *fields).order_by("pk")
        last_pk = 0
        try:
            with transaction.atomic():
                while True:
                    batch = list(queryset.filter(pk__gt=last_pk)[:BATCH])
                    if not batch:
                        break
                    for person in batch:
                        person.id_number_encrypted = crypto.rotate(person.id_number_encrypted)
                        if rehash:
                            person.id_number_hash = crypto.search_hash(crypto.decrypt(person.id_number_encrypted))
                    # bulk_update writes no history: the values' meaning did not change.
                    Person.objects.bulk_update(batch, fields, batch_size=BATCH)
                    rotated += len(batch)
                    last_pk = batch[-1].pk
        except InvalidToken as exc:
            raise CommandError(
                "有身份证号无法用现有任一密钥解密：请把旧密钥保留在 PII_ENCRYPTION_KEYS 中后重试。"
            ) from exc
        audit_record(
            user=None,
            username="system",
            action=AuditAction.KEY_ROTATION,
            detail=f"重新加密身份证号 {rotated} 条" + ("，并重算检索摘要" if rehash else ""),
        )
        self.stdout.write(self.style.SUCCESS(f"已用最新密钥重新加密 {rotated} 条身份证号。"))
