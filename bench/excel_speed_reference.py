# The reference for bench/report_speed.sh: what the Python genai-bench's Excel export does per
# request (openpyxl in its normal mode, one sheet.append per row, then save), here over the same
# records.jsonl and the same Raw Data columns as ours, with the file read and parsed the same way.
# Usage: /usr/bin/python3 excel_speed_reference.py RECORDS.jsonl OUT.xlsx
import json
import sys
import time

import openpyxl

start = time.perf_counter()
columns = ["run_index", "request_index", "session", "turn", "ok", "t_sched_ns", "t_start_ns", "t_connected_ns",
           "t_first_ns", "t_end_ns", "input_tokens", "input_source", "output_tokens", "output_source", "input_chars",
           "output_chars", "http_status", "attempts", "read_delay_max_us", "error_kind", "error_message",
           "retry_error_kinds", "itl_us"]
book = openpyxl.Workbook()
sheet = book.active
sheet.title = "Raw Data"
sheet.append(columns)
rows = 0
with open(sys.argv[1]) as records:
    for line in records:
        record = json.loads(line)
        row = [record.get(name) for name in columns]
        row[-1] = ",".join(map(str, record.get("itl_us") or []))
        row[-2] = ",".join(record.get("retry_error_kinds") or [])
        sheet.append([value if not isinstance(value, (list, dict)) else json.dumps(value) for value in row])
        rows += 1
book.save(sys.argv[2])
print(f"{rows} rows in {time.perf_counter() - start:.2f} s")
