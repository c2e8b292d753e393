"""The team leader's 四单 pages in the workspace (``Brand.workspace`` in apps/orders/brand.py).

``TEAM_ORDERS_GENERATION`` names the cache generation of a team's orders on its leader's
landing page; :func:`connect` (``OrdersConfig.ready``) retires it when an order of the
team (served, or entered by it) is saved — every step of the loop saves the order; a
hand-back, which clears the team, is retired by its page."""

TEAM_ORDERS_GENERATION = "workspace:team-orders-generation:{}"


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from apps.orders.models import ServiceOrder

    post_save.connect(_retire, sender=ServiceOrder, dispatch_uid="team_orders_home_save")
    post_delete.connect(_retire, sender=ServiceOrder, dispatch_uid="team_orders_home_delete")


def _retire(sender, instance, **kwargs):
    from apps.core import generations

    teams = {instance.team_id, instance.entered_by_team_id} - {None}
    if teams:
        generations.bump(*(TEAM_ORDERS_GENERATION.format(team) for team in teams))
