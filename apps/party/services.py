"""Writes to Party-building records. Views, admin, imports and tasks call these."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Substr

from apps.party.models import Organisation

PATH_STEP = 8  # each level of the tree path: 7 zero-padded digits and a dot


def _segment(pk: int) -> str:
    return f"{pk:07d}."


# ---------------------------------------------------------------------------
# Organisations
# ---------------------------------------------------------------------------
@transaction.atomic
def organisation_create(*, name: str, kind: str, region, parent: Organisation | None = None, **fields) -> Organisation:
    org = Organisation(name=name, kind=kind, region=region, parent=parent, **fields)
    org.full_clean(exclude=["path"])
    org.save()
    organisation_set_path(org)
    return org


def organisation_set_path(org: Organisation) -> None:
    """Set ``path``/``depth`` of a freshly saved organisation from its parent."""
    parent_path = org.parent.path if org.parent_id else ""
    org.path = parent_path + _segment(org.pk)
    org.depth = org.path.count(".") - 1
    Organisation.objects.filter(pk=org.pk).update(path=org.path, depth=org.depth)


@transaction.atomic
def organisation_move(*, organisation: Organisation, new_parent: Organisation | None) -> Organisation:
    """Move an organisation (and its subtree) under ``new_parent``; history is kept."""
    if new_parent is not None and new_parent.path.startswith(organisation.path):
        raise ValidationError({"parent": "不能把党组织移动到其自身或其下级之下。"})
    old_path = organisation.path
    new_path = (new_parent.path if new_parent else "") + _segment(organisation.pk)
    organisation.parent = new_parent
    organisation.full_clean(exclude=["path"])
    organisation.save()
    # Rewrite the prefix of every path in the subtree in one statement.
    Organisation.objects.filter(path__startswith=old_path).update(
        path=Concat(Value(new_path), Substr(F("path"), len(old_path) + 1)),
    )
    depth_shift = new_path.count(".") - old_path.count(".")
    if depth_shift:
        Organisation.objects.filter(path__startswith=new_path).update(depth=F("depth") + depth_shift)
    organisation.refresh_from_db()
    return organisation
