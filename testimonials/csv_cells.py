"""CSV cells that a spreadsheet shows as text and never runs as a formula, and the importer's way back.

Every CSV this project writes goes through `writer` or `DictWriter` here: a published story or an
incident carries text from outside (a public submission, an imported file), and Excel, LibreOffice and
Google Sheets run a cell that begins with a formula character. As OWASP recommends, such a cell gets a
leading single quote; the csv module quotes separators, quotes and line breaks. The importer reads its
own exports back through `unescape_cell`, kept here beside the escape so that the two cannot drift.
"""

import csv
import re

# OWASP's list: = + - @, tab and carriage return. The quotes before it make the escape reversible:
# a value that itself begins with quotes and then a formula character gets one more quote.
_ESCAPED = re.compile(r"'*[=+\-@\t\r]")
_UNESCAPE = re.compile(r"'+[=+\-@\t\r]")


def escape_cell(value):
    """`value` as a spreadsheet may open it: text that would start a formula gets a leading `'`.

    Numbers and other values that are not text are left as they are: they cannot hold a formula.
    """
    if isinstance(value, str) and _ESCAPED.match(value):
        return "'" + value
    return value


def unescape_cell(value: str) -> str:
    """A cell as it was before `escape_cell`: exactly one leading quote off, where `escape_cell` put one."""
    return value[1:] if _UNESCAPE.match(value) else value


class writer:
    """`csv.writer`, with every cell escaped: named like it, as it stands in for it (and cannot subclass it)."""

    def __init__(self, file, *args, **kwargs):
        self._writer = csv.writer(file, *args, **kwargs)

    def writerow(self, row):
        return self._writer.writerow([escape_cell(value) for value in row])

    def writerows(self, rows):
        return self._writer.writerows([escape_cell(value) for value in row] for row in rows)


class DictWriter(csv.DictWriter):
    """`csv.DictWriter`, with every cell escaped."""

    def writerow(self, rowdict):
        return super().writerow({key: escape_cell(value) for key, value in rowdict.items()})

    def writerows(self, rowdicts):
        # csv.DictWriter.writerows goes to the underlying writer directly, not through writerow.
        return super().writerows({key: escape_cell(value) for key, value in row.items()} for row in rowdicts)
