"""SMS templates as data, the way Chinese providers work.

A provider sends only texts it has approved in advance: each has a template id
(e.g. Alibaba Cloud's "SMS_123456789") and ${name} placeholders filled from a JSON
object of parameters. Here every template has our own code, the approved Chinese
text, and its declared parameter names; the provider's id for each code comes from
the SMS_TEMPLATE_IDS setting ("ballot_receipt=SMS_1,evaluation_reminder=SMS_2").
The sign name (【...】) is added by the provider from SMS_SIGN_NAME.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError

# Providers cap each parameter (Alibaba Cloud: 35 characters for notifications).
PARAM_MAX_CHARS = 35
# A link to a page of ours (a template's `link_params`) may be longer: the site's
# address plus a path does not fit in 35 characters.
LINK_MAX_CHARS = 100
_PLACEHOLDER = re.compile(r"\$\{(\w+)\}")
# Personal numbers must never travel in parameters: an ID number or a mobile number.
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@dataclass(frozen=True)
class SmsTemplate:
    code: str
    label: str
    text: str
    # Quiet hours apply to messages we start (reminders), not to ones a person has
    # just asked for (a ballot receipt).
    quiet_hours: bool = True
    # Parameters that must not outlive the sending: masked in the console log and
    # cleared from the outbox row once the message is sent or given up.
    secret_params: tuple[str, ...] = ()
    # Parameters that carry a link (http/https), allowed up to LINK_MAX_CHARS.
    link_params: tuple[str, ...] = ()

    @property
    def params(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(_PLACEHOLDER.findall(self.text)))

    def render(self, params: dict[str, str]) -> str:
        return _PLACEHOLDER.sub(lambda m: params.get(m.group(1), ""), self.text)


TEMPLATES: dict[str, SmsTemplate] = {
    template.code: template
    for template in (
        SmsTemplate(
            code="ballot_receipt",
            label="评议回执",
            text="您已完成本场次评议，回执码${receipt}，可在平台“回执查验”中核对。",
            quiet_hours=False,
            secret_params=("receipt",),
        ),
        SmsTemplate(
            code="evaluation_reminder",
            label="评议提醒",
            text=(
                "尊敬的市民代表：“${session}”云评议已开始，请于${deadline}前"
                "登录爱山东App完成评议。"
            ),
        ),
        SmsTemplate(
            code="evaluation_reminder_closing",
            label="评议即将截止提醒",
            text=(
                "尊敬的市民代表：“${session}”云评议将于${deadline}截止，"
                "您尚未评议，请尽快登录爱山东App完成评议。"
            ),
        ),
        SmsTemplate(
            code="representative_selected",
            label="代表选聘通知",
            text=(
                "您已被选聘为${year}年“三民”活动市民代表。请登录爱山东App后打开"
                "${link} 确认参加或谢绝。"
            ),
            link_params=("link",),
        ),
        SmsTemplate(
            code="suggestion_status",
            label="建议办理进度",
            text="您提交的建议（编号${tracking}）${status}，详情请登录平台查询。",
        ),
        SmsTemplate(
            code="suggestion_answered",
            label="建议答复及满意度评价",
            text=(
                "您提交的建议（编号${tracking}）已答复。请登录爱山东App后打开"
                "${link} 查看答复并评价办理满意度。"
            ),
            link_params=("link",),
        ),
        SmsTemplate(
            code="suggestion_excellent",
            label="优秀建议通知",
            text="您提交的建议（编号${tracking}）获评${year}年“三民”活动${tier}，感谢您的建言献策。",
        ),
        SmsTemplate(
            code="suggestion_item_due",
            label="建议办理时限提醒",
            text="您单位有${count}件交办建议${state}，最近时限${deadline}，请登录平台及时办理。",
        ),
    )
}


def template_get(code: str) -> SmsTemplate:
    template = TEMPLATES.get(code)
    if template is None:
        raise ValidationError(f"未知的短信模板：{code}")
    return template


def template_check_params(template: SmsTemplate, params: dict[str, str]) -> None:
    """Refuse parameters that do not match the template's declared names, or that
    hold something a text message must never carry."""
    declared, given = set(template.params), set(params)
    if given != declared:
        missing = "、".join(sorted(declared - given)) or "无"
        extra = "、".join(sorted(given - declared)) or "无"
        raise ValidationError(
            f"短信模板 {template.code} 的参数不符：缺少 {missing}，多余 {extra}"
        )
    for name, value in params.items():
        if not isinstance(value, str) or not value.strip():
            raise ValidationError(f"短信参数 {name} 不能为空")
        limit = LINK_MAX_CHARS if name in template.link_params else PARAM_MAX_CHARS
        if len(value) > limit:
            raise ValidationError(f"短信参数 {name} 超过 {limit} 个字符")
        if name in template.link_params and not value.startswith(
            ("http://", "https://")
        ):
            raise ValidationError(f"短信参数 {name} 应为 http(s) 链接")
        if _ID_NUMBER.search(value) or _MOBILE.search(value):
            raise ValidationError(f"短信参数 {name} 不得包含身份证号码或手机号码")


def provider_template_ids() -> dict[str, str]:
    """Our template codes → the provider's ids, from SMS_TEMPLATE_IDS."""
    pairs = (item.partition("=") for item in settings.SMS_TEMPLATE_IDS.split(","))
    return {code.strip(): ident.strip() for code, _, ident in pairs if ident.strip()}


def provider_template_id(code: str) -> str:
    return provider_template_ids().get(code, "")


def masked_params(template: SmsTemplate, params: dict[str, str]) -> dict[str, str]:
    """Parameters fit for a log line: secret ones cut to their first four chars."""
    return {
        name: (value[:4] + "****" if name in template.secret_params else value)
        for name, value in params.items()
    }
