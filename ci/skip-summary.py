#!/usr/bin/env python3
"""Summarises the tests ctest did not run, from its JUnit file (ctest
--output-junit): how many, and each one's reason (the GTEST_SKIP message, or
ctest's own status). Usage: ci/skip-summary.py LABEL JUNIT.xml"""
import sys
import xml.etree.ElementTree as ET


def reason(case):
    out = case.findtext("system-out") or ""
    lines = out.splitlines()
    # GoogleTest prints "file:line: Skipped" and then the message.
    for i, line in enumerate(lines):
        if line.rstrip().endswith(": Skipped"):
            msg = " ".join(l.strip() for l in lines[i + 1:] if l.strip() and not l.startswith("["))
            if msg:
                return msg
    skipped = case.find("skipped")
    if skipped is not None and skipped.get("message"):
        return skipped.get("message")
    return case.get("status", "not run")


def main():
    label, path = sys.argv[1], sys.argv[2]
    cases = ET.parse(path).getroot().iter("testcase")
    skipped = [c for c in cases if c.get("status") in ("notrun", "disabled") or c.find("skipped") is not None]
    print(f"{label}: {len(skipped)} test(s) skipped")
    for c in skipped:
        print(f"  {c.get('name')}: {reason(c)}")


if __name__ == "__main__":
    main()
