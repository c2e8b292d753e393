"""Hardship aid: application → eligibility → approval by role → payment."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from apps.audit.choices import AuditAction
from apps.audit.models import AuditEvent
from apps.care import services
from apps.care.choices import AidSource, AidStatus
from apps.care.models import AidApplication, AidReason, CareRule

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 9, 1)


def _apply(person, amount="2000", reason="因病致困", source=AidSource.BUREAU, user=None):
    return services.aid_apply(
        application=AidApplication(
            person=person,
            reason=AidReason.objects.get(name=reason),
            source=source,
            applied_on=DAY,
            monthly_income=Decimal("1800"),
            illness="术后康复",
            amount_requested=Decimal(amount),
        ),
        user=user,
    )


def _through(app, cast, amount="2000"):
    services.aid_check(application=app, eligible=True, note="符合条件", user=cast.district)
    services.aid_decide(application=app, approve=True, amount=Decimal(amount), user=cast.staff)
    return app


def test_an_application_goes_through_to_payment(cast, lixiu):
    app = _apply(lixiu, user=cast.district)
    _through(app, cast)
    services.aid_pay(
        application=app, amount=Decimal("2000"), paid_on=datetime.date.today(), payer="财务科李会计", user=cast.district
    )
    app.refresh_from_db()
    assert app.status == AidStatus.PAID and app.paid_amount == Decimal("2000") and app.payer == "财务科李会计"
    assert app.checked_by == "district" and app.decided_by == "staff"


def test_district_staff_cannot_approve(cast, lixiu):
    app = _apply(lixiu, user=cast.district)
    services.aid_check(application=app, eligible=True, note="", user=cast.district)
    with pytest.raises(ValidationError, match="没有审批困难帮扶的权限"):
        services.aid_decide(application=app, approve=True, amount=Decimal("100"), user=cast.district)
    app.refresh_from_db()
    assert app.status == AidStatus.ELIGIBLE


def test_a_payment_without_approval_is_refused(cast, lixiu):
    app = _apply(lixiu)
    services.aid_check(application=app, eligible=True, note="", user=cast.district)
    with pytest.raises(ValidationError, match="尚未批准"):
        services.aid_pay(application=app, amount=Decimal("10"), paid_on=datetime.date.today(), payer="甲")
    app.refresh_from_db()
    assert app.status == AidStatus.ELIGIBLE and app.paid_amount is None


def test_a_refusal_needs_a_reason(cast, lixiu):
    app = _apply(lixiu)
    services.aid_check(application=app, eligible=True, note="", user=cast.district)
    with pytest.raises(ValidationError, match="请填写理由"):
        services.aid_decide(application=app, approve=False, reason=" ", user=cast.staff)
    services.aid_decide(application=app, approve=False, reason="家庭收入高于标准", user=cast.staff)
    app.refresh_from_db()
    assert app.status == AidStatus.REFUSED and app.refusal_reason == "家庭收入高于标准"


def test_ineligible_needs_a_reason(cast, lixiu):
    app = _apply(lixiu)
    with pytest.raises(ValidationError, match="请填写理由"):
        services.aid_check(application=app, eligible=False, note="", user=cast.district)


def test_aid_above_the_annual_cap_is_refused(cast, lixiu):
    rule = CareRule.current()
    rule.aid_annual_cap = Decimal("3000")
    rule.save()
    with pytest.raises(ValidationError, match="超过年度帮扶上限"):
        _apply(lixiu, amount="3500")
    first = _through(_apply(lixiu, amount="2000"), cast)
    second = _apply(lixiu, amount="1000", reason="住房困难")
    services.aid_check(application=second, eligible=True, note="", user=cast.district)
    with pytest.raises(ValidationError, match="超过年度帮扶上限"):
        services.aid_decide(application=second, approve=True, amount=Decimal("1500"), user=cast.staff)
    services.aid_decide(application=second, approve=True, amount=Decimal("1000"), user=cast.staff)
    assert services.aid_granted_in_year(lixiu, 2026) == Decimal("3000")
    assert first.status == AidStatus.APPROVED


def test_a_duplicate_from_another_source_is_refused(cast, lixiu):
    _apply(lixiu, source=AidSource.BUREAU)
    with pytest.raises(ValidationError, match="重复申请"):
        _apply(lixiu, source=AidSource.FORMER_UNIT)
    assert AidApplication.objects.count() == 1


def test_a_refused_application_does_not_block_a_new_one(cast, lixiu):
    app = _apply(lixiu)
    services.aid_check(application=app, eligible=False, note="收入超标", user=cast.district)
    _apply(lixiu, source=AidSource.DISTRICT)
    assert AidApplication.objects.count() == 2


@pytest.mark.parametrize("role", ["leader", "staff"])
def test_money_is_masked_in_the_admin_list_for_every_role(client, cast, lixiu, role):
    # A list shows many people's money at once: masked even for a holder of the money
    # permission (staff), who sees it on the audited change page; so nothing is recorded.
    _apply(lixiu, amount="1234.00")
    client.force_login(getattr(cast, role))
    page = client.get("/admin/care/aidapplication/").content.decode()
    assert lixiu.name in page and "申请金额" in page and "******" in page
    assert "1234" not in page
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE).exists()


@pytest.mark.parametrize("role", ["leader", "staff"])
@pytest.mark.parametrize(
    "lookup", ["amount_requested__gte=1000", "monthly_income__lt=2000", "paid_amount=1", "illness__contains=术后"]
)
def test_the_aid_list_refuses_filters_that_would_read_masked_money_or_illness(client, cast, lixiu, role, lookup):
    _apply(lixiu, amount="1234.00")
    client.force_login(getattr(cast, role))
    response = client.get(f"/admin/care/aidapplication/?{lookup}")
    assert response.status_code == 400 and "金额" in response.content.decode()


def test_money_is_masked_on_a_leaders_view_of_an_application(client, cast, lixiu):
    app = _apply(lixiu, amount="1234.00")
    client.force_login(cast.leader)
    page = client.get(f"/admin/care/aidapplication/{app.pk}/change/").content.decode()
    assert "1234" not in page and "术后康复" not in page


def test_money_shows_on_an_existing_application_for_staff_with_the_money_permission(client, cast, lixiu):
    app = _through(_apply(lixiu, amount="1234.00", user=cast.district), cast, amount="1111.00")
    url = f"/admin/care/aidapplication/{app.pk}/change/"
    client.force_login(cast.staff)  # holds care.read_aid_money
    page = client.get(url).content.decode()
    assert "1234.00" in page and "1111.00" in page and "1800.00" in page
    assert "术后康复" not in page  # health stays masked: the money permission does not reveal it
    client.force_login(cast.leader)  # no money permission: masked as before
    page = client.get(url).content.decode()
    assert "1234" not in page and "1111" not in page and "1800" not in page


def test_showing_the_amounts_to_a_money_permission_holder_is_audited_and_not_cached(client, cast, lixiu):
    app = _through(_apply(lixiu, amount="1234.00", user=cast.district), cast, amount="1111.00")
    url = f"/admin/care/aidapplication/{app.pk}/change/"
    client.force_login(cast.staff)  # holds care.read_aid_money
    response = client.get(url, REMOTE_ADDR="10.6.6.6")
    assert "1234.00" in response.content.decode()
    assert "no-store" in response["Cache-Control"]  # the figures are not kept by a browser or proxy
    [event] = AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE)
    assert (event.user, event.object_type, event.object_id, event.ip_address) == (
        cast.staff,
        "care.aidapplication",
        str(app.pk),
        "10.6.6.6",
    )
    assert "金额" in event.detail and "1234" not in event.detail
    client.force_login(cast.leader)  # no money permission: masked, so nothing is revealed or recorded
    page = client.get(url).content.decode()
    assert "1234" not in page
    assert AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE).count() == 1


def test_the_add_form_records_no_reveal(client, cast):
    client.force_login(cast.staff)
    assert client.get("/admin/care/aidapplication/add/").status_code == 200
    assert not AuditEvent.objects.filter(action=AuditAction.VIEW_SENSITIVE).exists()
