"""The Party brand's look-ups for its Excel imports: each is one query, whatever the number of rows."""

from collections import defaultdict

from apps.core.excel.lookups import OUT_OF_SCOPE
from apps.core.excel.resources import ImportRow
from apps.party.models import Organisation


class OrganisationLookup:
    """Party organisations in ``user``'s scope, by name (one query)."""

    def __init__(self, user, names):
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
