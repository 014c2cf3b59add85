#!/usr/bin/env python3
"""The point-to-point script the hub replaces, as a plant's IT writes it: read plant 1000's confirmation files and
POST each row to the ERP's OData confirmation service, one request per row, on one keep-alive connection, with the
CSRF token fetched once. No queue, no ledger, no idempotency look-up, no retry: a failed row is printed and skipped.

    baseline.py <erp base url, e.g. http://localhost:8081/sandbox/erp> <user> <password> <csv file>...

Prints one line: "<rows booked> <rows failed> <seconds>".
"""
import csv
import datetime
import json
import sys
import time
import uuid

import odata
UNITS = {"ST": "PCE", "KG": "KGM"}


def german_decimal(text):
    return "%.3f" % float((text or "0").replace(".", "").replace(",", "."))


def local(text):
    return datetime.datetime.strptime(text, "%d.%m.%Y %H:%M:%S")


def odata_date(moment):
    midnight = datetime.datetime(moment.year, moment.month, moment.day, tzinfo=datetime.timezone.utc)
    return "/Date(%d)/" % int(midnight.timestamp() * 1000)


def odata_time(moment):
    return "PT%02dH%02dM%02dS" % (moment.hour, moment.minute, moment.second)


def main():
    base, user, password, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    connection, path, headers = odata.session(base, user, password)
    booked = failed = 0
    started = time.monotonic()
    for name in files:
        with open(name, encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f, delimiter=";"):
                start, end = local(row["Start"]), local(row["Ende"])
                body = {
                    "OrderID": row["Auftrag"], "OrderOperation": row["Vorgang"].zfill(4), "Plant": "1000",
                    "WorkCenter": row["Arbeitsplatz"], "ConfirmationUnitISOCode": UNITS.get(row["Einheit"], row["Einheit"]),
                    "ConfirmationYieldQuantity": german_decimal(row["Gutmenge"]),
                    "ConfirmationScrapQuantity": german_decimal(row["Ausschuss"]),
                    "ConfirmationReworkQuantity": german_decimal(row["Nacharbeit"]),
                    "IsFinalConfirmation": row["Endrückmeldung"] == "X", "PostingDate": odata_date(end),
                    "ConfirmedExecutionStartDate": odata_date(start), "ConfirmedExecutionStartTime": odata_time(start),
                    "ConfirmedExecutionEndDate": odata_date(end), "ConfirmedExecutionEndTime": odata_time(end),
                    "Personnel": row["Personalnummer"], "ExternalSystemConfirmation": str(uuid.uuid4()),
                }
                connection.request("POST", path, body=json.dumps(body), headers=headers)
                answer = connection.getresponse()
                text = answer.read()
                if answer.status == 201:
                    booked += 1
                else:
                    failed += 1
                    print("row refused: %s %s" % (answer.status, text[:200]), file=sys.stderr)
    print("%d %d %.3f" % (booked, failed, time.monotonic() - started))


if __name__ == "__main__":
    main()
