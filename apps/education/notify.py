"""Telling an elder (or their family) that a seat is offered: a notice to every account
that may answer for them."""

from django.utils import timezone


def offer_made(enrolment) -> None:
    from apps.core.models import Notice
    from apps.education.models import Guardian

    users = set(Guardian.objects.filter(person_id=enrolment.person_id).values_list("user_id", flat=True))
    users |= set(enrolment.person.accounts.values_list("pk", flat=True))
    until = timezone.localtime(enrolment.offer_expires_at).strftime("%Y年%-m月%-d日 %H:%M")
    for user_id in users:
        Notice.objects.create(
            user_id=user_id,
            title=f"{enrolment.person.name}：“{enrolment.course.name}”有候补名额，请于{until}前确认",
            link="/education/",
        )
