from tests.access.matrix import ALL_SIGNED_IN, STAFF_ROLES, AdminModel, Page
from tests.access.table_excel import process_import_page

PAGES = {}

ADMIN = {
    "people.person": AdminModel(
        obj=lambda cast: __import__("tests.factories", fromlist=["x"]).PersonFactory(),
        outside=lambda cast: __import__("tests.factories", fromlist=["x"]).PersonFactory(region=_hanjiang()),
        view={"leader", "staff", "district"},
        add={"staff", "district"},
        change={"staff", "district"},
        delete={"staff", "district"},
        # Export only (people are imported as members); see apps.people.resources.
        exp={"leader", "staff", "district"},
        extra={
            "process_import": process_import_page("people_person", set()),
            # The ID-number search is a POST (the number never enters a URL): a GET is 405
            # for back-office users, the admin's login for everyone else.
            "id_search": Page(
                "/admin/people/person/id-search/",
                {r: (405 if r in STAFF_ROLES else 302) for r in ALL_SIGNED_IN} | {"anonymous": 302},
            ),
        },
    ),
}


def _hanjiang():
    from tests.factories import region

    return region("邗江区")
