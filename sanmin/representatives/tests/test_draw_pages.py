"""The statistics bureau commits, enters the seed and sees the report; the public
record shows commitments, seed sources and fingerprints, never names."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanmin.accounts.tests.fixtures import verified_client
from sanmin.core import crypto
from sanmin.representatives.models import Draw, DrawEntry, Review
from sanmin.representatives.tests.draw_helpers import (
    add_candidates,
    districts,
    fill,
    small_campaign,
)

pytestmark = pytest.mark.django_db


def test_the_statistics_bureau_draws_through_the_pages(statistics_user) -> None:  # type: ignore[no-untyped-def]
    campaign = small_campaign()
    made = fill(campaign)
    client = verified_client(statistics_user)
    overview = client.get(
        reverse("representatives:draw-campaign", args=[campaign.slug])
    )
    assert overview.status_code == 200
    assert "资格审查已完成" in overview.content.decode()
    response = client.post(reverse("representatives:draw-commit", args=[campaign.slug]))
    draw = Draw.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("representatives:draw", args=[draw.pk])
    page = client.get(response["Location"]).content.decode()
    assert draw.commitment in page
    assert "录入随机种子并抽取" in page
    response = client.post(
        reverse("representatives:draw-run", args=[draw.pk]),
        {
            "label_0": "2030-06-01 福彩3D开奖号码",
            "value_0": "385",
            "label_1": "骰子",
            "value_1": "4 6",
        },
    )
    assert response.status_code == 302
    draw.refresh_from_db()
    assert draw.state == Draw.State.DRAWN
    assert [s["label"] for s in draw.seed_sources] == [
        "2030-06-01 福彩3D开奖号码",
        "骰子",
    ]
    page = client.get(reverse("representatives:draw", args=[draw.pk])).content.decode()
    assert "抽取报告" in page
    assert draw.panel_fingerprint in page
    assert "最低概率已达上界" in page
    verified = client.post(reverse("representatives:draw-verify", args=[draw.pk]))
    assert 'data-verification="ok"' in verified.content.decode()
    # Names never appear on the draw's pages.
    names = [
        crypto.cipher().decrypt(c.name_cipher) for cands in made.values() for c in cands
    ]
    for content in (page, verified.content.decode()):
        assert not any(name in content for name in names)


def test_the_overview_shows_what_blocks_the_commitment(statistics_user) -> None:  # type: ignore[no-untyped-def]
    campaign = small_campaign()
    fill(campaign)
    place = districts()[0]
    add_candidates(campaign, "d-res", 2, district=place, review=Review.PENDING)
    client = verified_client(statistics_user)
    page = client.get(reverse("representatives:draw-campaign", args=[campaign.slug]))
    content = page.content.decode()
    assert 'data-blocked-cells="1"' in content
    assert "待审查 2" in content
    response = client.post(reverse("representatives:draw-commit", args=[campaign.slug]))
    assert response.status_code == 400
    assert (
        f"区级d-res（{place.name}）：2 名候选人尚未完成资格审查"
        in response.content.decode()
    )
    assert not Draw.objects.exists()


def test_a_bad_seed_form_is_refused_with_the_reason(statistics_user) -> None:  # type: ignore[no-untyped-def]
    campaign = small_campaign()
    fill(campaign)
    client = verified_client(statistics_user)
    client.post(reverse("representatives:draw-commit", args=[campaign.slug]))
    draw = Draw.objects.get()
    response = client.post(
        reverse("representatives:draw-run", args=[draw.pk]),
        {"label_0": "福彩", "value_0": ""},
    )
    assert response.status_code == 400
    assert "缺少取值" in response.content.decode()
    assert not DrawEntry.objects.exists()


def test_the_public_record_shows_commitments_and_fingerprints(
    client, statistics_user
) -> None:  # type: ignore[no-untyped-def]
    campaign = small_campaign()
    made = fill(campaign)
    url = reverse("representatives:draw-record", args=[campaign.slug])
    assert "尚未公布承诺值" in client.get(url).content.decode()
    staff = verified_client(statistics_user)
    staff.post(reverse("representatives:draw-commit", args=[campaign.slug]))
    first = Draw.objects.get()
    staff.post(
        reverse("representatives:draw-void", args=[first.pk]),
        {"reason": "候选池导入有误"},
    )
    staff.post(reverse("representatives:draw-commit", args=[campaign.slug]))
    second = Draw.objects.exclude(pk=first.pk).get()
    page = client.get(url).content.decode()
    assert second.commitment in page  # public as soon as committed
    assert "候选池导入有误" in page  # void commitments stay on the record
    staff.post(
        reverse("representatives:draw-run", args=[second.pk]),
        {"label_0": "2030-06-01 福彩3D开奖号码", "value_0": "385"},
    )
    second.refresh_from_db()
    page = client.get(url).content.decode()
    assert second.panel_fingerprint in page
    assert "2030-06-01 福彩3D开奖号码" in page
    assert second.seed in page
    names = [
        crypto.cipher().decrypt(c.name_cipher) for cands in made.values() for c in cands
    ]
    assert not any(name in page for name in names)
    assert not any(c.id_hash in page for cands in made.values() for c in cands)


def test_the_workbench_links_the_draw_for_the_statistics_bureau_only(
    statistics_user, office_user
) -> None:  # type: ignore[no-untyped-def]
    from sanmin.accounts import menu
    from sanmin.representatives.views.draws import menu_register

    menu_register()
    assert [link.url for link in menu.menu_for(statistics_user)].count(
        reverse("representatives:draws")
    ) == 1
    assert reverse("representatives:draws") not in [
        link.url for link in menu.menu_for(office_user)
    ]
