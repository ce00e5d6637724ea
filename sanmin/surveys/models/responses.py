"""Answers, stored apart from who gave them.

`Respondent` records that a person (or, for an anonymous public answer, a device)
has answered a questionnaire family — never what. `Response` holds what was
answered, with only the coarse facts results are cut by (district, representative
category) and no person and no time. The live counts are `Tally` rows plus the
`PendingTally` row each answer adds in its own transaction (its keys, one row, no
lock on any shared counter); `tallies_fold` moves pending rows into the tallies,
and every read sums both. `sanmin surveys recount` recomputes the counts from the
responses.

As for ballots, the database refuses UPDATE and DELETE on Respondent, Response and
TextAnswer (migration 0002), and on SQLite the two content tables are WITHOUT ROWID
tables, kept in the order of their random keys rather than of arrival.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models


class Channel(models.TextChoices):
    REPRESENTATIVE = "representative", "市民代表"
    CITIZEN = "citizen", "实名市民"
    ANONYMOUS = "anonymous", "匿名"


class Respondent(models.Model):
    """That someone answered the family `code` of a campaign: once per identity."""

    campaign = models.ForeignKey(
        "campaigns.Campaign", on_delete=models.PROTECT, related_name="+"
    )
    code = models.SlugField("问卷代码", max_length=40)
    # Keyed hash of the identity: the citizen's ID hash when signed in, the device
    # token for an anonymous answer. Unique per family: one answer per person.
    identity_hash = models.CharField(max_length=64)
    channel = models.CharField("方式", max_length=16, choices=Channel)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Keyed hash of the network (/24 or /48), for the anti-abuse limit.
    network_hash = models.CharField(max_length=64, blank=True)
    answered_at = models.DateTimeField("填写时间")

    class Meta:
        verbose_name = verbose_name_plural = "问卷参与记录"
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "code", "identity_hash"],
                name="one_answer_per_identity",
            )
        ]
        indexes = [
            models.Index(fields=["campaign", "code", "answered_at"]),
            # The per-network limit on anonymous answers counts the last hour's.
            models.Index(fields=["network_hash", "answered_at"]),
        ]

    def __str__(self) -> str:
        return f"参与 #{self.pk}"


class Response(models.Model):
    """One filled questionnaire. Nothing here points at a person or a time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    questionnaire = models.ForeignKey(
        "surveys.Questionnaire", on_delete=models.PROTECT, related_name="responses"
    )
    channel = models.CharField("方式", max_length=16, choices=Channel)
    district = models.ForeignKey(
        "campaigns.District",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    category = models.ForeignKey(
        "campaigns.QuotaCategory",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # {question code: answer}: an option code, a list of option codes, {row code:
    # option code} for a matrix, a number as a string, or text; "other" text under
    # "<code>__other". Only shown questions appear.
    answers = models.JSONField("答案")

    class Meta:
        verbose_name = verbose_name_plural = "问卷答卷"

    def __str__(self) -> str:
        return f"答卷 {self.pk}"


class TextAnswer(models.Model):
    """A free-text answer (or an "other" text), for the searchable list.

    Its key is random like the Response's: a growing number would put the texts in
    the order they were given, which the participations' times could match."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(
        Response, on_delete=models.PROTECT, related_name="texts"
    )
    question = models.ForeignKey(
        "surveys.Question", on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField("内容")

    class Meta:
        verbose_name = verbose_name_plural = "文字答案"
        indexes = [models.Index(fields=["question"])]

    def __str__(self) -> str:
        return self.text[:20]


class Tally(models.Model):
    """A count, with the answers not yet folded in (`PendingTally`) the live
    figure. Keys are plain integers, 0 for "none", so that one unique constraint
    holds on SQLite and PostgreSQL alike: option 0 counts the answers to the
    question (or matrix row) themselves. Only the fold and the bulk loader write
    it, so one row per key (migration 0004 merged the shards answers once spread
    their updates over)."""

    questionnaire = models.ForeignKey(
        "surveys.Questionnaire", on_delete=models.CASCADE, related_name="tallies"
    )
    question_id_key = models.PositiveIntegerField("题目")
    row_id_key = models.PositiveIntegerField("行", default=0)
    option_id_key = models.PositiveIntegerField("选项", default=0)
    district_id_key = models.PositiveIntegerField("区（市）", default=0)
    category_id_key = models.PositiveIntegerField("代表类别", default=0)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = verbose_name_plural = "实时计数"
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "questionnaire",
                    "question_id_key",
                    "row_id_key",
                    "option_id_key",
                    "district_id_key",
                    "category_id_key",
                ],
                name="tally_key_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.question_id_key}:{self.option_id_key}={self.count}"


class PendingTally(models.Model):
    """One accepted answer's tally keys, not yet added to `Tally`.

    Written with the response, in one row, so that answers never wait on each
    other's counter rows; `tallies_fold` adds them to `Tally` and deletes them in
    one transaction, and readers sum both in one statement. Like the Response, it
    has a random key and no person and no time."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    questionnaire = models.ForeignKey(
        "surveys.Questionnaire", on_delete=models.CASCADE, related_name="+"
    )
    district_id_key = models.PositiveIntegerField("区（市）", default=0)
    category_id_key = models.PositiveIntegerField("代表类别", default=0)
    # [[question id, row id, option id], …]: `store.tally_keys` of the answer.
    keys = models.JSONField("计数键")

    class Meta:
        verbose_name = verbose_name_plural = "待计入的计数"

    def __str__(self) -> str:
        return f"待计入 {self.pk}"
