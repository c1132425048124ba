"""Postal addresses: the street line and the lines of its block (ADDRESS), and the postcode (POSTCODE).

The town of a one-line address is not redacted: it is neutral data that the story may need. The lines of an
address block below a street line are, since a block is read as one address.

Imports flow one way: `vocabulary` <- `postcodes` <- `streets` <- `blocks` <- this package's `find_addresses`;
`postcodes` and `streets` also import `..dates`. `..rules` is the only importer of this package.
"""

from ..findings import SOURCE_RULE, Finding
from .blocks import address_blocks
from .postcodes import find_postcodes
from .streets import find_streets

__all__ = ["find_addresses", "find_streets"]


def _overlaps_any(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    return any(start < other_end and other_start < end for other_start, other_end in spans)


def find_addresses(text: str) -> list[Finding]:
    """Street lines and address blocks (ADDRESS) and postcodes (POSTCODE) in `text`, sorted by start."""
    lowercase = text == text.lower()
    streets = find_streets(text)
    addresses, block_postcodes = address_blocks(text, streets, lowercase)
    postcodes = set(block_postcodes) | set(find_postcodes(text, addresses, lowercase))
    findings = [Finding(start, end, "ADDRESS", SOURCE_RULE, 0.85) for start, end in addresses]
    findings += [
        Finding(start, end, "POSTCODE", SOURCE_RULE, 0.9)
        for start, end in postcodes
        if not _overlaps_any(start, end, addresses)
    ]
    return sorted(findings, key=lambda finding: finding.start)
