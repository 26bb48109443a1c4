"""``--format junit``: JUnit XML, the report format every CI system reads.

``validate``: one test case per file checked, failing when the file has errors (or warnings under
``--strict``); every finding of the file is listed in the failure text, warnings otherwise go to
``system-out``. ``test``: one test case per rule test case (classname = rule id).
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict

from .base import FindingsReport, TestReport, location_text, rel


def _xml(root: ET.Element) -> str:
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def render_findings(report: FindingsReport, color: bool = False) -> str:
    by_file: dict[str, list] = defaultdict(list)
    for f in report.findings:
        by_file[rel(f.location.path)].append(f)
    files = [rel(p) for p in report.files]
    files += [p for p in by_file if p not in files]
    suites = ET.Element("testsuites", name="xacheck validate")
    suite = ET.SubElement(suites, "testsuite", name="xacheck validate", tests=str(len(files)))
    failures = 0
    for path in files:
        found = by_file.get(path, [])
        case = ET.SubElement(suite, "testcase", classname="xacheck.validate", name=path, file=path)
        failing = [f for f in found if report.blocking(f)]
        if failing:
            failures += 1
            codes = sorted({f.code for f in failing})
            fail = ET.SubElement(case, "failure", type=",".join(codes),
                                 message=f"{len(failing)} finding(s): {', '.join(codes)}")
            fail.text = "\n".join(f"{location_text(f.location)}: {f.code} {f.message}" for f in found)
        elif found:
            out = ET.SubElement(case, "system-out")
            out.text = "\n".join(f"{location_text(f.location)}: {f.code} {f.message}" for f in found)
    suite.set("failures", str(failures))
    suite.set("errors", "0")
    suites.set("tests", str(len(files)))
    suites.set("failures", str(failures))
    return _xml(suites)


def render_tests(report: TestReport, color: bool = False) -> str:
    by_pack: dict[str, list] = defaultdict(list)
    for o in report.outcomes:
        by_pack[o.rule.pack].append(o)
    suites = ET.Element("testsuites", name="xacheck test", tests=str(len(report.outcomes)),
                        failures=str(len(report.failures)))
    for pack, outcomes in by_pack.items():
        fails = [o for o in outcomes if not o.ok]
        suite = ET.SubElement(suites, "testsuite", name=pack, tests=str(len(outcomes)), failures=str(len(fails)),
                              errors="0")
        for o in outcomes:
            attrs = {"classname": o.rule.id, "name": o.case.name, "file": rel(o.path)}
            if o.case.line is not None:
                attrs["line"] = str(o.case.line)
            case = ET.SubElement(suite, "testcase", attrs)
            if not o.ok:
                fail = ET.SubElement(case, "failure", type="AssertionError", message="; ".join(o.problems))
                fail.text = "\n".join(o.problems + o.explanation())
    return _xml(suites)
