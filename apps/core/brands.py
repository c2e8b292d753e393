"""The brand seam: what each app adds to the shared parts of the portal, in its own folder.

Each installed app may declare, in a module ``<app>/brand.py``, a ``BRAND = Brand(...)``:
its back-office apps, sidebar group, portal navigation entries, home-page cards, the people
of the shared registry its scoped users see, its workspace (工作台) pages, dashboard sections and
drill-down pages, headline figures (the dashboard's overview and five-year trend), assessment indicators module, demo
and city seed steps and periodic schedules. :func:`registry` finds them the way
``apps.accounts.roles`` finds each app's ``roles.py`` and ``tests/access`` its
``table_<app>.py`` files, checks them (duplicate keys and names, unknown ``after``
names, cycles) and keeps the result until :func:`clear` (the test helper
:func:`registered` adds a brand for one block). The sidebar (``cadre_portal.unfold_conf``),
the home page, ``seed_demo``/``seed_city`` and :mod:`apps.core.schedules` loop over it.

Apps that are not brands (accounts, assessment …) declare their seed steps and schedules
the same way, with ``shared=True``: they get no home card and no brand colour.

Callables may be given as dotted paths (``"apps.party.selectors.home_figures"``), so a
``brand.py`` imports no model and can be loaded before the first request.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import heapq
import importlib
import operator
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from django.apps import apps as django_apps
from django.db.models import Q
from django.utils.module_loading import import_string


class BrandError(Exception):
    """A declaration that cannot be loaded: the message names the brand and what is wrong."""


def resolve(target):
    """A callable from a callable or a dotted path."""
    return import_string(target) if isinstance(target, str) else target


# ---------------------------------------------------------------------------
# The declarations
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class MenuItem:
    """One sidebar entry: shown when the user holds ``permission`` and the URL exists.
    ``url_name`` is reversed; ``link`` is used as it is."""

    title: str
    icon: str
    permission: str
    url_name: str = ""
    link: str = ""


@dataclass(frozen=True)
class SidebarGroup:
    items: tuple[MenuItem, ...]
    title: str = ""  # default: the brand's title


@dataclass(frozen=True)
class NavLink:
    """An entry of the portal's top navigation, shown to users holding ``permission``.
    ``when`` (optional, ``user -> bool`` or its dotted path) also lets in the accounts it
    admits that no role names, such as an elder's own account."""

    label: str
    url_name: str
    permission: str
    when: Callable | str | None = None


def link_open_to(user, link: NavLink) -> bool:
    """Whether ``user`` may follow ``link``: his role grants its permission (no query), or
    its ``when`` admits him."""
    from apps.accounts.roles import role_may

    return role_may(user, link.permission) or bool(link.when and resolve(link.when)(user))


@dataclass(frozen=True)
class HomeCard:
    """A card of the home page: ``figures(user)`` returns ``[(label, value), …]`` in the
    user's scope. ``permission`` empty: every signed-in user sees it."""

    title: str
    figures: Callable | str
    subtitle: str = ""
    link: str = ""
    permission: str = ""
    # Where the card leads: the first of these the user's role may open (``roles.py``),
    # else the brand's first back-office app the user may see, else nowhere.
    leads_to: tuple[NavLink, ...] = ()


@dataclass(frozen=True)
class DashboardSection:
    """A section of the data dashboard: ``selector(filters)`` returns the data the
    ``template`` renders (``print_template``, when given, on the print view); ``table(data)``
    (optional) gives its tables, for the page and the export. A write to one of ``models``
    (``"app_label.Model"``) retires the dashboard's cached figures. ``narrow_models``: models
    whose writes the brand retires itself, narrowly (bumping
    :data:`apps.core.generations.LOGS_FIGURES` / ``BRANCH_FIGURES`` from its own signal
    handlers); the frame does not bump on their writes, but an Excel import of one (which
    sends no model signal) still retires every figure. ``own_models``: models that only
    this brand's figures read (its sections, headline figures and workspace parts): a write
    retires this brand's figures only (:data:`apps.core.generations.BRAND_FIGURES`), not
    every brand's."""

    title: str
    template: str = ""
    selector: Callable | str | None = None
    table: Callable | str | None = None
    models: tuple[str, ...] = ()
    permission: str = ""
    print_template: str = ""
    narrow_models: tuple[str, ...] = ()
    own_models: tuple[str, ...] = ()


@dataclass(frozen=True)
class DashboardPage:
    """A drill-down page under ``/dashboard/`` (URL name ``dashboard:<name>``). The frame
    checks the dashboard permission, then calls ``view(request, frame, **kwargs)``;
    ``frame`` gives ``year``, ``years``, ``region_for(requested)`` (the user's region
    rule: out of scope is a 404) and ``region(region_id)`` (the same, and no region is a
    404 too: a page routed by region). The view returns a response or a :class:`Drill` (the
    frame then adds the print view and the Excel export)."""

    route: str
    view: Callable | str
    name: str


@dataclass
class Drill:
    """What a drill-down page's view (:class:`DashboardPage`) may return instead of a
    response: the frame shows it as the page (``template`` with ``context``, default the
    frame's own page of ``tables``), and, for ``?format=print`` and ``?format=xlsx``, as its
    print view and Excel workbook of ``tables`` — all the rows, not one page of them.
    ``tables``: a list of :class:`apps.core.figures.Table`, or a callable giving it (called
    only by the views that show them). ``crumbs``: ``(label, url)`` after 数据看板 and the
    brand (an empty url: plain text); ``brand``: the app key they lead back to
    (``?brand=`` opens its tab at its part), ``brand_title`` that crumb's label: the tab's
    title, and the part's on a shared tab (``绿扬霞光 · 四单服务``), as the tab's own page
    is titled. ``search``: the search box's text (``None``: no box)."""

    title: str
    filters: object
    brand: str
    brand_title: str
    tables: list | Callable[[], list] = field(default_factory=list)
    crumbs: tuple[tuple[str, str], ...] = ()
    lead: str = ""
    template: str = ""
    context: dict = field(default_factory=dict)
    search: str | None = None
    search_hint: str = ""
    empty: str = "暂无数据"

    def all_tables(self) -> list:
        return list(self.tables() if callable(self.tables) else self.tables)


@dataclass(frozen=True)
class KeyFigure:
    """One headline figure of a brand on the dashboard's overview and five-year trend.
    ``stock``: read on a day (organisations, members, teams); else a flow, counted from
    1 January of the day's year up to the day (classes, person-times, visits). ``kind``:
    how it is shown (``apps.core.figures``: ``"int"``, ``"dec"`` (two places), ``"dec1"`` (one), ``"pct"``)."""

    key: str
    label: str
    unit: str = ""
    stock: bool = False
    kind: str = "int"


@dataclass(frozen=True)
class KeyFigures:
    """A brand's headline figures (``Brand.key_figures``): ``selector(region_id, days)``
    returns ``{figure key: [value on each of days]}`` in ONE query whatever the number of
    days (the overview reads this year and the same day last year, the trend the last
    five years, all at once). The brand's own dashboard section shows the same figures from
    the same querysets (a test compares them). ``permission``: as its section's."""

    figures: tuple[KeyFigure, ...]
    selector: Callable | str
    permission: str = ""


@dataclass(frozen=True)
class PersonScope:
    """Which people of the shared registry (``people.Person``) a user of scope ``kind``
    (``"organisation"`` or ``"team"``) sees through this brand: ``filter(value)`` returns a
    ``Q`` on Person for the user's organisation path or team id."""

    kind: str
    filter: Callable | str


@dataclass(frozen=True)
class Workspace:
    """A role's 工作台 (elder-first pages under ``/workspace/``). The shell
    (``apps.workspace``) gives the frame, the landing page and the user's notices; the
    brand its pages: the patterns of ``urls`` (a dotted URLconf module) join the
    ``workspace`` namespace under ``/workspace/<prefix>``, and ``home(request)`` returns
    the brand's :class:`WorkspaceHome` for the landing page. Users whose role is granted
    ``permission`` (``roles.py``) land here."""

    permission: str
    urls: str
    home: Callable | str
    prefix: str = ""


@dataclass(frozen=True)
class WorkspaceHome:
    """A brand's part of its users' landing page. ``render()`` gives its HTML, kept in the
    cache under ``key`` until one of the generations ``generations`` changes (or any
    figure of the dashboard does); ``actions`` (a template) is shown above the notices."""

    heading: str
    key: str
    generations: tuple[str, ...]
    render: Callable[[], str]
    actions: str = ""
    context: dict = field(default_factory=dict)


@dataclass(frozen=True)
class SeedStep:
    """A ``step(rng, ctx)`` of ``seed_demo`` or ``seed_city``, run after the steps named in
    ``after``. ``order`` (default: the brand's) breaks ties between steps ready together."""

    name: str
    func: Callable | str
    after: tuple[str, ...] = ()
    order: int | None = None


@dataclass(frozen=True)
class Schedule:
    """A periodic task for django-celery-beat: a crontab ``(minute, hour, day_of_month,
    month_of_year)`` or an ``every`` interval. ``keep_existing``: once installed, staff's
    edits (its time, its kwargs) are left alone. ``former_names``: names it was installed
    under before; such a task is renamed, keeping staff's edits."""

    name: str
    task: str
    crontab: tuple[str, str, str, str] | None = None
    every: datetime.timedelta | None = None
    kwargs: dict | Callable[[], dict] = field(default_factory=dict)
    keep_existing: bool = False
    former_names: tuple[str, ...] = ()

    def __post_init__(self):
        if (self.crontab is None) == (self.every is None):
            raise BrandError(f"定时任务“{self.name}”必须且只能指定 crontab 或 every 之一。")


@dataclass(frozen=True)
class Brand:
    key: str
    title: str
    emblem: str = ""
    colour: str = ""
    order: int = 100
    subtitle: str = ""
    shared: bool = False
    # The app labels that keep its records in the back office, in the order the admin's
    # start page lists them (after the brands before it).
    apps: tuple[str, ...] = ()
    sidebar: SidebarGroup | None = None
    nav: tuple[NavLink, ...] = ()
    home_cards: tuple[HomeCard, ...] = ()
    dashboard_sections: tuple[DashboardSection, ...] = ()
    dashboard_pages: tuple[DashboardPage, ...] = ()
    # Its headline figures on the dashboard's overview and five-year trend.
    key_figures: KeyFigures | None = None
    person_scopes: tuple[PersonScope, ...] = ()
    workspace: Workspace | None = None
    # Where an account without a role lands after signing in (no ``next``): the first link
    # whose ``when`` admits it (an elder's own account: his volunteer pages).
    landings: tuple[NavLink, ...] = ()
    indicators: str = ""  # dotted module path, imported at discovery so its @formulas register
    demo_steps: tuple[SeedStep, ...] = ()
    city_steps: tuple[SeedStep, ...] = ()
    schedules: tuple[Schedule, ...] = ()


# ---------------------------------------------------------------------------
# Discovery
# ---------------------------------------------------------------------------
_cache: list[Brand] | None = None
_extra: list[Brand] = []


def discover() -> list[Brand]:
    """Every installed app's ``BRAND``, plus those :func:`registered` for a test, checked."""
    found = []
    for config in django_apps.get_app_configs():
        try:
            module = importlib.import_module(f"{config.name}.brand")
        except ModuleNotFoundError as exc:
            if exc.name != f"{config.name}.brand":
                raise
            continue
        brand = getattr(module, "BRAND", None)
        if not isinstance(brand, Brand):
            raise BrandError(f"{config.name}.brand 没有定义 BRAND = Brand(...)。")
        found.append(brand)
    found += _extra
    validate(found)
    for brand in found:
        if brand.indicators:
            importlib.import_module(brand.indicators)
    return sorted(found, key=lambda b: (b.order, b.key))


def validate(brands: list[Brand]) -> None:
    keys = [b.key for b in brands]
    for key in set(keys):
        if keys.count(key) > 1:
            raise BrandError(f"品牌标识“{key}”重复声明。")
    pages = [p.name for b in brands for p in b.dashboard_pages]
    for name in set(pages):
        if pages.count(name) > 1:
            raise BrandError(f"数据看板页面“{name}”重复声明。")
    labels = [label for b in brands for label in b.apps]
    for label in set(labels):
        if labels.count(label) > 1:
            raise BrandError(f"后台应用“{label}”被多个品牌声明。")
    schedules = [s.name for b in brands for s in b.schedules]
    for name in set(schedules):
        if schedules.count(name) > 1:
            raise BrandError(f"定时任务“{name}”重复声明。")
    for kind in ("demo_steps", "city_steps"):
        order_steps(brands, kind)


def registry() -> list[Brand]:
    """The checked brands in their ``order``; loaded once."""
    global _cache
    if _cache is None:
        _cache = discover()
    return _cache


def clear() -> None:
    global _cache
    _cache = None


@contextlib.contextmanager
def registered(*brands: Brand) -> Iterator[None]:
    """Test helper: the registry with ``brands`` added, for the block only."""
    _extra.extend(brands)
    clear()
    try:
        registry()
        yield
    finally:
        for brand in brands:
            _extra.remove(brand)
        clear()


# ---------------------------------------------------------------------------
# Seed steps in dependency order
# ---------------------------------------------------------------------------
def order_steps(brands: list[Brand], kind: str) -> list[SeedStep]:
    """The ``kind`` (``"demo_steps"``/``"city_steps"``) of every brand, each after its
    ``after`` names; among steps ready together, the lowest ``order`` (then declaration
    order) first, so the same brands always give the same order."""
    brands = sorted(brands, key=lambda b: (b.order, b.key))
    steps: dict[str, tuple[int, int, SeedStep]] = {}
    for brand in brands:
        for step in getattr(brand, kind):
            if step.name in steps:
                raise BrandError(f"初始化步骤“{step.name}”重复声明。")
            rank = step.order if step.order is not None else brand.order
            steps[step.name] = (rank, len(steps), step)
    waiting = {}
    for name, (_, _, step) in steps.items():
        unknown = [a for a in step.after if a not in steps]
        if unknown:
            raise BrandError(f"初始化步骤“{name}”依赖的步骤“{'、'.join(unknown)}”不存在。")
        waiting[name] = set(step.after)
    ready = [(rank, index, name) for name, (rank, index, _) in steps.items() if not waiting[name]]
    heapq.heapify(ready)
    ordered = []
    while ready:
        _, _, name = heapq.heappop(ready)
        ordered.append(steps[name][2])
        for other, needs in waiting.items():
            if name in needs:
                needs.discard(name)
                if not needs:
                    rank, index, _ = steps[other]
                    heapq.heappush(ready, (rank, index, other))
    if len(ordered) < len(steps):
        stuck = sorted(set(steps) - {s.name for s in ordered})
        raise BrandError(f"初始化步骤存在循环依赖：{'、'.join(stuck)}。")
    return ordered


def seed_steps(kind: str) -> list[SeedStep]:
    return order_steps(registry(), kind)


def run_steps(kind: str, rng, ctx: dict, report: Callable[[str], None] | None = None) -> None:
    """Run every registered step of ``kind`` in order, sharing ``rng`` and ``ctx``."""
    for step in seed_steps(kind):
        resolve(step.func)(rng, ctx)
        if report:
            report(step.name)


# ---------------------------------------------------------------------------
# What the shared parts read
# ---------------------------------------------------------------------------
def home_cards(user) -> list[dict]:
    """The home page's cards the user may see (by the permissions of ``roles.py``: no
    query), with their figures in the user's scope."""
    from apps.accounts.roles import role_may

    cards = []
    for brand in registry():
        for card in brand.home_cards:
            if card.permission and not role_may(user, card.permission):
                continue
            cards.append(
                {
                    "key": brand.key,
                    "name": card.title,
                    "subtitle": card.subtitle,
                    "link": card.link,
                    "leads_to": card.leads_to,
                    "apps": brand.apps,
                    # Whether the brand has a dashboard tab this user may read.
                    "dashboard": any(
                        section.selector and (not section.permission or role_may(user, section.permission))
                        for section in brand.dashboard_sections
                    ),
                    "figures": list(resolve(card.figures)(user)),
                }
            )
    return cards


def landing(user) -> str | None:
    """The URL name of the page the brands declare for ``user`` (an account without a role)
    to land on after signing in, or None: the first of their ``landings`` that admits him."""
    for brand in registry():
        for link in brand.landings:
            if link.when and resolve(link.when)(user):
                return link.url_name
    return None


def nav_links(user) -> list[NavLink]:
    """The portal navigation entries the brands declare that the user may see: by the
    permissions of ``roles.py`` (no query; ``has_perm`` would load the user's permissions
    on every page)."""

    return [link for brand in registry() for link in brand.nav if link_open_to(user, link)]


def person_scope(kind: str) -> Callable[[object], Q] | None:
    """The people a user of scope ``kind`` sees: anyone a brand's :class:`PersonScope` of
    that kind lets in (their filters OR-ed). None when no brand declares one: that scope
    then sees nobody (``scope_filter`` fails closed)."""
    filters = [resolve(scope.filter) for brand in registry() for scope in brand.person_scopes if scope.kind == kind]
    if not filters:
        return None

    if len(filters) == 1:
        return filters[0]
    return lambda value: functools.reduce(operator.or_, (each(value) for each in filters))


def workspaces() -> list[Workspace]:
    """The brands' workspaces, in the registry's order."""
    return [brand.workspace for brand in registry() if brand.workspace]


def dashboard_models() -> list[str]:
    """The models whose writes retire the dashboard's cached figures."""
    return [label for brand in registry() for section in brand.dashboard_sections for label in section.models]


def dashboard_narrow_models() -> list[str]:
    """The models whose writes their brands retire narrowly (``DashboardSection.narrow_models``)."""
    return [label for brand in registry() for section in brand.dashboard_sections for label in section.narrow_models]


def dashboard_own_models() -> dict[str, list[str]]:
    """The models only their brands' figures read (``DashboardSection.own_models``): model
    label → the keys of the brands whose figures a write to it retires."""
    found: dict[str, list[str]] = {}
    for brand in registry():
        for section in brand.dashboard_sections:
            for label in section.own_models:
                found.setdefault(label, [])
                if brand.key not in found[label]:
                    found[label].append(brand.key)
    return found


def index_apps() -> list[str]:
    """The back-office app labels of every brand, in the registry's order."""
    return [label for brand in registry() for label in brand.apps]


def key_figure_brands(user) -> list[Brand]:
    """The brands with headline figures the user may see (``roles.py``: no query), in the
    registry's order."""
    from apps.accounts.roles import role_may

    return [
        brand
        for brand in registry()
        if brand.key_figures and (not brand.key_figures.permission or role_may(user, brand.key_figures.permission))
    ]
