"""Demo data for 银发先锋: the organisation tree, people and memberships, and records.

Names follow the seed document: 邗江区翠岗花园社区“夕阳红”党支部, the demonstration points
仪征市“夕阳美”、宝应县“不老松”、广陵区“常青藤”, and so on.
"""

import datetime

from apps.core import crypto
from apps.core import demo_data as gen
from apps.core.pinyin import name_initials, name_pinyin
from apps.party.choices import MembershipStatus, OrgKind, PostKind, SetupType
from apps.party.models import Membership, OrganisationPost
from apps.party.services import organisation_create
from apps.people.choices import Health, Living, PersonStatus, Rank, RetirementType
from apps.people.models import Person
from apps.regions.models import Region

COMMUNITIES = {
    "广陵区": ["东关", "汶河", "湾头", "文峰"],
    "邗江区": ["翠岗花园", "蒋王", "双桥"],
    "江都区": ["仙女镇", "龙川"],
    "宝应县": ["安宜", "氾水"],
    "高邮市": ["盂城", "高邮镇"],
    "仪征市": ["真州", "新城"],
}
BRANCH_NICKNAMES = ["夕阳红", "常青藤", "不老松", "夕阳美", "银铃", "红枫", "晚晴", "金秋"]
MEMBERS_PER_BRANCH = (24, 42)


def seed_organisations(rng, ctx):
    """About 60 organisations: a working committee per region, committees, branches, groups."""
    regions = list(Region.objects.order_by("sort_order"))
    ctx["regions"] = regions
    branches = []
    for region in regions:
        top_name = "市委老干部工作委员会" if region.name == "市直" else f"{region.name}离退休干部党工委"
        top = organisation_create(
            name=top_name, kind=OrgKind.WORKING_COMMITTEE, region=region, founded_on=datetime.date(2008, 7, 1)
        )
        large = region.name in ("市直", "广陵区", "邗江区", "江都区")
        middle = organisation_create(
            name=f"{region.name}离退休干部党委" if large else f"{region.name}离退休干部党总支",
            kind=OrgKind.COMMITTEE if large else OrgKind.GENERAL_BRANCH,
            region=region,
            parent=top,
            founded_on=datetime.date(2010, 3, 1),
        )
        n_units = 3 if large else 1
        units = rng.sample(gen.FORMER_UNITS, n_units)
        for unit in units:
            unit_name = unit if region.name == "市直" else f"{region.name}{unit.removeprefix('市')}"
            branches.append(
                organisation_create(
                    name=f"{unit_name}离退休干部党支部",
                    kind=OrgKind.BRANCH,
                    region=region,
                    parent=middle,
                    setup_type=SetupType.ESTABLISHED,
                    former_unit=unit_name,
                    founded_on=datetime.date(rng.randint(2005, 2016), rng.randint(1, 12), 1),
                )
            )
        for community in COMMUNITIES.get(region.name, []):
            nickname = "夕阳红" if community == "翠岗花园" else rng.choice(BRANCH_NICKNAMES)
            branches.append(
                organisation_create(
                    name=f"{community}社区“{nickname}”党支部",
                    kind=OrgKind.BRANCH,
                    region=region,
                    parent=middle,
                    setup_type=SetupType.COMMUNITY,
                    former_unit=f"{community}社区",
                    founded_on=datetime.date(rng.randint(2012, 2019), rng.randint(1, 12), 1),
                )
            )
    # A few Party groups under the largest branches.
    for branch in branches[:6]:
        for i in (1, 2):
            organisation_create(
                name=f"{branch.name}第{i}党小组", kind=OrgKind.GROUP, region=branch.region, parent=branch
            )
    ctx["branches"] = branches
    ctx["showcase_branch"] = next(b for b in branches if b.name.startswith("翠岗花园社区"))


def _person(rng, region) -> Person:
    sex = "M" if rng.random() < 0.62 else "F"
    retirement = RetirementType.LIXIU if rng.random() < 0.03 else RetirementType.TUIXIU
    born = gen.birth_date(
        rng, 1926 if retirement == RetirementType.LIXIU else 1935, 1932 if retirement == RetirementType.LIXIU else 1964
    )
    number = gen.id_number(rng, region.code, born, sex)
    name = gen.person_name(rng, sex)
    age = 2026 - born.year
    return Person(
        name=name,
        name_pinyin=name_pinyin(name),
        name_initials=name_initials(name),
        sex=sex,
        birth_date=born,
        id_number_encrypted=crypto.encrypt(number),
        id_number_hash=crypto.search_hash(number),
        phone=gen.mobile(rng),
        address=gen.address(rng, region.name),
        retirement_type=retirement,
        retired_on=datetime.date(born.year + (60 if sex == "M" else 55), born.month, 1),
        former_unit=rng.choice(gen.FORMER_UNITS),
        former_rank=rng.choices(list(Rank.values), weights=[1, 3, 5, 12, 15, 20, 15, 25, 4])[0],
        health=rng.choices(list(Health.values), weights=[50, 30, 15, 5] if age < 85 else [20, 35, 30, 15])[0],
        living=rng.choices(list(Living.values), weights=[55, 25, 15, 5])[0],
        is_disabled=rng.random() < 0.04,
        emergency_contact=gen.person_name(rng, rng.choice("MF")),
        emergency_phone=gen.mobile(rng),
        region=region,
        status=PersonStatus.LIVING if rng.random() > 0.01 else PersonStatus.DECEASED,
    )


def seed_people(rng, ctx):
    """About 1,500 members across the branches, each with a current membership, and a
    secretary and committee for every branch."""
    people, memberships = [], []
    for branch in ctx["branches"]:
        for _ in range(rng.randint(*MEMBERS_PER_BRANCH)):
            people.append((branch, _person(rng, branch.region)))
    Person.objects.bulk_create([p for _, p in people], batch_size=500)
    for branch, person in people:
        joined_party = datetime.date(person.birth_date.year + rng.randint(20, 35), rng.randint(1, 12), 1)
        memberships.append(
            Membership(
                person=person,
                organisation=branch,
                joined_party_on=joined_party,
                joined_on=datetime.date(rng.randint(2010, 2024), rng.randint(1, 12), 1),
                status=MembershipStatus.NORMAL,
            )
        )
    Membership.objects.bulk_create(memberships, batch_size=500)
    posts = []
    by_branch: dict[int, list[Person]] = {}
    for branch, person in people:
        by_branch.setdefault(branch.pk, []).append(person)
    for branch in ctx["branches"]:
        members = by_branch[branch.pk]
        secretary, deputy, org_member = members[0], members[1], members[2]
        for person, post in (
            (secretary, PostKind.SECRETARY),
            (deputy, PostKind.DEPUTY),
            (org_member, PostKind.ORGANISATION),
        ):
            posts.append(
                OrganisationPost(
                    organisation=branch,
                    person=person,
                    post=post,
                    started_on=datetime.date(rng.randint(2019, 2024), 1, 1),
                )
            )
        # A former secretary, so the post history is not empty.
        posts.append(
            OrganisationPost(
                organisation=branch,
                person=members[3],
                post=PostKind.SECRETARY,
                started_on=datetime.date(2014, 1, 1),
                ended_on=datetime.date(2018, 12, 31),
            )
        )
    OrganisationPost.objects.bulk_create(posts)
    ctx["members_by_branch"] = by_branch
    ctx["people"] = [p for _, p in people]
    ctx["showcase_secretary"] = by_branch[ctx["showcase_branch"].pk][0]


def seed_records(rng, ctx):
    """Activity logs, training, reviews, demonstration points (grown by the Party app)."""
