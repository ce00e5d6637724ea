"""A submission that fails after its attachments were written leaves no file
behind: files are not transactional, so the service removes what it wrote."""

from __future__ import annotations

import pytest

from sanmin.accounts.models import User
from sanmin.campaigns.models import Campaign
from sanmin.suggestions.models import Attachment, Suggestion
from sanmin.suggestions.services import text
from sanmin.suggestions.tests.citizen_helpers import (
    PNG,
    private_files,
    submit,
    upload,
)

pytestmark = pytest.mark.django_db


def test_it_removes_the_files_of_a_submission_that_fails_late(
    campaign: Campaign, citizen_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = set(private_files())

    def broken(**_: object) -> None:
        raise RuntimeError("index unavailable")

    monkeypatch.setattr(text, "terms_index", broken)
    with pytest.raises(RuntimeError):
        submit(
            user=citizen_user,
            campaign=campaign,
            files=(upload("photo.png", PNG + b"rollback-case"),),
        )

    assert set(private_files()) == before
    assert not Suggestion.objects.exists()
    assert not Attachment.objects.exists()


def test_it_keeps_a_file_another_case_already_refers_to(
    campaign: Campaign, citizen_user: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    content = PNG + b"shared-content"
    submit(user=citizen_user, campaign=campaign, files=(upload("a.png", content),))
    kept = set(private_files())

    def broken(**_: object) -> None:
        raise RuntimeError("index unavailable")

    monkeypatch.setattr(text, "terms_index", broken)
    with pytest.raises(RuntimeError):
        submit(user=citizen_user, campaign=campaign, files=(upload("b.png", content),))

    assert set(private_files()) == kept
    assert Attachment.objects.count() == 1
