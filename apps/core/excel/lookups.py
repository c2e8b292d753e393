"""Look-ups shared by the resources: each is one query, whatever the number of rows."""

from collections import defaultdict

from apps.core.excel.resources import ImportRow

OUT_OF_SCOPE = "不存在或不在您的数据权限范围内"


class RegionLookup:
    """Regions by name, and which of them ``user`` may write to (two queries)."""

    def __init__(self, user):
        from apps.regions.models import Region

        self.by_name = {name: pk for pk, name in Region.objects.values_list("pk", "name")}
        self.workable = set(Region.objects.workable_for(user).values_list("pk", flat=True))

    def resolve(self, row: ImportRow, name: str, header: str, *, required: bool = True):
        if not name:
            return None
        pk = self.by_name.get(name)
        if pk is None:
            row.error(header, f"区域“{name}”不存在，应为：{'、'.join(self.by_name)}")
        elif pk not in self.workable:
            row.error(header, f"区域“{name}”不在您的数据权限范围内")
        else:
            return pk
        return None


class OrganisationLookup:
    """Party organisations in ``user``'s scope, by name (one query)."""

    def __init__(self, user, names):
        from apps.party.models import Organisation

        self.by_name = defaultdict(list)
        names = {n for n in names if n}
        if names:
            for org in (
                Organisation.objects.for_user(user)
                .filter(name__in=names)
                .only("pk", "name", "region_id", "path", "depth", "kind")
            ):
                self.by_name[org.name].append(org)

    def resolve(self, row: ImportRow, name: str, header: str, *, region_id=None):
        if not name:
            return None
        found = self.by_name.get(name, [])
        if len(found) > 1 and region_id:
            found = [o for o in found if o.region_id == region_id]
        if not found:
            row.error(header, f"党组织“{name}”{OUT_OF_SCOPE}")
        elif len(found) > 1:
            row.error(header, f"有 {len(found)} 个名为“{name}”的党组织，请填写“所属区域”以区分")
        else:
            return found[0]
        return None


def flag_duplicates(rows: list[ImportRow], key, header: str, message: str) -> None:
    """Mark every row whose ``key(row)`` repeats an earlier row of the file."""
    seen = {}
    for row in rows:
        k = key(row)
        if k is None:
            continue
        if k in seen:
            row.error(header, message.format(first=seen[k]))
        else:
            seen[k] = row.number
