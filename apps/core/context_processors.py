from apps.core.navigation import portal_navigation


def portal(request):
    """Site name and the signed-in user's navigation, for every portal template."""
    return {
        "SITE_NAME": "扬州市老干部工作信息平台",
        "nav_items": portal_navigation(request.user) if hasattr(request, "user") else [],
    }
