"""The one way to see a person's ID number, phones, address and health in full: a deliberate,
audited POST ("显示完整信息"), for users holding the sensitive-data permission, within
their data scope."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from apps.audit.choices import AuditAction
from apps.audit.services import audit_record
from apps.core.masking import can_view_sensitive
from apps.core.scoping import get_scoped_or_404
from apps.people.models import Person


@never_cache
@login_required
@require_POST
def reveal_person(request, pk: int):
    if not can_view_sensitive(request.user):
        raise PermissionDenied("您没有查看完整个人信息的权限。")
    person = get_scoped_or_404(Person.objects.select_related("region"), request.user, pk=pk)
    audit_record(
        user=request.user,
        action=AuditAction.VIEW_SENSITIVE,
        obj=person,
        request=request,
        detail="查看完整身份证号、联系电话、居住地址、健康状况",
    )
    # never_cache: the page is not kept by a browser or proxy cache.
    return render(request, "audit/reveal_person.html", {"person": person})
