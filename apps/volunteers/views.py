"""The printable certificate and the public certificate verification page. (The team
leader's pages are in the workspace: apps/volunteers/workspace/; their former addresses
redirect there.)"""

import io

import qrcode
import qrcode.image.svg
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.safestring import mark_safe

from apps.core.masking import mask_name
from apps.volunteers import services
from apps.volunteers.choices import CertificateStatus
from apps.volunteers.forms import VerifyForm
from apps.volunteers.models import Certificate

# A certificate once issued: on notice, held by an objection, registered or revoked.
ISSUED_STATES = [
    CertificateStatus.ISSUED,
    CertificateStatus.HELD,
    CertificateStatus.REGISTERED,
    CertificateStatus.REVOKED,
]


def team_moved(request, rest: str = ""):
    """The team leader's pages moved into the workspace (``/workspace/team/``): a former
    address (a bookmark, an old notice) goes on to the same page there. 308 keeps a form's
    POST a POST."""
    home = reverse("workspace:home")
    return _moved(request, f"{home}team/{rest}" if rest else home)


def corrections_moved(request, rest: str = ""):
    """The correction requests moved into the team leader's workspace
    (``/workspace/team/corrections/``): the same page there, a POST still a POST."""
    return _moved(request, reverse("workspace:team_corrections") + rest)


def _moved(request, target: str):
    query = request.META.get("QUERY_STRING", "")
    response = HttpResponseRedirect(f"{target}?{query}" if query else target)
    response.status_code = 308
    return response


# ---------------------------------------------------------------------------
# Certificates
# ---------------------------------------------------------------------------
def qr_svg(data: str) -> str:
    image = qrcode.make(data, image_factory=qrcode.image.svg.SvgPathImage, box_size=6)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]


@login_required
def certificate_print(request, pk):
    """The certificate for print (browser's 打印/另存为 PDF), with its number and a QR code
    of the verification address. Staff and team leaders, within their scope."""
    if not request.user.has_perm("volunteers.view_certificate"):
        raise PermissionDenied("您没有查看志愿服务记录证明的权限。")
    cert = get_object_or_404(
        Certificate.objects.for_user(request.user).filter(status__in=ISSUED_STATES),
        pk=pk,
    )
    verify_url = request.build_absolute_uri(reverse("volunteers:verify")) + f"?number={cert.number}"
    return render(
        request,
        "volunteers/certificate_print.html",
        {"cert": cert, "qr": mark_safe(qr_svg(verify_url)), "verify_url": verify_url},
    )


def verify(request):
    """Public: anyone may check a certificate by its number. Shows only what the certificate
    states, the holder's name and ID masked; a forged or altered number is refused before
    any look-up (its check code does not match). One query for a real number."""
    form = VerifyForm(request.GET or None)
    cert, refused = None, ""
    if form.is_bound and form.is_valid():
        number = form.cleaned_data["number"].strip().upper()
        if not services.certificate_number_valid(number):
            refused = "查无此证明：编号不正确，可能是伪造或填写有误。"
        else:
            cert = (
                Certificate.objects.filter(number=number, status__in=ISSUED_STATES)
                .only(
                    "number",
                    "holder_name",
                    "holder_id_masked",
                    "holder_volunteer_number",
                    "hours",
                    "activity_count",
                    "content",
                    "issuer",
                    "issued_on",
                    "period_start",
                    "period_end",
                    "status",
                    "revoke_reason",
                    "notice_end",
                    "registered_on",
                )
                .first()
            )
            if cert is None:
                refused = "查无此证明：该编号未登记。"
    return render(
        request,
        "volunteers/verify.html",
        {"form": form, "cert": cert, "refused": refused, "holder": mask_name(cert.holder_name) if cert else ""},
    )
