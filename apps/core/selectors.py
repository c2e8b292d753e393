"""Figures for the portal home page: each brand's live counts, in the user's scope."""

from apps.core.brands import home_cards


def home_figures(user) -> list[dict]:
    """One dict per home card the brands declare: its brand key, name, subtitle, link and
    (label, value) figures from real data, in the registry's order."""
    return home_cards(user)
