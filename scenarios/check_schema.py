#!/usr/bin/env python3
"""Validates scenario files against scenarios/scenario.schema.json (python3-jsonschema,
python3-yaml), and checks that the schema refuses a file with an unknown key. Exit 1 on any
failure. Run by ctest for every shipped scenario.

    scenarios/check_schema.py FILE.yaml [FILE.yaml ...]
"""
import json
import sys
from pathlib import Path

import jsonschema
import yaml

schema = json.loads((Path(__file__).resolve().parent / "scenario.schema.json").read_text("utf-8"))
jsonschema.Draft7Validator.check_schema(schema)
validator = jsonschema.Draft7Validator(schema)
failed = 0


def problems(document):
    return sorted(validator.iter_errors(document), key=lambda e: list(e.path))


for name in sys.argv[1:]:
    document = yaml.safe_load(Path(name).read_text("utf-8"))
    errors = problems(document)
    for e in errors:
        print(f"{name}: {'/'.join(map(str, e.path)) or '(top)'}: {e.message}")
    failed += bool(errors)
    # The schema must refuse what the program refuses: an unknown key and an unknown kind.
    bad = dict(document, horizn=2035)
    bad_kind = dict(document, interventions=[{"new_shool": {"id": "x"}}])
    if not problems(bad) or not problems(bad_kind):
        print(f"{name}: the schema accepts an unknown key or intervention kind")
        failed += 1
print(f"{len(sys.argv) - 1} file(s) checked, {failed} failed")
sys.exit(1 if failed else 0)
