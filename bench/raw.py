#!/usr/bin/env python3
"""The ERP sandbox's raw accept rate for one client: POST confirmations on one keep-alive connection (CSRF token
fetched once) for a while, as fast as the answers come; the first seconds warm up and are not counted.

    raw.py <erp base url> <user> <password> <seconds> [<warm-up seconds>]

Prints one line: "<confirmations booked in the counted seconds> <counted seconds>".
"""
import json
import sys
import time
import uuid

import odata


def main():
    base, user, password, seconds = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4])
    warm = float(sys.argv[5]) if len(sys.argv) > 5 else 3.0
    connection, path, headers = odata.session(base, user, password)
    body = {"OrderID": "5000000", "OrderOperation": "0010", "Plant": "1000", "WorkCenter": "ASSY-01",
            "ConfirmationUnitISOCode": "PCE", "ConfirmationYieldQuantity": "1.000", "ConfirmationScrapQuantity": "0.000",
            "ConfirmationReworkQuantity": "0.000", "IsFinalConfirmation": False, "PostingDate": "/Date(1796083200000)/",
            "ConfirmedExecutionEndDate": "/Date(1796083200000)/", "ConfirmedExecutionEndTime": "PT08H00M00S"}
    start = time.monotonic()
    counted_from, until = start + warm, start + warm + seconds
    booked = 0
    while True:
        now = time.monotonic()
        if now >= until:
            break
        body["ExternalSystemConfirmation"] = str(uuid.uuid4())
        connection.request("POST", path, body=json.dumps(body), headers=headers)
        answer = connection.getresponse()
        answer.read()
        if answer.status == 201 and now >= counted_from:
            booked += 1
    print("%d %.3f" % (booked, seconds))


if __name__ == "__main__":
    main()
