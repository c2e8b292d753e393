from django.apps import AppConfig


class AssessmentConfig(AppConfig):
    name = "apps.assessment"
    verbose_name = "年度考评"

    def ready(self):
        # Every brand's indicators module registers its formulas when the brands are
        # discovered (apps.core.brands), before any tally or scheme form needs them.
        from apps.core.brands import registry

        registry()
