"""Reading a receipt off the page that shows it, as an author would copy it."""

import re

SECRET_ON_PAGE = re.compile(r'data-testid="receipt-secret">(.+?)</dd>', re.DOTALL)


def receipt_secret_in(html: str) -> str:
    """The secret as the author reads it: its groups joined by dashes, whatever markup keeps them whole."""
    return re.sub(r"<[^>]+>", "", SECRET_ON_PAGE.search(html)[1])
