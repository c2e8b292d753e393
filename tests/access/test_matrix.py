"""Every URL against every role, from the declarative table in ``tests/access``.

Fails when a URL pattern has no row in the table, so a new page cannot ship unchecked.
"""

import copy

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver

from tests.access.matrix import (
    ADMIN_SUFFIX_PERMISSION,
    OBJECT_SUFFIXES,
    SCOPED_ROLES,
    admin_expectations,
    load_tables,
    outside_expectations,
)
from tests.conftest import MATRIX_ROLES, build_cast, client_for, module_data

# Patterns that are not pages: static/media serving in DEBUG, the admin's catch-all.
IGNORED = {"admin:view_on_site", None}


@pytest.fixture(scope="module")
def _module_cast(django_db_setup, django_db_blocker):
    with module_data(django_db_blocker, build_cast) as built:
        yield built


@pytest.fixture
def cast(_module_cast, db):
    """The shared cast, built once for this module's thousand-odd cases (every database
    test here asks for it); each test gets its own copy of the objects, as
    ``setUpTestData`` gives, and its writes are rolled back."""
    return copy.deepcopy(_module_cast)


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
    """One case per URL; each checks every role (the cast is built once per URL)."""
    pages, admin_models = load_tables()
    names = sorted(pages)
    names += sorted(name for name, (label, _) in admin_model_urls().items() if label in admin_models)
    return [pytest.param(name, id=name) for name in names]


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


def _request_for(name, role, cast, pages, admin_models, objects):
    """``(method, path, data, expected status, check login redirect)`` for one role.

    ``objects`` caches the admin object of each URL, made once for all roles."""
    if name in pages:
        page = pages[name]
    else:
        label, suffix = admin_model_urls()[name]
        entry = admin_models[label]
        if suffix in entry.extra:
            page = entry.extra[suffix]
        else:
            if label not in objects:
                objects[label] = entry.obj(cast)
            path = _admin_path(name, objects[label])
            return "get", path, None, admin_expectations(entry, suffix)[role], True
    path = page.path(cast) if callable(page.path) else page.path
    data = page.data(cast) if callable(page.data) else page.data
    return page.method, path, data, page.expect[role], page.login_redirect


@pytest.mark.parametrize("name", _cases())
def test_every_role_gets_the_expected_status(name, client, cast):
    pages, admin_models = load_tables()
    failures, objects = [], {}
    for role in MATRIX_ROLES:
        client.logout()
        method, path, data, expected, login_redirect = _request_for(name, role, cast, pages, admin_models, objects)
        response = getattr(client_for(client, cast, role), method)(path, data or {})
        if response.status_code != expected:
            failures.append(f"{role} {method.upper()} {path}: expected {expected}, got {response.status_code}")
        elif expected == 302 and role == "anonymous" and login_redirect and "login" not in response["Location"]:
            failures.append(f"anonymous {path}: redirected to {response['Location']}, not to a login page")
    assert not failures, "\n".join(failures)


# ---------------------------------------------------------------------------
# Out of scope: every object URL of a scoped model is a 404 for a scoped role
# ---------------------------------------------------------------------------
def test_every_scoped_model_has_an_object_outside_the_scope():
    _, admin_models = load_tables()
    missing = []
    for model in admin.site._registry:
        label = model._meta.label_lower
        entry = admin_models.get(label)
        if entry is None or not hasattr(model._default_manager.all(), "for_user"):
            continue
        if entry.outside is None and not entry.unscoped:
            missing.append(label)
    assert not missing, "Scoped models without an out-of-scope object (AdminModel.outside):\n" + "\n".join(missing)


def _outside_cases():
    _, admin_models = load_tables()
    return [
        pytest.param(name, id=name)
        for name, (label, suffix) in sorted(admin_model_urls().items())
        if label in admin_models and admin_models[label].outside is not None and suffix in OBJECT_SUFFIXES
    ]


@pytest.mark.parametrize("name", _outside_cases())
def test_scoped_roles_get_404_outside_their_scope(name, client, cast):
    _, admin_models = load_tables()
    label, suffix = admin_model_urls()[name]
    entry = admin_models[label]
    path = _admin_path(name, entry.outside(cast))
    expected = outside_expectations(entry, suffix)
    failures = []
    # The city-wide staff role shows the URL is right; the scoped roles must not see it.
    for role in ("staff", *SCOPED_ROLES):
        client.logout()
        response = client_for(client, cast, role).get(path)
        if response.status_code != expected[role]:
            failures.append(f"{role} GET {path}: expected {expected[role]}, got {response.status_code}")
    assert not failures, "\n".join(failures)
