"""The registry is neutral: each brand's formulas and assessed units come from the brand."""

import datetime

import pytest
from django.core.exceptions import ImproperlyConfigured

from apps.assessment import indicators
from apps.assessment.choices import UnitKind
from apps.assessment.indicators import REGISTRY, TallyContext


def test_every_party_formula_lives_in_the_party_app():
    party = {key: entry.compute.__module__ for key, entry in REGISTRY.items() if key.startswith("party.")}
    assert len(party) >= 7
    assert set(party.values()) == {"apps.party.indicators"}


def test_the_neutral_registry_defines_no_formula():
    assert not [entry.key for entry in REGISTRY.values() if entry.compute.__module__ == indicators.__name__]


def test_the_party_brand_declares_the_assessed_branches():
    from apps.party.indicators import active_branch_q, active_branches

    declared = indicators._branches()
    assert (declared.queryset, declared.q) == (active_branches, active_branch_q)


def test_a_tally_without_declared_branches_is_refused(monkeypatch):
    monkeypatch.setattr(indicators, "_BRANCHES", {})
    with pytest.raises(ImproperlyConfigured, match="branches_register"):
        TallyContext.build(year=2026, unit_kind=UnitKind.ORGANISATION, until=datetime.date(2026, 12, 31))
