from apps.core.navigation import portal_navigation

SITE_NAME = "扬州市老干部工作信息平台"
BUREAU_NAME = "中共扬州市委老干部局"


def portal(request):
    """Site and bureau names and the signed-in user's navigation, for every portal template."""
    return {
        "SITE_NAME": SITE_NAME,
        "BUREAU_NAME": BUREAU_NAME,
        "nav_items": portal_navigation(request.user) if hasattr(request, "user") else [],
    }
