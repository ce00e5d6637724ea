"""A department sees a case's attachments under neutral labels: the uploader's
file name may carry their name or phone number."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from sanmin.accounts.models import User
from sanmin.campaigns.models import Campaign
from sanmin.suggestions.tests.citizen_helpers import PDF, assign, submit, upload
from sanmin.suggestions.tests.suggestion_helpers import office_actor

pytestmark = pytest.mark.django_db


def test_it_labels_attachments_without_their_file_names(
    cast: object,
    campaign: Campaign,
    citizen_user: User,
    department_user: User,
    client_as: Callable[[str], Client],
) -> None:
    case = submit(
        user=citizen_user,
        campaign=campaign,
        files=(upload("张三13800000001.pdf", PDF),),
    )
    item = assign(
        suggestion=case, office=office_actor(), department=department_user.department
    )

    html = (
        client_as("department")
        .get(reverse("suggestions:item", args=[item.pk]))
        .content.decode()
    )

    assert "张三13800000001" not in html
    assert "附件1" in html
    attachment = case.attachments.get()
    assert reverse("suggestions:attachment", args=[attachment.pk]) in html
