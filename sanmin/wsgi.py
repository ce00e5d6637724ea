from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanmin.settings")
application = get_wsgi_application()

from sanmin.core.warm import warm  # noqa: E402 (needs the settings loaded above)

warm()
