"""What a fresh web worker would otherwise do on its first requests, done when it
starts (`sanmin.wsgi`): the URL resolver filled and the platform's own templates
compiled. Without it the first requests after a start, or after a crashed worker
is replaced, each paid for that (the first ballot page about 0.2 s of CPU)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.template import engines

from sanmin.core.context_processors import nav_urls


def template_names(engine: Any) -> list[str]:
    """The names of the templates in the engine's folders that are the platform's
    own (not those of Django or other installed packages)."""
    names: set[str] = set()
    for folder in engine.template_dirs:
        root = Path(folder)
        if root.is_dir() and root.is_relative_to(settings.BASE_DIR):
            names.update(
                path.relative_to(root).as_posix() for path in root.rglob("*.html")
            )
    return sorted(names)


def warm() -> None:
    nav_urls()
    for engine in engines.all():
        for name in template_names(engine):
            engine.get_template(name)
