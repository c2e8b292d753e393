from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "apps.orders"
    verbose_name = "绿扬霞光 · 四单服务"

    def ready(self):
        from apps.core.reference import restore_when_empty

        restore_when_empty(self, "orders.ServiceCategory", "0002_reference_data", "forwards")

        from apps.orders import workspace

        workspace.connect()
