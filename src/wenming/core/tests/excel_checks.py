"""Checks that an exported workbook holds residents' text as text, never as a formula."""

from __future__ import annotations

import io
import zipfile

from openpyxl import load_workbook

#: Text a resident may type that a spreadsheet would run as a formula.
FORMULA_TEXTS = ('=HYPERLINK("http://x","y")', "-1+1", "@SUM(A1)", "+1", "\t=1")


def assert_text_not_formula(xlsx: bytes, texts=FORMULA_TEXTS) -> None:
    """Every text in `texts` is in the workbook as a plain string cell and the XML has no <f>."""
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        for name in archive.namelist():
            if name.startswith("xl/worksheets/"):
                xml = archive.read(name).decode()
                assert "<f>" not in xml and "<f " not in xml, name
    workbook = load_workbook(io.BytesIO(xlsx))
    cells = {
        cell.value: cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }
    for text in texts:
        found = [cell for value, cell in cells.items() if value == text]
        assert found, f"{text!r} not exported as written"
        assert all(cell.data_type == "s" for cell in found), text
