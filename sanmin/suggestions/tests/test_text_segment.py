from __future__ import annotations

import logging

import pytest

from sanmin.suggestions.services import text
from sanmin.suggestions.services.text import segment, terms_weigh


def test_it_keeps_the_meaningful_words_in_order() -> None:
    words = segment("关于老旧小区供暖不热的建议：暖气不热，室温只有15度！")
    assert words[:3] == ["老旧小区", "供暖", "不热"]
    assert "暖气" in words
    assert "室温" in words


def test_it_drops_stopwords_punctuation_digits_and_single_characters() -> None:
    words = segment("我们希望有关部门尽快解决这个问题。。。！！ 2024 15 的 了 , ...")
    assert words == []


def test_it_keeps_latin_words_lowercased_but_not_pure_numbers() -> None:
    assert segment("地铁APP 5G 12345") == ["地铁", "app", "5g"]


def test_it_is_empty_for_empty_text() -> None:
    assert segment("") == []
    assert terms_weigh(title="", text="……") == {}


def test_it_weighs_the_title_above_the_text() -> None:
    weights = terms_weigh(title="暖气不热", text="小区停车位太少，暖气不热。")
    title_only = terms_weigh(title="停车位", text="小区暖气不热，停车位太少。")
    assert weights["暖气"] > title_only["暖气"]
    assert title_only["停车位"] > weights["停车位"]


def test_it_keeps_at_most_the_limit_as_a_unit_vector() -> None:
    long_text = "，".join(
        f"{word}问题" for word in ("供暖", "停车位", "地铁", "公交", "学校", "医院")
    )
    weights = terms_weigh(title="", text=long_text * 3 + "市南区市北区李沧区崂山区")
    assert 0 < len(weights) <= text.MAX_TERMS
    assert sum(w * w for w in weights.values()) == pytest.approx(1.0)


def test_it_initialises_jieba_quietly(
    capfd: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    logging.getLogger("jieba").setLevel(logging.DEBUG)
    monkeypatch.setattr(text, "_tokenizer", None)
    text._block_words.cache_clear()
    assert segment("供热管网改造") == ["供热", "管网", "改造"]
    assert capfd.readouterr().err == ""
