# Dumps an .xlsx as JSON with openpyxl (an independent reader): sheet names, and each sheet's rows
# of cell values (charts counted). Usage: /usr/bin/python3 read_xlsx.py FILE
import json
import sys

import openpyxl

book = openpyxl.load_workbook(sys.argv[1])
out = {"sheets": book.sheetnames, "rows": {}, "charts": {}, "frozen": {}}
for sheet in book.worksheets:
    out["rows"][sheet.title] = [list(row) for row in sheet.iter_rows(values_only=True)]
    out["charts"][sheet.title] = len(getattr(sheet, "_charts", []))
    out["frozen"][sheet.title] = sheet.freeze_panes
print(json.dumps(out, default=str))
