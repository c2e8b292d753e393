from django.db import models


class ReportStatus(models.TextChoices):
    SUBMITTED = "submitted", "待登记"
    REGISTERED = "registered", "已登记"
    FORWARDED = "forwarded", "已转办"
    ANSWERED = "answered", "已办复"
    FED_BACK = "fed_back", "已反馈"
