"""Portal pages of 绿扬霞光's records beyond hours: the certificates on notice inside the
unit (民发〔2015〕149号). (The team leader's correction requests are in his workspace:
apps/volunteers/workspace/corrections.py; the volunteer's own in apps/volunteers/mine.py.)"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from apps.core.masking import mask_name
from apps.volunteers import selectors


@login_required
def certificate_notice(request):
    """The certificates published inside the unit (≥ 7 days) before they are registered:
    holder's name masked, volunteer number, hours, period, notice end, objection state."""
    if not request.user.has_perm("volunteers.view_certificate"):
        raise PermissionDenied("您没有查看志愿服务记录证明的权限。")
    rows = list(selectors.certificates_on_notice(request.user)[:200])
    for cert in rows:
        cert.holder_masked = mask_name(cert.holder_name)
    return render(request, "volunteers/certificate_notice.html", {"rows": rows, "today": timezone.localdate()})
