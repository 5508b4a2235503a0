from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "oneplan.projects"
    label = "projects"
    verbose_name = _("Project pipeline")

    def ready(self) -> None:
        import oneplan.projects.regime_copy  # noqa: F401  (registers its regime copier)
        from oneplan.core import jobs
        from oneplan.cycles import rules
        from oneplan.projects import documents  # noqa: F401  (registers action_plan.docx/.pdf/.xlsx)
        from oneplan.projects.budget_words import INVESTMENT_WORDS
        from oneplan.projects.models import ACTION_PLAN_CHAIN, FUNDING_CHANNELS, PROPOSAL_CHAIN
        from oneplan.projects.permissions import register_all
        from oneplan.projects.tasks import HANDLER, KIND

        register_all()
        jobs.register(KIND, HANDLER)  # large proposal workbooks; worker died: failed
        for rule in (PROPOSAL_CHAIN, ACTION_PLAN_CHAIN, INVESTMENT_WORDS, FUNDING_CHANNELS):
            rules.register(rule)
