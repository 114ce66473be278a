#!/usr/bin/env python3
"""Reads every *.junit.xml under DIR and prints "N passed, N failed, N skipped"; exits 1 when no test ran or when a
skipped test is not on the allow-list (one "classname.method" a line). Called by .ci/run; tested by CiSkipGateTests."""
import glob, sys, xml.etree.ElementTree as ET
allowed = {l.strip() for l in open(sys.argv[2]) if l.strip() and not l.startswith("#")}
p = f = s = 0
unexpected = []
for path in glob.glob(sys.argv[1] + "/*.junit.xml"):
    for case in ET.parse(path).getroot().iter("testcase"):
        if case.find("failure") is not None or case.find("error") is not None: f += 1
        elif case.find("skipped") is not None:
            s += 1
            name = case.get("classname", "") + "." + case.get("name", "")
            if name.split("(")[0] not in allowed:
                skip = case.find("skipped")
                reason = (skip.get("message") or skip.text or "").strip()
                unexpected.append(f"{name}: {reason[:300]}")
        else: p += 1
print(f"{p} passed, {f} failed, {s} skipped")
if p + f == 0:
    print("error: no test ran", file=sys.stderr); sys.exit(1)
if unexpected:
    print(f"error: {len(unexpected)} skipped test(s) not on .ci/allowed-skips.txt:", file=sys.stderr)
    for u in unexpected: print("  " + u, file=sys.stderr)
    sys.exit(1)
