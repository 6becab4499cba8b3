#!/usr/bin/env python3
"""An independent count of CloudTrail events in files, for tests to check the ingester against.

Written separately from the TypeScript readers, with Python's own json, gzip, zipfile, tarfile and csv.
Prints JSON: {"records": n, "valid": n, "keys": n} where "valid" records have an eventID, an eventName
and a time, and "keys" counts distinct recipientAccountId:eventID among them.
"""
import csv, gzip, io, json, re, sys, tarfile, zipfile

records = 0
keys = set()
valid = 0
TIME = re.compile(r"^\d{4}-\d{2}-\d{2}([T ,]|, )")

def event(e):
    global records, valid
    records += 1
    if not isinstance(e, dict):
        return
    for k in ("detail",):
        if isinstance(e.get(k), dict) and "detail-type" in e:
            e = e[k]
    if isinstance(e.get("CloudTrailEvent"), str):
        e = json.loads(e["CloudTrailEvent"])
    t = e.get("eventTime", e.get("@timestamp", e.get("p_event_time")))
    if e.get("eventID") and e.get("eventName") and isinstance(t, str) and TIME.match(t.strip()):
        valid += 1
        acct = e.get("recipientAccountId")
        keys.add(f"{acct}:{e['eventID']}" if acct else e["eventID"])

def csv_rows(text):
    global records, valid
    for row in csv.DictReader(io.StringIO(text.lstrip("\ufeff"))):
        records += 1
        if row.get("Event ID") and row.get("Event name"):
            valid += 1
            acct = (row.get("Recipient Account Id") or "").strip()
            acct = acct if acct.isdigit() else ""
            keys.add(f"{acct}:{row['Event ID']}" if acct else row["Event ID"])

def content(data):
    if data[:2] == b"\x1f\x8b":
        return content(gzip.decompress(data))
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            for name in z.namelist():
                if not name.endswith("/") and "__MACOSX" not in name:
                    content(z.read(name))
        return
    if len(data) > 262 and data[257:262] == b"ustar":
        with tarfile.open(fileobj=io.BytesIO(data)) as t:
            for m in t.getmembers():
                if m.isfile():
                    content(t.extractfile(m).read())
        return
    text = data.decode("utf-8").lstrip("\ufeff")
    stripped = text.lstrip()
    if stripped.startswith("{"):
        try:
            doc = json.loads(text)
        except json.JSONDecodeError:
            for line in text.splitlines():
                if line.strip():
                    event(json.loads(line))
            return
        if "Records" in doc:
            for e in doc["Records"]:
                event(e)
        elif "Events" in doc:
            for e in doc["Events"]:
                event(e)
        elif "digestS3Object" in doc:
            return
        else:
            event(doc)
    elif stripped.startswith("["):
        for e in json.loads(text):
            event(e)
    else:
        csv_rows(text)

for path in sys.argv[1:]:
    with open(path, "rb") as f:
        content(f.read())
print(json.dumps({"records": records, "valid": valid, "keys": len(keys)}))
