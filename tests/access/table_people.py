from tests.access.matrix import AdminModel

PAGES = {}

ADMIN = {
    "people.person": AdminModel(
        obj=lambda cast: __import__("tests.factories", fromlist=["x"]).PersonFactory(),
        view={"leader", "staff", "district"},
        add={"staff", "district"},
        change={"staff", "district"},
        delete={"staff", "district"},
    ),
}
