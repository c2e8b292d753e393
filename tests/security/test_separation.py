"""三员分立: the system, security and audit administrators are three people with three
separate duties, and none can grant himself more."""

import pytest
from django.core.exceptions import ValidationError

from apps.accounts.choices import SEPARATED_ROLES, Role
from apps.accounts.models import User
from apps.accounts.services import user_set_role

pytestmark = pytest.mark.django_db

DATA_APPS = {"people", "party", "volunteers", "workforce", "regions_change", "assessment", "audit"}


def _perms(user):
    return User.objects.get(pk=user.pk).get_all_permissions()


def test_no_user_holds_two_of_the_three_administrator_roles(cast):
    separated = {Role(r).label for r in SEPARATED_ROLES}
    for user in User.objects.prefetch_related("groups"):
        groups = {g.name for g in user.groups.all()}
        assert len(groups & separated) <= 1, user.username
        # A role is the only grant: exactly its own group, no individual permissions.
        assert groups == ({Role(user.role).label} if user.role else set()), user.username
        assert not user.user_permissions.exists(), user.username
        assert not (user.is_superuser and user.role in SEPARATED_ROLES), user.username


def test_the_system_administrator_manages_users_but_reads_no_data_and_no_audit_log(client, cast):
    perms = _perms(cast.sysadmin)
    assert {"accounts.add_user", "accounts.change_user", "accounts.view_user"} <= perms
    assert not {p for p in perms if p.split(".")[0] in {"people", "party", "volunteers", "workforce", "audit"}}
    client.force_login(cast.sysadmin)
    assert client.get("/admin/accounts/user/").status_code == 200
    assert client.get("/admin/audit/auditevent/").status_code == 403
    assert client.get("/admin/people/person/").status_code == 403


def test_the_system_administrator_cannot_change_his_own_role(client, cast):
    with pytest.raises(ValidationError, match="不能修改自己的角色"):
        user_set_role(user=cast.sysadmin, role=Role.BUREAU_STAFF, actor=cast.sysadmin)
    # Through the admin the role field of his own account is read-only.
    client.force_login(cast.sysadmin)
    response = client.post(
        f"/admin/accounts/user/{cast.sysadmin.pk}/change/",
        {"username": "sysadmin", "full_name": "sysadmin", "role": "bureau_staff", "is_active": "on"},
    )
    assert response.status_code == 302
    assert User.objects.get(pk=cast.sysadmin.pk).role == Role.SYSTEM_ADMIN
    assert "people.view_person" not in _perms(cast.sysadmin)


def test_the_system_administrator_cannot_grant_superuser_groups_or_permissions(client, cast):
    client.force_login(cast.sysadmin)
    response = client.get(f"/admin/accounts/user/{cast.staff.pk}/change/")
    form = response.context["adminform"].form
    assert not {"is_superuser", "groups", "user_permissions", "is_staff"} & set(form.fields)


def test_he_may_change_someone_elses_role_and_it_is_recorded(client, cast):
    client.force_login(cast.sysadmin)
    response = client.post(
        f"/admin/accounts/user/{cast.leader.pk}/change/",
        {"username": "leader", "full_name": "leader", "role": "bureau_staff", "is_active": "on"},
    )
    assert response.status_code == 302
    leader = User.objects.get(pk=cast.leader.pk)
    assert leader.role == Role.BUREAU_STAFF
    assert [g.name for g in leader.groups.all()] == ["局机关工作人员"]


def test_a_new_account_made_by_the_administrator_must_change_its_password(client, cast):
    client.force_login(cast.sysadmin)
    response = client.post(
        "/admin/accounts/user/add/",
        {
            "username": "newstaff",
            "password1": "Chushi-Mima-2026",
            "password2": "Chushi-Mima-2026",
            "usable_password": "true",
            "full_name": "新同事",
            "role": "bureau_staff",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    user = User.objects.get(username="newstaff")
    assert user.must_change_password and user.role == Role.BUREAU_STAFF


def test_the_security_administrator_holds_only_the_security_policy(client, cast):
    assert _perms(cast.security) == {
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "otp_totp.view_totpdevice",
        "otp_totp.delete_totpdevice",
        "accounts.add_otpenrolmentcode",
        "accounts.view_otpenrolmentcode",
    }
    client.force_login(cast.security)
    assert client.get("/admin/axes/accessattempt/").status_code == 200
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 200
    assert client.get("/admin/audit/auditevent/").status_code == 403
    assert client.get("/admin/accounts/user/").status_code == 403


def test_the_audit_administrator_only_reads_the_audit_log(client, cast):
    assert _perms(cast.auditor) == {"audit.view_auditevent", "audit.export_auditevent"}
    client.force_login(cast.auditor)
    assert client.get("/admin/audit/auditevent/").status_code == 200
    assert client.get("/admin/accounts/user/").status_code == 403
    assert client.get("/admin/people/person/").status_code == 403


def test_the_totp_secret_is_never_shown_to_the_security_administrator(client, cast):
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.create(user=cast.secretary, name="手机验证器", confirmed=True)
    client.force_login(cast.security)
    html = client.get(f"/admin/otp_totp/totpdevice/{device.pk}/change/").content.decode()
    assert device.key not in html


def test_each_administrator_finds_his_duties_in_the_sidebar(client, cast):
    expected = {
        "security": (
            ["/admin/axes/accessattempt/", "/admin/otp_totp/totpdevice/", "/admin/accounts/otpenrolmentcode/"],
            ["/admin/audit/auditevent/"],
        ),
        "auditor": (["/admin/audit/auditevent/"], ["/admin/accounts/user/", "/admin/axes/accessattempt/"]),
        "sysadmin": (["/admin/accounts/user/"], ["/admin/audit/auditevent/", "/admin/otp_totp/totpdevice/"]),
    }
    for role, (shown, hidden) in expected.items():
        client.force_login(getattr(cast, role))
        html = client.get("/admin/").content.decode()
        for link in shown:
            assert f'href="{link}"' in html, (role, link)
        for link in hidden:
            assert f'href="{link}"' not in html, (role, link)
