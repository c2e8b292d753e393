"""Excel import/export of 银发先锋 records, on the one Excel base (``apps.core.excel``).

Members are people + membership: a row creates the person and their membership of a
branch. The person gets the checks and derived columns of
``apps.people.services.person_prepare`` (GB 11643 ID, phone, encrypted ID, keyed hash,
pinyin), built as value tuples rather than model instances for speed; a test holds the two
paths equal (``tests/excel/test_row_writer.py``).
"""

from django.core.exceptions import ValidationError
from django.utils import timezone

from apps.core import crypto
from apps.core.excel.lookups import RegionLookup, existing_values, flag_duplicates
from apps.core.excel.resources import Column, ExcelResource, RowWriter, bulk_insert
from apps.core.masking import can_view_sensitive, mask_address, mask_id_number, mask_phone
from apps.core.validators import row_message, validate_joined_party_on, validate_not_future
from apps.party.choices import ActivityMode, ActivityType, LogStatus, MembershipStatus, OrgKind, SetupType
from apps.party.excel import OrganisationLookup
from apps.party.models import ActivityLog, Membership, Organisation, TrainingAttendance, TrainingClass
from apps.people.choices import Rank, RetirementType
from apps.people.models import Person
from apps.people.services import ID_NOT_REGISTRABLE, person_audit_id_probe


def _labels(choices):
    return dict(choices.choices)


# ---------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------
class OrganisationResource(ExcelResource):
    title = "党组织"

    name = Column("name", "组织名称", required=True, max_length=100, example="东关街道“常青藤”离退休干部党支部")
    kind = Column("kind", "组织类别", kind="choice", choices=OrgKind, required=True, example="党支部")
    parent = Column(
        "parent",
        "上级党组织",
        max_length=100,
        example="广陵区离退休干部工委",
        note="须已存在，或在本文件中更靠前的行。",
    )
    region = Column("region", "所属区域", required=True, max_length=40, example="广陵区")
    setup_type = Column("setup_type", "设置方式", kind="choice", choices=SetupType, example="社区")
    former_unit = Column("former_unit", "依托单位/社区", max_length=100, example="东关街道")
    founded_on = Column("founded_on", "成立时间", kind="date", example="2008-07-01")
    contact_phone = Column("contact_phone", "联系电话", max_length=20, example="0514-87654321")

    class Meta:
        model = Organisation
        fields = ("name", "kind", "parent", "region", "setup_type", "former_unit", "founded_on", "contact_phone")

    def prepare(self, rows):
        regions = RegionLookup(self.user)
        today = timezone.localdate()
        names = {r.values["name"] for r in rows} | {r.values.get("parent") for r in rows}
        orgs = OrganisationLookup(self.user, names)
        existing = set(
            Organisation.objects.filter(name__in={r.values["name"] for r in rows}).values_list("name", "region_id")
        )
        in_file = {}
        for row in rows:
            v = row.values
            region_id = regions.resolve(row, v["region"], "所属区域")
            parent = None
            parent_name = v.get("parent")
            if parent_name:
                if parent_name in in_file:
                    parent = in_file[parent_name]
                else:
                    parent = orgs.resolve(row, parent_name, "上级党组织")
            if region_id and (v["name"], region_id) in existing:
                row.error("组织名称", "该区域已有同名党组织，请勿重复导入")
            try:
                validate_not_future(v["founded_on"], label="成立时间", today=today)
            except ValidationError as exc:
                for message in row_message(exc):
                    row.error("成立时间", message)
            org = Organisation(
                name=v["name"],
                kind=v["kind"] or "",
                region_id=region_id,
                setup_type=v["setup_type"] or SetupType.ESTABLISHED,
                former_unit=v["former_unit"],
                founded_on=v["founded_on"],
                contact_phone=v["contact_phone"],
            )
            org._import_parent = parent
            row.objects["instance"] = org
            if v["name"]:
                in_file.setdefault(v["name"], org)
        flag_duplicates(
            rows, lambda r: (r.values["name"], r.values["region"]), "组织名称", "与第 {first} 行重复（同区域同名）"
        )

    def save(self, rows):
        from apps.party.services import _segment

        pending = [r.objects["instance"] for r in rows]
        # Parents first: each pass creates the organisations whose parent now has an id.
        while pending:
            ready = [o for o in pending if o._import_parent is None or o._import_parent.pk]
            for org in ready:
                org.parent = org._import_parent
            bulk_insert(Organisation, ready, user=self.user)
            for org in ready:
                org.path = (org.parent.path if org.parent else "") + _segment(org.pk)
                org.depth = org.path.count(".") - 1
            Organisation.objects.bulk_update(ready, ["path", "depth"], batch_size=2000)
            pending = [o for o in pending if not o.pk]

    def export_rows(self, queryset):
        kinds, setups = _labels(OrgKind), _labels(SetupType)
        for r in queryset.values_list(
            "name", "kind", "parent__name", "region__name", "setup_type", "former_unit", "founded_on", "contact_phone"
        ):
            yield [r[0], kinds.get(r[1], r[1]), r[2] or "", r[3], setups.get(r[4], r[4]), r[5], r[6], r[7]]


# ---------------------------------------------------------------------------
# Members: person + membership
# ---------------------------------------------------------------------------


class MemberResource(ExcelResource):
    title = "党员名册"

    id_number = Column("id_number", "身份证号", kind="id_number", required=True, example="321002195005171234", width=22)
    name = Column("name", "姓名", required=True, max_length=40, example="张建国")
    phone = Column("phone", "联系电话", max_length=20, example="13905140000")
    address = Column("address", "居住地址", max_length=200, example="扬州市广陵区东关街12号3幢201室", width=32)
    retirement_type = Column(
        "retirement_type", "离退休类型", kind="choice", choices=RetirementType, required=True, example="退休"
    )
    former_unit = Column("former_unit", "原工作单位", max_length=100, example="市财政局")
    former_rank = Column("former_rank", "原职级", kind="choice", choices=Rank, example="县处级")
    region = Column("region", "所属区域", required=True, max_length=40, example="广陵区")
    organisation = Column("organisation", "所在党组织", required=True, max_length=100, example="东关社区“常青藤”党支部")
    joined_party_on = Column("joined_party_on", "入党时间", kind="date", example="1972-07-01")
    joined_on = Column("joined_on", "转入本支部时间", kind="date", required=True, example="2015-03-01")

    class Meta:
        model = Membership
        fields = (
            "id_number",
            "name",
            "phone",
            "address",
            "retirement_type",
            "former_unit",
            "former_rank",
            "region",
            "organisation",
            "joined_party_on",
            "joined_on",
        )

    #: Person columns written by ``_write``; every other field takes its default.
    PERSON_COLUMNS = (
        "name",
        "name_pinyin",
        "name_initials",
        "sex",
        "birth_date",
        "id_number_hash",
        "phone",
        "address",
        "retirement_type",
        "former_unit",
        "former_rank",
        "region_id",
        "id_number_encrypted",
    )
    MEMBERSHIP_COLUMNS = ("person_id", "organisation_id", "joined_party_on", "joined_on", "status")
    #: Rows built and handed to the writer at a time: bounds the memory of the encoded
    #: text, large enough that each COPY is worth its round trip.
    CHUNK = 2500

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        #: (row number, id of the person holding it) of every ID number in the file
        #: registered outside the user's scope; audited once the import has ended.
        self.id_probes = []

    def import_data(self, *args, **kwargs):
        # Recorded after the import's transaction, which a failing file rolls back.
        try:
            return super().import_data(*args, **kwargs)
        finally:
            probes, self.id_probes = self.id_probes, []
            for number, holder in probes:
                person_audit_id_probe(user=self.user, existing_pk=holder, where=f"党员名册导入第 {number} 行")

    def prepare(self, rows):
        check = self._row_checker(rows)
        for row in rows:
            check(row)

    def save(self, rows):
        with RowWriter(user=self.user, rows=len(rows)) as writer:
            writer.reserve(Person, len(rows))
            writer.reserve(Membership, len(rows))
            for start in range(0, len(rows), self.CHUNK):
                self._write(writer, rows[start : start + self.CHUNK])

    def _row_checker(self, rows):
        """Load what the rows refer to (one query per look-up, the registered-ID check
        included) and return ``check(row)``, to be called on every row in file order.

        What ``person_prepare`` would refuse is refused with the same messages (GB 11643
        ID, phone), plus a person twice in the file or already registered. The derived
        columns (encrypted ID, pinyin …) are built by ``_write``: they cannot fail.
        """
        from apps.core.validators import id_birth_date, normalize_phone, validate_id_number, validate_phone

        regions = RegionLookup(self.user)
        orgs = OrganisationLookup(self.user, {r.values["organisation"] for r in rows})
        today = timezone.localdate()
        hashes = {n: crypto.search_hash(n) for n in {r.values["id_number"] for r in rows} if n}
        registered = existing_values(Person, "id_number_hash", list(hashes.values()))
        # Of the numbers already registered, those whose holder the user may see (two
        # queries, only when the file repeats registered numbers): of any other he learns
        # only that it cannot be registered here, and the attempt is audited.
        holders, visible = {}, set()
        if registered:
            holders = dict(Person.objects.filter(id_number_hash__in=registered).values_list("id_number_hash", "pk"))
            visible = set(holders.values())
            if self.user is not None:  # None: the system itself, which sees everybody
                visible &= set(Person.objects.filter(pk__in=visible).for_user(self.user).values_list("pk", flat=True))
        first_row = {}

        def check(row):
            v = row.values
            region_id = regions.resolve(row, v["region"], "所属区域")
            org = orgs.resolve(row, v["organisation"], "所在党组织", region_id=region_id)
            number = v["id_number"]
            if not number:
                return
            ok = True
            try:
                validate_id_number(number)
            except ValidationError as exc:
                for message in exc.messages:
                    row.error("身份证号", message)
                ok = False
            try:
                validate_joined_party_on(
                    v["joined_party_on"], birth_date=id_birth_date(number) if ok else None, today=today
                )
            except ValidationError as exc:
                for message in row_message(exc):
                    row.error("入党时间", message)
            phone = v["phone"]
            if phone:
                phone = normalize_phone(phone)
                try:
                    validate_phone(phone)
                except ValidationError as exc:
                    for message in exc.messages:
                        row.error("联系电话", message)
                    ok = False
            if not ok:
                return
            number_hash = hashes[number]
            if number_hash in first_row:
                row.error("身份证号", f"与第 {first_row[number_hash]} 行身份证号重复")
            else:
                first_row[number_hash] = row.number
            if number_hash in registered:
                holder = holders.get(number_hash)
                if holder in visible:
                    row.error("身份证号", "人员库中已有此身份证号，请勿重复导入（已登记人员请在后台调整组织关系）")
                else:
                    row.error("身份证号", ID_NOT_REGISTRABLE.rstrip("。"))
                    self.id_probes.append((row.number, holder))
            # What ``_write`` needs of a checked row.
            row.objects["person"] = (number, number_hash, v["name"], phone, region_id, org)

        return check

    def _write(self, writer, rows):
        """People and their memberships (history rows too), with the columns
        ``person_prepare`` derives: encrypted ID, sex and birth date from the ID, pinyin
        and initials from the name."""
        from apps.core.pinyin import name_columns
        from apps.core.validators import id_birth_date, id_sex

        encrypted = crypto.encrypt_many([row.objects["person"][0] for row in rows])
        people = []
        for row, id_number_encrypted in zip(rows, encrypted, strict=True):
            v = row.values
            number, number_hash, name, phone, region_id, _ = row.objects["person"]
            pinyin, initials = name_columns(name)
            people.append(
                (
                    name,
                    pinyin,
                    initials,
                    id_sex(number),
                    id_birth_date(number),
                    number_hash,
                    phone,
                    v["address"],
                    v["retirement_type"] or "",
                    v["former_unit"],
                    v["former_rank"] or Rank.OTHER,
                    region_id,
                    id_number_encrypted,
                )
            )
        person_ids = writer.insert(Person, self.PERSON_COLUMNS, people)
        membership_ids = writer.insert(
            Membership,
            self.MEMBERSHIP_COLUMNS,
            [
                (
                    person_id,
                    row.objects["person"][5].pk,
                    row.values["joined_party_on"],
                    row.values["joined_on"],
                    MembershipStatus.NORMAL,
                )
                for row, person_id in zip(rows, person_ids, strict=True)
            ],
        )
        for row, person_id, membership_id in zip(rows, person_ids, membership_ids, strict=True):
            row.objects["ids"] = (person_id, membership_id)

    def saved_instance(self, row):
        person_id, membership_id = row.objects["ids"]
        _, _, name, _, region_id, org = row.objects["person"]
        v = row.values
        return Membership(
            pk=membership_id,
            person=Person(pk=person_id, name=name, region_id=region_id),
            organisation=org,
            joined_party_on=v["joined_party_on"],
            joined_on=v["joined_on"],
            status=MembershipStatus.NORMAL,
        )

    def export_queryset(self, queryset=None):
        return super().export_queryset(queryset).order_by("organisation__path", "person__name_pinyin", "pk")

    def export_rows(self, queryset):
        sensitive = can_view_sensitive(self.user)
        decrypt = crypto.decrypt
        retirements, ranks = _labels(RetirementType), _labels(Rank)
        for r in queryset.values_list(
            "person__id_number_encrypted",
            "person__name",
            "person__phone",
            "person__address",
            "person__retirement_type",
            "person__former_unit",
            "person__former_rank",
            "person__region__name",
            "organisation__name",
            "joined_party_on",
            "joined_on",
        ).iterator(chunk_size=5000):
            id_number = decrypt(r[0])
            phone, address = r[2], r[3]
            if not sensitive:
                id_number, phone, address = mask_id_number(id_number), mask_phone(phone), mask_address(address)
            yield [
                id_number,
                r[1],
                phone,
                address,
                retirements.get(r[4], r[4]),
                r[5],
                ranks.get(r[6], r[6]),
                r[7],
                r[8],
                r[9],
                r[10],
            ]


# ---------------------------------------------------------------------------
# Activity logs
# ---------------------------------------------------------------------------
class ImportableLogStatus:
    """Imported logs are drafts, submitted, or (for back-filled history) approved; a
    returned log needs a reviewer's comment and is never imported."""

    labels = [LogStatus.DRAFT.label, LogStatus.SUBMITTED.label, LogStatus.APPROVED.label]
    choices = [(s.value, s.label) for s in (LogStatus.DRAFT, LogStatus.SUBMITTED, LogStatus.APPROVED)]
    values = [LogStatus.DRAFT.value, LogStatus.SUBMITTED.value, LogStatus.APPROVED.value]


class ActivityLogResource(ExcelResource):
    title = "组织生活记录"

    organisation = Column("organisation", "党组织", required=True, max_length=100, example="东关社区“常青藤”党支部")
    activity_type = Column(
        "activity_type", "活动类型", kind="choice", choices=ActivityType, required=True, example="主题党日"
    )
    mode = Column("mode", "活动形式", kind="choice", choices=ActivityMode, example="线下")
    held_on = Column("held_on", "活动日期", kind="date", required=True, example="2026-07-01")
    place = Column("place", "活动地点", max_length=100, example="东关社区党群服务中心")
    host = Column("host", "主持人", max_length=40, example="王建华")
    theme = Column("theme", "活动主题", required=True, max_length=200, example="重温入党誓词", width=30)
    campaign = Column("campaign", "所属主题教育", max_length=100, example="")
    content = Column("content", "活动内容", max_length=5000, example="学习党章第一章，交流心得体会。", width=40)
    status = Column(
        "status",
        "状态",
        kind="choice",
        choices=ImportableLogStatus,
        example="已通过",
        note="不填为草稿；不能导入“已退回”。",
    )

    class Meta:
        model = ActivityLog
        fields = (
            "organisation",
            "activity_type",
            "mode",
            "held_on",
            "place",
            "host",
            "theme",
            "campaign",
            "content",
            "status",
        )

    def prepare(self, rows):
        orgs = OrganisationLookup(self.user, {r.values["organisation"] for r in rows})
        today = timezone.localdate()
        for row in rows:
            v = row.values
            org = orgs.resolve(row, v["organisation"], "党组织")
            try:
                validate_not_future(v["held_on"], label="活动日期", today=today)
            except ValidationError as exc:
                for message in row_message(exc):
                    row.error("活动日期", message)
            row.objects["instance"] = ActivityLog(
                organisation=org,
                activity_type=v["activity_type"] or "",
                mode=v["mode"] or ActivityMode.OFFLINE,
                held_on=v["held_on"],
                place=v["place"],
                host=v["host"],
                theme=v["theme"],
                campaign=v["campaign"],
                content=v["content"],
                status=v["status"] or LogStatus.DRAFT,
            )

        def key(row):
            log = row.objects["instance"]
            return (log.organisation_id, log.activity_type, log.held_on, log.theme) if log.organisation_id else None

        flag_duplicates(rows, key, "活动主题", "与第 {first} 行重复（同一组织、类型、日期、主题）")
        org_ids = {r.objects["instance"].organisation_id for r in rows} - {None}
        dates = {r.values["held_on"] for r in rows} - {None}
        existing = set(
            ActivityLog.objects.filter(organisation_id__in=org_ids, held_on__in=dates).values_list(
                "organisation_id", "activity_type", "held_on", "theme"
            )
        )
        for row in rows:
            if key(row) in existing:
                row.error("活动主题", "系统中已有该组织同日期、同类型、同主题的记录，请勿重复导入")

    def save(self, rows):
        now = timezone.now()
        logs = []
        for row in rows:
            log = row.objects["instance"]
            log.created_by = self.user
            if log.status in (LogStatus.SUBMITTED, LogStatus.APPROVED):
                log.submitted_at = now
            if log.status == LogStatus.APPROVED:
                log.reviewed_at, log.reviewed_by = now, self.user
            logs.append(log)
        bulk_insert(ActivityLog, logs, user=self.user)

    def export_rows(self, queryset):
        types, modes, statuses = _labels(ActivityType), _labels(ActivityMode), _labels(LogStatus)
        for r in queryset.values_list(
            "organisation__name",
            "activity_type",
            "mode",
            "held_on",
            "place",
            "host",
            "theme",
            "campaign",
            "content",
            "status",
        ).iterator(chunk_size=5000):
            yield [
                r[0],
                types.get(r[1], r[1]),
                modes.get(r[2], r[2]),
                r[3],
                r[4],
                r[5],
                r[6],
                r[7],
                r[8],
                statuses[r[9]],
            ]


# ---------------------------------------------------------------------------
# Training attendance (领头雁)
# ---------------------------------------------------------------------------
class TrainingAttendanceResource(ExcelResource):
    title = "参训记录"

    training_class = Column(
        "training_class", "培训班名称", required=True, max_length=100, example="2026年支部书记业务培训班"
    )
    start_on = Column("start_on", "开班日期", kind="date", example="2026-05-01", note="同名培训班有多期时必填。")
    id_number = Column(
        "id_number", "学员身份证号", kind="id_number", required=True, example="321002195005171234", width=22
    )
    name = Column("name", "学员姓名", max_length=40, example="张建国", note="仅供核对，以身份证号为准。")
    organisation = Column("organisation", "所在党组织", max_length=100, example="东关社区“常青藤”党支部")
    attended = Column("attended", "是否参训", kind="bool", example="是", note="填“是”或“否”，不填为“是”。")

    class Meta:
        model = TrainingAttendance
        fields = ("training_class", "start_on", "id_number", "name", "organisation", "attended")

    def prepare(self, rows):
        from apps.core.validators import validate_id_number

        names = {r.values["training_class"] for r in rows}
        classes = {}
        for tc in TrainingClass.objects.for_user(self.user).filter(name__in=names).only("pk", "name", "start_on"):
            classes.setdefault(tc.name, []).append(tc)
        orgs = OrganisationLookup(self.user, {r.values["organisation"] for r in rows})
        hashes = {}
        for row in rows:
            number = row.values["id_number"]
            if not number:
                continue
            try:
                validate_id_number(number)
            except Exception as exc:  # ValidationError: reported on the row
                row.error("学员身份证号", "；".join(getattr(exc, "messages", [str(exc)])))
                continue
            hashes[row.number] = crypto.search_hash(number)
        people = dict(
            Person.objects.for_user(self.user)
            .filter(id_number_hash__in=set(hashes.values()))
            .values_list("id_number_hash", "pk")
        )
        for row in rows:
            v = row.values
            found = classes.get(v["training_class"], [])
            if v["start_on"]:
                found = [c for c in found if c.start_on == v["start_on"]]
            training_class = None
            if v["training_class"] and not found:
                row.error("培训班名称", f"培训班“{v['training_class']}”不存在或不在您的数据权限范围内")
            elif len(found) > 1:
                row.error("开班日期", f"有 {len(found)} 期“{v['training_class']}”，请填写开班日期以区分")
            elif found:
                training_class = found[0]
            person_id = None
            if row.number in hashes:
                person_id = people.get(hashes[row.number])
                if person_id is None:
                    row.error("学员身份证号", "人员库中没有此身份证号（或不在您的数据权限范围内），请先录入人员")
            org = orgs.resolve(row, v["organisation"], "所在党组织")
            row.objects["instance"] = TrainingAttendance(
                training_class=training_class,
                person_id=person_id,
                organisation=org,
                attended=True if v["attended"] is None else v["attended"],
            )

        def key(row):
            a = row.objects["instance"]
            return (a.training_class_id, a.person_id) if a.training_class_id and a.person_id else None

        flag_duplicates(rows, key, "学员身份证号", "与第 {first} 行重复（同一培训班同一学员）")
        class_ids = {k[0] for k in map(key, rows) if k}
        person_ids = {k[1] for k in map(key, rows) if k}
        existing = set(
            TrainingAttendance.objects.filter(training_class_id__in=class_ids, person_id__in=person_ids).values_list(
                "training_class_id", "person_id"
            )
        )
        for row in rows:
            if key(row) in existing:
                row.error("学员身份证号", "该学员在此培训班已有参训记录，请勿重复导入")

    def save(self, rows):
        bulk_insert(TrainingAttendance, [r.objects["instance"] for r in rows], user=self.user)

    def export_rows(self, queryset):
        sensitive = can_view_sensitive(self.user)
        for r in queryset.values_list(
            "training_class__name",
            "training_class__start_on",
            "person__id_number_encrypted",
            "person__name",
            "organisation__name",
            "attended",
        ).iterator(chunk_size=5000):
            id_number = crypto.decrypt(r[2])
            yield [
                r[0],
                r[1],
                id_number if sensitive else mask_id_number(id_number),
                r[3],
                r[4] or "",
                "是" if r[5] else "否",
            ]
