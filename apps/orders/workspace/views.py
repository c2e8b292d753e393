"""四单's pages of the workspace (``/workspace/orders/``, ``workspace`` in
apps/orders/brand.py): the team leader's orders to accept (with their deadlines), accept
or hand back, record the service as done, enter a need for an elder; and the team's part
of his landing page. Elder-first, in the shell's frame. Every order is looked up within
the user's scope and his own team (else 404); every write goes through
``apps.orders.services``."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from apps.accounts.choices import ScopeKind
from apps.accounts.roles import role_may
from apps.core import generations
from apps.core.brands import WorkspaceHome
from apps.core.forms import add_service_errors
from apps.core.scoping import get_scoped_or_404
from apps.orders import selectors, services
from apps.orders.choices import OrderStatus
from apps.orders.forms import CompleteForm, ConfirmForm, ReasonForm, TeamOrderForm
from apps.orders.models import ServiceOrder
from apps.orders.workspace import TEAM_ORDERS_GENERATION


def team_required(view):
    """A team leader (holds 接单 and works in a team's scope); anyone else 403."""

    @wraps(view)
    @login_required
    def wrapper(request, *args, **kwargs):
        _check_team(request.user)
        return view(request, *args, **kwargs)

    return wrapper


def _check_team(user) -> None:
    if not role_may(user, services.ACCEPT) or user.scope_kind != ScopeKind.TEAM or not user.scope_team_id:
        raise PermissionDenied("待接工单只对志愿团队负责人开放。")


def home(request) -> WorkspaceHome:
    """The team's orders on its leader's landing page: those waiting for him to accept,
    each with its deadline (and how late it is), and how many are in service; kept in the
    cache until an order of the team is written."""
    user = request.user
    _check_team(user)
    today = timezone.localdate()

    def render_part():
        calendar = selectors.calendar_for_lists(today)
        orders = list(selectors.team_queue(user))
        for order in orders:
            order.overdue = selectors.overdue_label(order, today, calendar)
        return render_to_string(
            "orders/workspace/_home_orders.html",
            {
                "to_accept": [o for o in orders if o.status == OrderStatus.DISPATCHED],
                "in_service": sum(o.status == OrderStatus.ACCEPTED for o in orders),
            },
        )

    return WorkspaceHome(
        heading="四单服务",
        key=f"workspace:orders-home:{user.scope_team_id}:{today.isoformat()}",
        generations=(TEAM_ORDERS_GENERATION.format(user.scope_team_id),),
        render=render_part,
    )


def _own(request, pk: int) -> ServiceOrder:
    queryset = ServiceOrder.objects.filter(team_id=request.user.scope_team_id).select_related(
        "category", "region", "team", "requester_person"
    )
    return get_scoped_or_404(queryset, request.user, pk=pk)


@team_required
def team_queue(request):
    today = timezone.localdate()
    calendar = selectors.calendar_for_lists(today)
    orders = list(selectors.team_queue(request.user))
    for order in orders:
        order.overdue = selectors.overdue_label(order, today, calendar)
    return render(
        request,
        "orders/workspace/team_queue.html",
        {
            "to_accept": [o for o in orders if o.status == OrderStatus.DISPATCHED],
            "in_service": [o for o in orders if o.status == OrderStatus.ACCEPTED],
            "team": request.user.scope_team,
        },
    )


def _step(request, pk, *, status, form, template, run, done):
    order = _own(request, pk)
    if order.status != status:
        messages.info(request, f"工单{order.number}当前为“{order.get_status_display()}”，无需再办理。")
        return redirect("workspace:orders_queue")
    form = form(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            run(order, form.cleaned_data)
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, done.format(order=order))
            return redirect("workspace:orders_queue")
    return render(request, template, {"order": order, "form": form})


@team_required
def order_accept(request, pk: int):
    return _step(
        request,
        pk,
        status=OrderStatus.DISPATCHED,
        form=ConfirmForm,
        template="orders/workspace/accept.html",
        run=lambda o, d: services.order_accept(user=request.user, order=o),
        done="已接单：{order.number}。服务完成后请回来登记。",
    )


@team_required
def order_hand_back(request, pk: int):
    return _step(
        request,
        pk,
        status=OrderStatus.DISPATCHED,
        form=lambda data: ReasonForm(data, label="退单理由"),
        template="orders/workspace/hand_back.html",
        run=lambda o, d: (
            services.order_hand_back(user=request.user, order=o, reason=d["reason"]),
            generations.bump(TEAM_ORDERS_GENERATION.format(request.user.scope_team_id)),
        ),
        done="已退单：{order.number}，中心会重新派单。",
    )


@team_required
def order_complete(request, pk: int):
    return _step(
        request,
        pk,
        status=OrderStatus.ACCEPTED,
        form=CompleteForm,
        template="orders/workspace/complete.html",
        run=lambda o, d: services.order_complete(user=request.user, order=o, served_on=d["served_on"], note=d["note"]),
        done="已登记服务完成：{order.number}。",
    )


@team_required
def order_new(request):
    """代老人点单: the need goes to the centre to be dispatched."""
    form = TeamOrderForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            order = services.order_create(user=request.user, region=request.user.scope_team.region, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, f"已代老人点单：{order.number}，等待中心派单。")
            return redirect("workspace:orders_queue")
    return render(request, "orders/workspace/new.html", {"form": form})
