from __future__ import annotations

import os

from django.core.wsgi import get_wsgi_application

from sanmin.core.warm import warm

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sanmin.settings")
application = get_wsgi_application()
warm()
