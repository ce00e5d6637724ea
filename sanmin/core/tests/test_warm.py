"""A starting web worker compiles the platform's templates (`sanmin.core.warm`)."""

from __future__ import annotations

from django.template import engines

from sanmin.core.warm import template_names, warm


def test_every_platform_template_is_compiled_when_a_worker_starts() -> None:
    names = template_names(engines["django"])
    assert {"base.html", "evaluation/ballot/ballot.html"} <= set(names)
    assert not [name for name in names if name.startswith("admin/")]
    loader = engines["django"].engine.template_loaders[0]  # type: ignore[attr-defined]
    loader.reset()
    warm()
    kept = set(loader.get_template_cache)
    assert set(names) <= kept
