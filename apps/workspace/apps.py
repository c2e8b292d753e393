from django.apps import AppConfig


class WorkspaceConfig(AppConfig):
    name = "apps.workspace"
    verbose_name = "书记工作台与审核"
