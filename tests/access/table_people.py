from tests.access.matrix import AdminModel
from tests.access.table_excel import process_import_page

PAGES = {}

ADMIN = {
    "people.person": AdminModel(
        obj=lambda cast: __import__("tests.factories", fromlist=["x"]).PersonFactory(),
        view={"leader", "staff", "district"},
        add={"staff", "district"},
        change={"staff", "district"},
        delete={"staff", "district"},
        # Export only (people are imported as members); see apps.people.resources.
        exp={"leader", "staff", "district"},
        extra={"process_import": process_import_page("people_person", set())},
    ),
}
