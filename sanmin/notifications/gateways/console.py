"""The default gateway: sends nothing, records what would have been sent.

Each message becomes one log line and one JSON line in SMS_OUTBOX_FILE (by default
DATA_DIR/sms-outbox.jsonl) with the masked phone, the template, the rendered text and
the parameters (secret ones masked), and is reported delivered at once.
"""

from __future__ import annotations

import json
import logging
import threading
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from sanmin.core.personal import mask_phone
from sanmin.notifications.catalogue import masked_params
from sanmin.notifications.gateways import Outgoing, SendResult

logger = logging.getLogger("sanmin.sms")
_lock = threading.Lock()


def outbox_file() -> Path:
    configured = settings.SMS_OUTBOX_FILE
    return (
        Path(configured) if configured else Path(settings.DATA_DIR) / "sms-outbox.jsonl"
    )


class ConsoleGateway:
    name = "console"

    def send(self, outgoing: Outgoing) -> SendResult:
        template = outgoing.template
        params = masked_params(template, outgoing.params)
        record = {
            "at": timezone.now().isoformat(),
            "message": outgoing.message_id,
            "phone": mask_phone(outgoing.phone),
            "template": template.code,
            "params": params,
            "text": template.render(params),
        }
        logger.info(
            "短信（未实际发送）#%s %s %s %s",
            outgoing.message_id,
            record["phone"],
            template.code,
            json.dumps(params, ensure_ascii=False),
        )
        path = outbox_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps(record, ensure_ascii=False) + "\n"
        with _lock, path.open("a", encoding="utf-8") as handle:
            handle.write(line)
        return SendResult(
            provider_message_id=f"console-{outgoing.message_id}", delivered=True
        )


def gateway_from_settings() -> ConsoleGateway:
    return ConsoleGateway()
