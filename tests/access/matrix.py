"""The role × URL matrix: one declarative table of what every role gets at every URL.

Each app keeps its share in ``tests/access/table_<app>.py``, defining

- ``PAGES``: ``{url_name: Page(path, expect)}`` for portal (and non-model admin) URLs;
  ``expect`` maps each role of ``MATRIX_ROLES`` to a status code;
- ``ADMIN``: ``{"app_label.model": AdminModel(obj, view, add, change, delete, ...)}`` for
  every model registered in the admin, naming the roles holding each permission; the
  outcomes of its admin URLs (changelist, add, change, delete, history, import/export …)
  follow from that by the rules in :func:`admin_expectations`.

``tests/access/test_matrix.py`` walks every URL pattern and fails when one is not in the
table.
"""

import importlib
import pkgutil
from collections.abc import Callable
from dataclasses import dataclass, field

from tests.conftest import MATRIX_ROLES

STAFF_ROLES = {"leader", "staff", "district", "sysadmin", "security", "auditor"}
ALL_SIGNED_IN = set(MATRIX_ROLES) - {"anonymous"}


@dataclass
class Page:
    path: str | Callable
    expect: dict
    method: str = "get"
    data: dict | Callable | None = None
    # Anonymous 302s go to a login page unless this is False.
    login_redirect: bool = True


def outcome(ok: set, *, ok_status=200, denied=403, anonymous=302) -> dict:
    """Roles in ``ok`` get ``ok_status``; other signed-in roles ``denied``; anonymous
    ``anonymous`` (302 to the login page)."""
    result = {"anonymous": anonymous}
    for role in ALL_SIGNED_IN:
        result[role] = ok_status if role in ok else denied
    return result


@dataclass
class AdminModel:
    """Who holds which permission on a model in the back office.

    ``obj(cast)`` returns an instance inside every listed role's scope (the district role
    works in 广陵区, the secretary in ``cast.branch``), used for the object URLs.

    ``outside(cast)`` returns an instance outside the scope of every scoped role (not in
    广陵区, not under ``cast.branch``, not of ``cast.team``): its object URLs (change,
    delete, history list, history version) must answer 404 to a scoped role that may
    otherwise open them. Every model with a scope rule (``for_user``) needs one, or
    ``unscoped`` saying why nothing is out of anyone's scope.
    """

    obj: Callable
    outside: Callable | None = None
    unscoped: str = ""
    view: set = field(default_factory=set)
    add: set = field(default_factory=set)
    change: set = field(default_factory=set)
    delete: set = field(default_factory=set)
    imp: set = field(default_factory=set)
    exp: set = field(default_factory=set)
    # Extra admin URL suffixes this model adds (e.g. a custom action view): suffix → Page
    extra: dict = field(default_factory=dict)


# Which permission an admin URL suffix needs.
ADMIN_SUFFIX_PERMISSION = {
    "changelist": "view",
    "add": "add",
    "change": "view",
    "delete": "delete",
    "history": "view",
    "simple_history": "view",
    "import": "imp",
    "process_import": "imp",
    "export": "exp",
    # apps.core.excel: the empty import template of a resource
    "excel_template": "imp",
}


def admin_expectations(model: AdminModel, suffix: str) -> dict:
    """Staff roles with the permission get 200, staff roles without it 403, everyone
    else is sent to the admin's login page (302)."""
    attr = ADMIN_SUFFIX_PERMISSION[suffix]
    allowed = getattr(model, attr)
    if suffix == "change":
        allowed = model.view | model.change
    result = {"anonymous": 302}
    for role in ALL_SIGNED_IN:
        if role not in STAFF_ROLES:
            result[role] = 302
        else:
            result[role] = 200 if role in allowed else 403
    return result


# Roles whose data scope is narrower than the city, and the admin URLs of one object.
SCOPED_ROLES = ("district", "secretary", "team_leader")
OBJECT_SUFFIXES = ("change", "delete", "history", "simple_history")


def outside_expectations(model: AdminModel, suffix: str) -> dict:
    """For an object outside the scoped roles' scope: 404 where a scoped role would get
    the page for an object inside it; everything else as for an object inside (or as the
    model's ``extra`` row for that suffix says)."""
    result = dict(model.extra[suffix].expect) if suffix in model.extra else admin_expectations(model, suffix)
    for role in SCOPED_ROLES:
        if result[role] == 200:
            result[role] = 404
    return result


def load_tables() -> tuple[dict, dict]:
    import tests.access as package

    pages, admin_models = {}, {}
    for info in pkgutil.iter_modules(package.__path__):
        if not info.name.startswith("table_"):
            continue
        module = importlib.import_module(f"tests.access.{info.name}")
        for name, page in getattr(module, "PAGES", {}).items():
            assert name not in pages, f"{name} is in two tables"
            pages[name] = page
        for label, entry in getattr(module, "ADMIN", {}).items():
            assert label not in admin_models, f"{label} is in two tables"
            admin_models[label] = entry
    return pages, admin_models
