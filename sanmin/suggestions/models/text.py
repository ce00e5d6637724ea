"""The term index behind duplicate detection and the suggested department: each
suggestion's weighted words (jieba segmentation), looked up by word."""

from __future__ import annotations

from django.db import models


class SuggestionTerm(models.Model):
    suggestion = models.ForeignKey(
        "suggestions.Suggestion", on_delete=models.CASCADE, related_name="terms"
    )
    term = models.CharField("词", max_length=24)
    weight = models.FloatField("权重")

    class Meta:
        verbose_name = verbose_name_plural = "建议词项"
        # Postings of a word, heaviest first, read from the index alone (similar_find
        # reads at most a fixed number per word; document frequencies count it).
        indexes = [models.Index(fields=["term", "-weight", "suggestion"])]
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion", "term"], name="suggestion_term_unique"
            )
        ]

    def __str__(self) -> str:
        return self.term
