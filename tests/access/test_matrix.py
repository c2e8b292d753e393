"""Every URL against every role, from the declarative table in ``tests/access``.

Fails when a URL pattern has no row in the table, so a new page cannot ship unchecked.
"""

import re

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver

from tests.access.matrix import ADMIN_SUFFIX_PERMISSION, admin_expectations, load_tables
from tests.conftest import MATRIX_ROLES, client_for

# Patterns that are not pages: static/media serving in DEBUG, the admin's catch-all.
IGNORED = {"admin:view_on_site", None}


def all_url_names():
    names = set()

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern):
                names.add(f"{namespace}{p.name}" if p.name else None)

    walk(get_resolver().url_patterns)
    return names - IGNORED


def admin_model_urls():
    """``{url_name: (model_label, suffix)}`` for every registered model's admin URLs."""
    result = {}
    for model, model_admin in admin.site._registry.items():
        label = model._meta.label_lower
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}_"
        for pattern in model_admin.get_urls():
            if pattern.name and pattern.name.startswith(prefix[len("admin:") :]):
                result[f"admin:{pattern.name}"] = (label, pattern.name.removeprefix(prefix[len("admin:") :]))
    return result


def test_every_url_is_in_the_table():
    pages, admin_models = load_tables()
    model_urls = admin_model_urls()
    missing = []
    for name in sorted(all_url_names()):
        if name in pages:
            continue
        if name in model_urls:
            label, suffix = model_urls[name]
            if label not in admin_models:
                missing.append(f"{name} (admin model {label} has no AdminModel row)")
            elif suffix not in ADMIN_SUFFIX_PERMISSION and suffix not in admin_models[label].extra:
                missing.append(f"{name} (admin URL suffix {suffix!r} has no rule)")
            continue
        missing.append(name)
    assert not missing, "URLs missing from the role × URL table:\n" + "\n".join(missing)


def _cases():
    pages, admin_models = load_tables()
    cases = []
    for name, _page in sorted(pages.items()):
        for role in MATRIX_ROLES:
            cases.append(pytest.param(name, role, id=f"{name}-{role}"))
    for name, (label, _suffix) in sorted(admin_model_urls().items()):
        if label in admin_models:
            for role in MATRIX_ROLES:
                cases.append(pytest.param(name, role, id=f"{name}-{role}"))
    return cases


def _admin_path(name, obj):
    from django.urls import reverse

    for args in ((), (obj.pk,), (obj.pk, _latest_history_id(obj))):
        try:
            return reverse(name, args=args)
        except Exception:
            continue
    raise AssertionError(f"cannot reverse {name}")


def _latest_history_id(obj):
    history = getattr(obj, "history", None)
    return history.latest().history_id if history is not None else 0


@pytest.mark.parametrize(("name", "role"), _cases())
def test_role_gets_expected_status(name, role, client, cast):
    pages, admin_models = load_tables()
    login_redirect = True
    if name in pages:
        page = pages[name]
        login_redirect = page.login_redirect
        expected = page.expect[role]
        path = page.path(cast) if callable(page.path) else page.path
        data = page.data(cast) if callable(page.data) else page.data
        method = page.method
    else:
        label, suffix = admin_model_urls()[name]
        entry = admin_models[label]
        if suffix in entry.extra:
            page = entry.extra[suffix]
            expected = page.expect[role]
            path = page.path(cast) if callable(page.path) else page.path
            data, method = page.data, page.method
        else:
            expected = admin_expectations(entry, suffix)[role]
            path = _admin_path(name, entry.obj(cast))
            data, method = None, "get"
    response = getattr(client_for(client, cast, role), method)(path, data or {})
    assert response.status_code == expected, (
        f"{role} {method.upper()} {path}: expected {expected}, got {response.status_code}"
    )
    if expected == 302 and role == "anonymous" and login_redirect:
        assert re.search(r"login", response["Location"]), response["Location"]
