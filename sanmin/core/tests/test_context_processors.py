from __future__ import annotations

from django.test import override_settings
from django.urls import reverse

from sanmin.core.context_processors import NAV_VIEWS, nav_urls


def test_every_page_gets_the_navigation_addresses() -> None:
    urls = nav_urls()

    assert urls.keys() == NAV_VIEWS.keys()
    assert urls["home_url"] == reverse("reporting:home")
    assert urls["care_toggle_url"] == reverse("care-toggle")


@override_settings(ROOT_URLCONF="sanmin.bench.urls")
def test_a_part_not_mounted_gets_no_address() -> None:
    assert set(nav_urls().values()) == {""}
