"""Python checks of scripts/validate-docs: OpenAPI, YAML, JSON, front matter.

Usage: python check.py MANIFEST

MANIFEST has one line per (check, file): CHECK<TAB>ROOT<TAB>REL[<TAB>FLAGS].
Checks handled here:
  openapi       openapi-spec-validator, all validation errors of the file
  yaml          PyYAML safe_load of the whole file
  json          json.load of the whole file
  front-matter  the YAML front matter of a Markdown file parses (safe_load)
                into a mapping; FLAGS "required" (ADRs) also fails a file
                that has none. Files without front matter and without the
                flag produce no result line.

Prints "PASS <check> <file>" / "FAIL <check> <file>" lines, messages indented
by four spaces. Exit status 0 means "ran"; the driver counts the lines.
"""

import json
import os
import sys

import yaml

CHECK_ORDER = ["openapi", "yaml", "json", "front-matter"]


def indent(text):
    return ["    " + line for line in str(text).rstrip().splitlines() or [""]]


def yaml_error(exc):
    mark = getattr(exc, "problem_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    return where + (f"{context}: {problem}" if context else problem)


def check_yaml(path):
    with open(path, encoding="utf-8") as fh:
        yaml.safe_load(fh)
    return []


def check_json(path):
    with open(path, encoding="utf-8") as fh:
        json.load(fh)
    return []


def check_front_matter(path, required):
    with open(path, encoding="utf-8") as fh:
        lines = fh.read().splitlines()
    if not lines or lines[0].rstrip() != "---":
        if required:
            return ["no YAML front matter: an ADR must start with a '---' line"]
        return None  # nothing to check
    for end in range(1, len(lines)):
        if lines[end].rstrip() in ("---", "..."):
            break
    else:
        return ["front matter is not closed by a '---' line"]
    try:
        data = yaml.safe_load("\n".join(lines[1:end]))
    except yaml.YAMLError as exc:
        return ["front matter: " + yaml_error(exc)]
    if not isinstance(data, dict):
        return [f"front matter is a {type(data).__name__}, not a mapping"]
    return []


def json_path(err):
    parts = list(getattr(err, "absolute_path", []) or [])
    return "#/" + "/".join(str(p).replace("~", "~0").replace("/", "~1") for p in parts)


def check_openapi(path):
    from jsonschema.exceptions import best_match
    from openapi_spec_validator.readers import read_from_filename
    from openapi_spec_validator.shortcuts import get_validator_cls

    spec, base_uri = read_from_filename(path)
    if not isinstance(spec, dict):
        return ["not a mapping at the top level"]
    cls = get_validator_cls(spec)
    msgs = []
    for err in cls(spec, base_uri=base_uri).iter_errors():
        msg = getattr(err, "message", None) or str(err)
        msgs.append(f"{json_path(err)}: {msg}")
        ctx = getattr(err, "context", None)
        if ctx:
            sub = best_match(ctx)
            msgs.append(f"  probably: {json_path(sub)}: {sub.message}")
    return msgs


def main():
    with open(sys.argv[1], encoding="utf-8") as fh:
        rows = [line.rstrip("\n").split("\t") for line in fh if line.strip()]
    results = []
    for row in rows:
        check, root, rel = row[:3]
        flags = row[3] if len(row) > 3 else ""
        if check not in CHECK_ORDER:
            continue
        path = os.path.join(root, rel)
        try:
            if check == "yaml":
                msgs = check_yaml(path)
            elif check == "json":
                msgs = check_json(path)
            elif check == "front-matter":
                msgs = check_front_matter(path, "required" in flags.split(","))
            else:
                msgs = check_openapi(path)
        except yaml.YAMLError as exc:
            msgs = [yaml_error(exc)]
        except Exception as exc:  # the tool's own message is the report
            name = type(exc).__name__
            text = str(exc).strip()
            if name == "ValidatorDetectError" and not text:
                text = "not an OpenAPI document: no known 'openapi' version field"
            msgs = [f"{name}: {text}"]
        if msgs is None:
            continue
        results.append((CHECK_ORDER.index(check), path, check, msgs))
    from importlib.metadata import version

    out = [
        f"# python {sys.version.split()[0]}: openapi-spec-validator "
        f"{version('openapi-spec-validator')}, PyYAML {yaml.__version__}"
    ]
    for _, path, check, msgs in sorted(results):
        out.append(f"{'FAIL' if msgs else 'PASS'} {check} {path}")
        for m in msgs:
            out.extend(indent(m))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
