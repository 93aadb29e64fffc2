"""openpyxl and XlsxWriter writers for the corpus (run by generate.ts with Debian's /usr/bin/python3).

Reads a JSON list of {writer, out, rows: [[label, cell]]} on stdin; the cell shapes are those of
cases.ts (a string, {num, fmt}, {date}, {time}, {formula, result}, {link, text}, {bool}).
Fields start in row 3, as in the template.
"""
import datetime
import json
import sys

import openpyxl
import xlsxwriter


def date_of(iso):
    return datetime.datetime.strptime(iso, "%Y-%m-%d")


def time_of(hms):
    return datetime.datetime.strptime(hms, "%H:%M:%S").time()


def openpyxl_file(case):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Biller"
    ws["A1"] = "IMT Implementation Worksheet"
    for i, (label, cell) in enumerate(case["rows"]):
        row = 3 + i
        ws.cell(row=row, column=1, value=label)
        target = ws.cell(row=row, column=2)
        if isinstance(cell, str):
            target.value = cell
        elif "num" in cell:
            target.value = cell["num"]
            if cell.get("fmt"):
                target.number_format = cell["fmt"]
        elif "date" in cell:
            target.value = date_of(cell["date"])
            target.number_format = cell.get("fmt", "yyyy-mm-dd")
        elif "time" in cell:
            target.value = time_of(cell["time"])
        elif "formula" in cell:
            # openpyxl turns any string starting with '=' into a formula with no cached value.
            target.value = "=" + cell["formula"]
        elif "link" in cell:
            target.value = cell["text"]
            target.hyperlink = cell["link"]
        elif "bool" in cell:
            target.value = cell["bool"]
        else:
            raise ValueError("openpyxl cannot write %r" % (cell,))
    wb.save(case["out"])


def xlsxwriter_file(case):
    wb = xlsxwriter.Workbook(case["out"])
    ws = wb.add_worksheet("Biller")
    ws.write_string(0, 0, "IMT Implementation Worksheet")
    formats = {}

    def fmt(code):
        if code not in formats:
            formats[code] = wb.add_format({"num_format": code})
        return formats[code]

    for i, (label, cell) in enumerate(case["rows"]):
        row = 2 + i
        ws.write_string(row, 0, label)
        if isinstance(cell, str):
            ws.write_string(row, 1, cell)
        elif "num" in cell:
            ws.write_number(row, 1, cell["num"], fmt(cell["fmt"]) if cell.get("fmt") else None)
        elif "date" in cell:
            ws.write_datetime(row, 1, date_of(cell["date"]), fmt(cell.get("fmt", "yyyy-mm-dd")))
        elif "formula" in cell:
            # XlsxWriter caches 0 and asks Excel to recalculate on load (fullCalcOnLoad).
            ws.write_formula(row, 1, "=" + cell["formula"])
        elif "link" in cell:
            ws.write_url(row, 1, cell["link"], string=cell["text"])
        elif "bool" in cell:
            ws.write_boolean(row, 1, cell["bool"])
        else:
            raise ValueError("XlsxWriter cannot write %r" % (cell,))
    wb.close()


for case in json.load(sys.stdin):
    (openpyxl_file if case["writer"] == "openpyxl" else xlsxwriter_file)(case)
