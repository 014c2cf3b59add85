#!/usr/bin/env python3
"""The point-to-point script the hub replaces, as a plant's IT writes it: read plant 1000's confirmation files (CSV)
and plant 2000's performance reports (B2MML V0600, *.xml) and POST each row or segment response to the ERP's OData
confirmation service, one request each, on one keep-alive connection, with the CSRF token fetched once. No queue, no
ledger, no idempotency look-up, no retry: a failed one is printed and skipped.

    baseline.py <erp base url, e.g. http://localhost:8081/sandbox/erp> <user> <password> <csv or xml file>...

Prints one line: "<rows booked> <rows failed> <seconds>".
"""
import csv
import datetime
import json
import sys
import time
import uuid
import xml.etree.ElementTree as ElementTree

import odata
UNITS = {"ST": "PCE", "KG": "KGM"}
B2MML = "{http://www.mesa.org/xml/B2MML-V0600}"
# plant 2000's MES names its operations
SEGMENTS = {"PRESSING": "0010", "PACKING": "0020"}


def german_decimal(text):
    return "%.3f" % float((text or "0").replace(".", "").replace(",", "."))


def local(text):
    return datetime.datetime.strptime(text, "%d.%m.%Y %H:%M:%S")


def odata_date(moment):
    midnight = datetime.datetime(moment.year, moment.month, moment.day, tzinfo=datetime.timezone.utc)
    return "/Date(%d)/" % int(midnight.timestamp() * 1000)


def odata_time(moment):
    return "PT%02dH%02dM%02dS" % (moment.hour, moment.minute, moment.second)


def plant_1000(name):
    """Each CSV row's confirmation."""
    with open(name, encoding="utf-8", newline="") as f:
        for row in csv.DictReader(f, delimiter=";"):
            start, end = local(row["Start"]), local(row["Ende"])
            yield {
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


def plant_2000(name):
    """Each SegmentResponse's confirmation: quantities without a key are yield, with the key Scrap scrap."""
    for response in ElementTree.parse(name).getroot().iter(B2MML + "ProductionResponse"):
        order = response.findtext(B2MML + "ProductionRequestID")
        for segment in response.iter(B2MML + "SegmentResponse"):
            start = datetime.datetime.fromisoformat(segment.findtext(B2MML + "ActualStartTime"))
            end = datetime.datetime.fromisoformat(segment.findtext(B2MML + "ActualEndTime"))
            quantities = {"": 0.0, "Scrap": 0.0}
            unit = "ST"
            for quantity in segment.iter(B2MML + "Quantity"):
                key = quantity.findtext(B2MML + "Key") or ""
                quantities[key] = quantities.get(key, 0.0) + float(quantity.findtext(B2MML + "QuantityString"))
                unit = quantity.findtext(B2MML + "UnitOfMeasure")
            operation = segment.findtext(B2MML + "ProcessSegmentID")
            yield {
                "OrderID": order, "OrderOperation": SEGMENTS.get(operation, operation.zfill(4)), "Plant": "2000",
                "WorkCenter": segment.findtext(B2MML + "EquipmentActual/" + B2MML + "EquipmentID"),
                "ConfirmationUnitISOCode": UNITS.get(unit, unit),
                "ConfirmationYieldQuantity": "%.3f" % quantities[""],
                "ConfirmationScrapQuantity": "%.3f" % quantities["Scrap"], "ConfirmationReworkQuantity": "0.000",
                "IsFinalConfirmation": segment.findtext(B2MML + "SegmentState") == "Completed",
                "PostingDate": odata_date(end),
                "ConfirmedExecutionStartDate": odata_date(start), "ConfirmedExecutionStartTime": odata_time(start),
                "ConfirmedExecutionEndDate": odata_date(end), "ConfirmedExecutionEndTime": odata_time(end),
                "Personnel": segment.findtext(B2MML + "PersonnelActual/" + B2MML + "PersonID"),
                # the ERP takes a GUID here: one made from the MES's segment response id
                "ExternalSystemConfirmation": str(uuid.uuid5(uuid.NAMESPACE_URL, "plant-2000:" + segment.findtext(B2MML + "ID"))),
            }


def main():
    base, user, password, files = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    connection, path, headers = odata.session(base, user, password)
    booked = failed = 0
    started = time.monotonic()
    for name in files:
        for body in (plant_2000(name) if name.endswith(".xml") else plant_1000(name)):
            connection.request("POST", path, body=json.dumps(body), headers=headers)
            answer = connection.getresponse()
            text = answer.read()
            if answer.status == 201:
                booked += 1
            else:
                failed += 1
                print("refused: %s %s" % (answer.status, text[:200]), file=sys.stderr)
    print("%d %d %.3f" % (booked, failed, time.monotonic() - started))


if __name__ == "__main__":
    main()
