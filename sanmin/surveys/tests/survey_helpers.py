"""Questionnaires for the tests of every area of 社情民意调查, made through the
builder's services.

`make_questionnaire` gives a small questionnaire with one question of every kind
and a conditional one; `load_2024` the two 2024 questionnaires of the shipped data.

The small questionnaire (codes are stable; answers use them):

- section 1 "满意度":
  - `areas`   matrix, rows `housing`, `security`, on the campaign scale (options
              satisfied, fairly-satisfied, basically-satisfied, dissatisfied,
              unknown: unknown not counted, the first three satisfied), required
  - `overall` rating on the campaign scale, required
  - `why`     long text (max 200), required, shown only when `overall` is
              `dissatisfied`
- section 2 "意见":
  - `topic`   single `traffic`/`schools`/`parks` + 其他（请注明）, required
  - `wishes`  multiple `a`/`b`/`c`/`d`, 1 to 2 choices, required
  - `name_of_street` short text (max 20), optional
  - `comment` long text (max 300), optional
  - `years`   number 0 to 100, optional
"""

from __future__ import annotations

from typing import Any

from sanmin.campaigns.models import Campaign
from sanmin.surveys.models import Audience, Kind, Questionnaire
from sanmin.surveys.services import builder

ACTOR = "测试"

SMALL_CODES = (
    "areas",
    "overall",
    "why",
    "topic",
    "wishes",
    "name_of_street",
    "comment",
    "years",
)


def make_questionnaire(
    campaign: Campaign,
    *,
    audience: str = Audience.PUBLIC,
    open: bool = True,
    code: str | None = None,
    actor: Any = ACTOR,
) -> Questionnaire:
    """A questionnaire with one question of every kind and a conditional one."""
    questionnaire = builder.questionnaire_create(
        campaign=campaign,
        code=code or f"small-{audience}",
        title="测试问卷" if audience == Audience.PUBLIC else "测试代表问卷",
        audience=audience,
        intro="测试用的小问卷。",
        allow_anonymous=audience == Audience.PUBLIC,
        actor=actor,
    )
    scale = builder.campaign_scale_options(campaign=campaign)
    first = builder.section_add(
        questionnaire=questionnaire, title="满意度", actor=actor
    )
    second = builder.section_add(questionnaire=questionnaire, title="意见", actor=actor)

    def add(section: Any, code: str, kind: str, prompt: str, **more: Any) -> None:
        builder.question_add(
            questionnaire=questionnaire,
            section=section,
            code=code,
            kind=kind,
            prompt=prompt,
            actor=actor,
            **more,
        )

    add(
        first,
        "areas",
        Kind.MATRIX,
        "各领域满意度",
        options=scale,
        rows=[("housing", "居住环境"), ("security", "社会治安")],
    )
    add(first, "overall", Kind.RATING, "总体满意度", options=scale)
    add(
        first,
        "why",
        Kind.LONG_TEXT,
        "请具体说明不满意的方面",
        max_length=200,
        show_if="overall",
        show_if_options=["dissatisfied"],
    )
    add(
        second,
        "topic",
        Kind.SINGLE,
        "最需要改进的方面",
        options=[("traffic", "交通"), ("schools", "学校"), ("parks", "公园")],
        other_option=True,
    )
    add(
        second,
        "wishes",
        Kind.MULTIPLE,
        "希望增加的服务",
        options=[("a", "社区食堂"), ("b", "托育"), ("c", "健身场地"), ("d", "图书室")],
        min_choices=1,
        max_choices=2,
    )
    add(
        second,
        "name_of_street",
        Kind.SHORT_TEXT,
        "所在街道",
        required=False,
        max_length=20,
    )
    add(second, "comment", Kind.LONG_TEXT, "其他意见", required=False, max_length=300)
    add(
        second,
        "years",
        Kind.NUMBER,
        "在青岛居住年数",
        required=False,
        min_value=0,
        max_value=100,
    )
    if open:
        questionnaire = builder.questionnaire_open(
            questionnaire=questionnaire, actor=actor
        )
    return questionnaire


def load_2024(
    campaign: Campaign,
    *,
    open: bool = True,
    actor: Any = ACTOR,
) -> dict[str, Questionnaire]:
    """The 2024 questionnaires by audience ("public", "representative")."""
    loaded = builder.questionnaires_load_2024(campaign=campaign, actor=actor)
    if open:
        loaded = [
            builder.questionnaire_open(questionnaire=q, actor=actor) for q in loaded
        ]
    return {q.audience: q for q in loaded}
