"""Reference data loaded by a data migration, put back when its table is found empty after
a migrate — that is, after a flush (``seed_demo --flush``, transactional tests), which
empties every table and sends ``post_migrate`` again. A table staff have filled is left
alone, so their edits survive every deploy."""

import importlib


def restore_when_empty(config, model: str, migration: str, function: str) -> None:
    """Connect a ``post_migrate`` handler for ``config``'s app: when ``model`` (``"label.Model"``)
    has no row, run ``function`` of the app's data migration ``migration`` again."""
    from django.db.models.signals import post_migrate

    def handler(sender, using, apps=None, **kwargs):
        from django.apps import apps as global_apps

        registry = apps or global_apps  # ``flush`` sends the signal without the migration state
        try:
            manager = registry.get_model(model)._default_manager
        except LookupError:
            return
        if manager.using(using).exists():
            return
        loader = getattr(importlib.import_module(f"{config.name}.migrations.{migration}"), function)
        loader(registry, None)

    post_migrate.connect(handler, sender=config, weak=False, dispatch_uid=f"restore:{model}")
