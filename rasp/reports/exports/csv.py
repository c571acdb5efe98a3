"""The answers as CSV: one row per respondent and question, the Answers sheet's columns.

UTF-8 with a byte order mark, so Excel opens accents and symbols right; every text cell goes
through :func:`cell_text`, so nothing a user typed runs as a formula when the file is opened.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import datetime
from io import StringIO

from rasp.reports.exports.common import AnswerRow, answer_sheet_header, answer_sheet_row, cell_text

BOM = "\ufeff"


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, str):
        return cell_text(value)
    return str(value)


def render_csv(rows: Iterable[AnswerRow]) -> bytes:
    out = StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([_text(text) for text in answer_sheet_header()])
    for row in rows:
        writer.writerow([_text(value) for value in answer_sheet_row(row)])
    return (BOM + out.getvalue()).encode("utf-8")
