"""Admin rows for 银发先锋 models."""

import datetime

from tests import factories as f
from tests.access.matrix import ALL_SIGNED_IN, STAFF_ROLES, AdminModel, Page
from tests.access.table_excel import process_import_page

VIEW = {"leader", "staff", "district"}
EDIT = {"staff", "district"}


def admin_page(ok: set, path) -> Page:
    """A custom back-office page: roles in ``ok`` get 200, other staff 403, non-staff and
    anonymous users are sent to the admin sign-in (302)."""
    expect = {"anonymous": 302}
    for role in ALL_SIGNED_IN:
        expect[role] = 302 if role not in STAFF_ROLES else (200 if role in ok else 403)
    return Page(path, expect)


def _membership(cast):
    return ADMIN["party.membership"].obj(cast)


# Pages added by the Party ModelAdmins (apps.party.admin_views), by admin URL suffix.
ORGANISATION_PAGES = {
    "compliance": admin_page(VIEW, "/admin/party/organisation/compliance/"),
    "move_action": admin_page(EDIT, lambda cast: f"/admin/party/organisation/{cast.branch.pk}/move/"),
}
MEMBERSHIP_PAGES = {
    "transfer_action": admin_page(EDIT, lambda cast: f"/admin/party/membership/{_membership(cast).pk}/transfer/"),
    "deceased_action": admin_page(EDIT, lambda cast: f"/admin/party/membership/{_membership(cast).pk}/deceased/"),
}

RULE_PAGES = {
    "revise_action": admin_page({"staff"}, lambda cast: f"/admin/party/compliancerule/{_rule(cast).pk}/revise/"),
    "close_action": admin_page({"staff"}, lambda cast: f"/admin/party/compliancerule/{_rule(cast).pk}/close/"),
}


def _rule(cast):
    return ADMIN["party.compliancerule"].obj(cast)


def _model(cls_name):
    from apps.party import models

    return getattr(models, cls_name)


def _simple(cls_name, **fields):
    return lambda cast: _model(cls_name).objects.create(
        **{k: (v(cast) if callable(v) else v) for k, v in fields.items()}
    )


ADMIN = {
    "party.organisation": AdminModel(
        obj=lambda cast: cast.branch,
        outside=lambda cast: cast.other_branch,
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
        imp=EDIT,
        exp=VIEW,
        extra={"process_import": process_import_page("party_organisation", EDIT)},
    ),
    "party.membership": AdminModel(
        obj=lambda cast: f.MembershipFactory(organisation=cast.branch),
        outside=lambda cast: f.MembershipFactory(
            organisation=cast.other_branch, person=f.PersonFactory(region=cast.other_branch.region)
        ),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
        imp=EDIT,
        exp=VIEW,
        extra={"process_import": process_import_page("party_membership", EDIT)},
    ),
    # Submitted logs: a draft is its secretary's own until submitted (nobody else sees it).
    "party.activitylog": AdminModel(
        obj=lambda cast: f.ActivityLogFactory(organisation=cast.branch, status="submitted"),
        outside=lambda cast: f.ActivityLogFactory(organisation=cast.other_branch, status="submitted"),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
        imp=EDIT,
        exp=VIEW,
        extra={"process_import": process_import_page("party_activitylog", EDIT)},
    ),
    "party.compliancerule": AdminModel(
        obj=_simple("ComplianceRule", activity_type="study", period="year", required_count=2),
        unscoped="三会一课 rules are one set for the whole city (CityWideQuerySet), read-only for scoped roles",
        view=VIEW,
        add={"staff"},
        change={"staff"},
        # Never deleted (that would rewrite the years it was in force): revised or closed.
        delete=set(),
        extra=RULE_PAGES,
    ),
    "party.trainingclass": AdminModel(
        obj=_simple(
            "TrainingClass",
            name="2026年支部书记业务培训班",
            training_type="business",
            organiser_level="county",
            region=lambda c: c.branch.region,
            start_on=datetime.date(2026, 5, 1),
            end_on=datetime.date(2026, 5, 3),
        ),
        outside=_simple(
            "TrainingClass",
            name="邗江区支部书记业务培训班",
            training_type="business",
            organiser_level="county",
            region=lambda c: c.other_branch.region,
            start_on=datetime.date(2026, 5, 1),
            end_on=datetime.date(2026, 5, 3),
        ),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
    ),
    "party.trainingattendance": AdminModel(
        obj=lambda cast: _model("TrainingAttendance").objects.create(
            training_class=_model("TrainingClass").objects.create(
                name="政治理论大讲堂",
                training_type="theory",
                organiser_level="city",
                region=cast.branch.region,
                start_on=datetime.date(2026, 6, 1),
                end_on=datetime.date(2026, 6, 1),
            ),
            person=f.PersonFactory(),
            organisation=cast.branch,
        ),
        outside=lambda cast: _model("TrainingAttendance").objects.create(
            training_class=_model("TrainingClass").objects.create(
                name="邗江区政治理论大讲堂",
                training_type="theory",
                organiser_level="county",
                region=cast.other_branch.region,
                start_on=datetime.date(2026, 6, 1),
                end_on=datetime.date(2026, 6, 1),
            ),
            person=f.PersonFactory(region=cast.other_branch.region),
            organisation=cast.other_branch,
        ),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
        imp=EDIT,
        exp=VIEW,
        extra={"process_import": process_import_page("party_trainingattendance", EDIT)},
    ),
    "party.standardisationreview": AdminModel(
        obj=_simple("StandardisationReview", organisation=lambda c: c.branch, year=2026, result="passed"),
        outside=_simple("StandardisationReview", organisation=lambda c: c.other_branch, year=2026, result="passed"),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
    ),
    "party.demonstrationpoint": AdminModel(
        obj=_simple(
            "DemonstrationPoint",
            organisation=lambda c: c.branch,
            level="city",
            brand_name="常青藤",
            designated_year=2021,
        ),
        outside=_simple(
            "DemonstrationPoint",
            organisation=lambda c: c.other_branch,
            level="city",
            brand_name="夕阳红",
            designated_year=2021,
        ),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
    ),
    "party.educationbase": AdminModel(
        obj=_simple("EducationBase", name="江都区三堂促学教育基地", batch=3, region=lambda c: c.branch.region),
        outside=_simple("EducationBase", name="邗江区红色教育基地", batch=3, region=lambda c: c.other_branch.region),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
    ),
    "party.educationsession": AdminModel(
        obj=lambda cast: _model("EducationSession").objects.create(
            base=_model("EducationBase").objects.create(name="红色驿站实境课堂", batch=3, region=cast.branch.region),
            organisation=cast.branch,
            held_on=datetime.date(2026, 7, 1),
            topic="重温入党誓词",
            participants=30,
        ),
        outside=lambda cast: _model("EducationSession").objects.create(
            base=_model("EducationBase").objects.create(
                name="邗江区实境课堂", batch=3, region=cast.other_branch.region
            ),
            organisation=cast.other_branch,
            held_on=datetime.date(2026, 7, 1),
            topic="重温入党誓词",
            participants=20,
        ),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
    ),
    "party.partyproject": AdminModel(
        obj=_simple("PartyProject", organisation=lambda c: c.branch, year=2026, kind="secretary", name="银铃党建联盟"),
        outside=_simple(
            "PartyProject", organisation=lambda c: c.other_branch, year=2026, kind="secretary", name="夕阳红党建联盟"
        ),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
    ),
    "party.fundingentry": AdminModel(
        obj=_simple("FundingEntry", organisation=lambda c: c.branch, year=2026, kind="work_funds", amount=5000),
        outside=_simple(
            "FundingEntry", organisation=lambda c: c.other_branch, year=2026, kind="work_funds", amount=3000
        ),
        view=VIEW,
        add=EDIT,
        change=EDIT,
        delete=EDIT,
    ),
}

ADMIN["party.organisation"].extra.update(ORGANISATION_PAGES)
ADMIN["party.membership"].extra.update(MEMBERSHIP_PAGES)
ADMIN["party.trainingclass"].extra["coverage"] = admin_page(VIEW, "/admin/party/trainingclass/coverage/")
ADMIN["party.fundingentry"].extra["totals"] = admin_page(VIEW, "/admin/party/fundingentry/totals/")


def _once(label, make):
    """The matrix asks for the object once per role on the same cast: make it once, so
    rows with unique fields (a rule, a branch's review of a year) are not made twice."""

    def obj(cast):
        made = cast.__dict__.setdefault("_party_objects", {})
        if label not in made:
            made[label] = make(cast)
        return made[label]

    return obj


for _label, _entry in ADMIN.items():
    _entry.obj = _once(_label, _entry.obj)
