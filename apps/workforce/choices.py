from django.db import models


class RectificationStatus(models.TextChoices):
    OPEN = "open", "待整改"
    IN_PROGRESS = "in_progress", "整改中"
    DONE = "done", "已完成"
    VERIFIED = "verified", "已验收"
