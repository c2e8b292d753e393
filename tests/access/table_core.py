from tests.access.matrix import ALL_SIGNED_IN, STAFF_ROLES, Page, outcome

ADMIN_ONLY = {r: (200 if r in STAFF_ROLES else 302) for r in ALL_SIGNED_IN} | {"anonymous": 302}

PAGES = {
    "home": Page("/", outcome(ALL_SIGNED_IN)),
    "login": Page("/accounts/login/", {r: 200 for r in ALL_SIGNED_IN} | {"anonymous": 200}),
    # Signing out is a POST; a GET is refused (405) for everyone.
    "logout": Page("/accounts/logout/", {r: 405 for r in ALL_SIGNED_IN} | {"anonymous": 405}),
    # Health checks for load balancers: open to everyone, no data shown.
    "healthz": Page("/healthz/", {r: 200 for r in ALL_SIGNED_IN} | {"anonymous": 200}),
    "healthz_live": Page("/healthz/live/", {r: 200 for r in ALL_SIGNED_IN} | {"anonymous": 200}),
    "admin:index": Page("/admin/", ADMIN_ONLY),
    "admin:login": Page(
        "/admin/login/", {r: (302 if r in STAFF_ROLES else 200) for r in ALL_SIGNED_IN} | {"anonymous": 200}
    ),
    # Signing out of the admin is a POST; an anonymous GET is sent back to the admin.
    "admin:logout": Page(
        "/admin/logout/",
        {r: (405 if r in STAFF_ROLES else 302) for r in ALL_SIGNED_IN} | {"anonymous": 302},
        login_redirect=False,
    ),
    # Unfold's sidebar search.
    "admin:search": Page("/admin/search/?s=党支部", ADMIN_ONLY),
    "admin:password_change": Page("/admin/password_change/", ADMIN_ONLY),
    "admin:password_change_done": Page("/admin/password_change/done/", ADMIN_ONLY),
    "admin:jsi18n": Page("/admin/jsi18n/", ADMIN_ONLY),
    # Autocomplete without its parameters is a bad request for staff.
    "admin:autocomplete": Page(
        "/admin/autocomplete/", {r: (403 if r in STAFF_ROLES else 302) for r in ALL_SIGNED_IN} | {"anonymous": 302}
    ),
    # An app's index: 200 if the role may view any of its models, else 404.
    "admin:app_list": Page(
        "/admin/people/",
        {r: (200 if r in {"leader", "staff", "district"} else 404 if r in STAFF_ROLES else 302) for r in ALL_SIGNED_IN}
        | {"anonymous": 302},
    ),
}
