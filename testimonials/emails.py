"""The one way this service sends email: through anymail, never failing the caller.

A provider that is down must not fail a submission or a redaction, and an error must not
put an address in the logs, so failures are logged by exception class only.
"""

import logging
from collections.abc import Sequence

from anymail.message import AnymailMessage
from django.conf import settings
from django.template.loader import render_to_string

logger = logging.getLogger(__name__)


def email_send(
    *,
    subject: str,
    template: str,
    context: dict,
    tag: str,
    to: Sequence[str] = (),
    bcc: Sequence[str] = (),
) -> bool:
    """Render `template` and send it; True when the provider accepted the message."""
    message = AnymailMessage(
        subject=subject,
        body=render_to_string(template, context),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=list(to),
        bcc=list(bcc),
        tags=[tag],
    )
    try:
        message.send()
    except Exception as error:
        logger.error("Email %r could not be sent: %s", tag, type(error).__name__)
        return False
    return True
