"""The portal menu by role, worked out once per role."""

import pytest
from django.contrib.auth.models import AnonymousUser

from apps.core.navigation import portal_navigation

pytestmark = pytest.mark.django_db


def _labels(user):
    return [item["label"] for item in portal_navigation(user)]


def test_each_role_sees_its_own_entries(cast):
    assert _labels(cast.secretary) == ["首页", "工作台", "年度考评"]
    assert _labels(cast.district) == [
        "首页",
        "数据看板",
        "年度考评",
        "审核队列",
        "代老同志报名",
        "年度总结",
        "后台管理",
    ]
    assert _labels(cast.team_leader) == ["首页", "工作台", "更正申请", "待接工单"]
    assert "后台管理" in _labels(cast.sysadmin)
    assert _labels(AnonymousUser()) == []


def test_the_menu_follows_a_change_of_role(cast):
    assert "工作台" in _labels(cast.secretary)
    cast.secretary.role = "leadership"
    assert "工作台" not in _labels(cast.secretary)
    assert "数据看板" in _labels(cast.secretary)


def test_a_caller_cannot_change_the_menu_of_others(cast):
    portal_navigation(cast.secretary).append({"label": "别的", "url": "/"})
    assert "别的" not in _labels(cast.secretary)


def test_the_menu_carries_the_script_prefix(cast):
    from django.urls import set_script_prefix

    set_script_prefix("/portal/")
    try:
        assert portal_navigation(cast.secretary)[0]["url"] == "/portal/"
    finally:
        set_script_prefix("/")
    assert portal_navigation(cast.secretary)[0]["url"] == "/"
