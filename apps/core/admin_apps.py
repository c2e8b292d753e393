from django.contrib.admin.apps import AdminConfig


class CadreAdminConfig(AdminConfig):
    """``django.contrib.admin`` with the project's site (the start page in the sidebar's order)."""

    default_site = "apps.core.sites.CadreAdminSite"
