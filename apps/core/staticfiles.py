"""Static files storage for production: WhiteNoise's compressed manifest storage, with the
URL of each file remembered once computed.

``{% static %}`` asks the storage for a URL on every use, and the manifest storage
answers by looking the name up in its manifest, splitting and re-joining it each time —
several per page. The manifest does not change while a process runs (``collectstatic``
comes before the start), so a name's URL is computed once. With ``DEBUG`` on, or when
asked to ``force``, every call goes to the manifest as before.
"""

from django.conf import settings
from whitenoise.storage import CompressedManifestStaticFilesStorage


class CachedUrlManifestStaticFilesStorage(CompressedManifestStaticFilesStorage):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._urls: dict[str, str] = {}

    def url(self, name, force=False):
        if force or settings.DEBUG:
            return super().url(name, force)
        url = self._urls.get(name)
        if url is None:
            url = self._urls[name] = super().url(name)
        return url
