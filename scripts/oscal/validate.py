#!/usr/bin/env python3
"""Validate an OSCAL 1.1.x assessment-results JSON file.   Usage: validate.py FILE [--trestle-only] [--metaschema]

Exit 0 when valid, 1 when invalid (errors on stderr), 2 on usage/setup errors.

Layers (1-3 by default), because compliance-trestle alone is more lenient than OSCAL:
  1. compliance-trestle 3.x (OSCAL 1.1.3 pydantic models): AssessmentResults.oscal_read(path), then
     trestle's own validators as `trestle validate` runs them (duplicate uuids, responsible-party
     role ids declared in metadata.roles). No trestle workspace is needed for this.
  2. NIST's OSCAL 1.1.3 JSON schema (tests/fixtures/oscal/oscal_assessment-results_schema-1.1.3.json,
     as NIST publishes it with the OSCAL v1.1.3 release; test data, kept in the repository so
     the tests validate offline, never shipped in wafr): catches
     what trestle lets through (empty arrays, datetimes without a timezone, finding target
     without status, ...). Patterns use \\p{L}, so the `regex` module is used for "pattern".
  3. Cross-references that the OSCAL metaschema constraints require and neither 1 nor 2 check:
     related-observations, related-risks, subject/actor/party uuids, "#uuid" hrefs -> back-matter.
  4. (optional, --metaschema) the Metaschema constraints (allowed values, cardinalities, indexes)
     with the `oscal` PyPI package (pip install oscal==3.2.2). Caveat: it rejects every risk
     characterization facet name (false positive), so wafr emits no characterizations.

Needs: pip install "compliance-trestle==3.12.4" jsonschema regex   [+ oscal==3.2.2 for --metaschema]
"""
import argparse
import json
import pathlib
import sys

HERE = pathlib.Path(__file__).resolve().parent
SCHEMA = HERE.parent.parent / "tests" / "fixtures" / "oscal" / "oscal_assessment-results_schema-1.1.3.json"


def layer_trestle(path, errors):
    import trestle.core.validator_factory as vfact
    from trestle.common.const import VAL_MODE_ALL
    from trestle.oscal.assessment_results import AssessmentResults

    try:
        model = AssessmentResults.oscal_read(path)
    except Exception as e:  # TrestleError wrapping the pydantic ValidationError
        errors.append(f"trestle: {e}")
        return
    if model is None:
        errors.append(f"trestle: {path} not found")
        return
    validator = vfact.validator_factory.get(argparse.Namespace(mode=VAL_MODE_ALL))
    if not validator.model_is_valid(model, True, None):
        errors.append(f"trestle validate: {validator.error_msg()}")


def layer_schema(doc, errors):
    import jsonschema
    import regex

    def pattern(validator, patrn, instance, schema):
        if validator.is_type(instance, "string") and not regex.search(patrn, instance):
            yield jsonschema.ValidationError(f"{instance[:80]!r} does not match {patrn[:60]!r}")

    base = jsonschema.validators.validator_for({"$schema": "http://json-schema.org/draft-07/schema#"})
    Validator = jsonschema.validators.extend(base, {"pattern": pattern})
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    for err in sorted(Validator(schema).iter_errors(doc), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in err.absolute_path)
        errors.append(f"schema: /{where}: {err.message[:300]}")


def layer_metaschema(path, errors):
    import logging

    import os
    import tempfile

    import oscal
    from oscal.oscal_support import configure_support

    # The package unpacks a ~155 MB support DB, by default into ./support/ of the CWD. Put it in a
    # cache folder instead (override with WAFR_OSCAL_SUPPORT_DB).
    db = os.environ.get("WAFR_OSCAL_SUPPORT_DB") or os.path.join(
        tempfile.gettempdir(), "wafr-oscal-support", "oscal_support.db")
    os.makedirs(os.path.dirname(db), exist_ok=True)
    configure_support(support_file=db)
    logging.disable(logging.INFO)
    doc = oscal.AssessmentResults.load(str(path))
    if not doc.validate():
        for e in doc.validation_errors:
            errors.append(f"metaschema: {e.get('error-type')}: {e.get('location')} {e.get('field')} "
                          f"= {str(e.get('value'))[:80]!r}")


def _walk(node, path=""):
    if isinstance(node, dict):
        for k, v in node.items():
            yield path, k, v
            yield from _walk(v, f"{path}/{k}")
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _walk(v, f"{path}/{i}")


def layer_refs(doc, errors):
    ar = doc.get("assessment-results", {})
    md = ar.get("metadata", {})
    parties = {p["uuid"] for p in md.get("parties", [])}
    roles = {r["id"] for r in md.get("roles", [])}
    resources = {r["uuid"] for r in ar.get("back-matter", {}).get("resources", [])}
    for rp in md.get("responsible-parties", []):
        for u in rp.get("party-uuids", []):
            if u not in parties:
                errors.append(f"refs: responsible-party {rp.get('role-id')} names unknown party {u}")
    for i, res in enumerate(ar.get("results", [])):
        ld = res.get("local-definitions", {})
        components = {c["uuid"] for c in ld.get("components", [])}
        inventory = {c["uuid"] for c in ld.get("inventory-items", [])}
        users = {c["uuid"] for c in ld.get("users", [])}
        platforms = {c["uuid"] for c in ld.get("assessment-assets", {}).get("assessment-platforms", [])}
        obs = {o["uuid"] for o in res.get("observations", [])}
        risks = {r["uuid"] for r in res.get("risks", [])}
        known = {"component": components, "inventory-item": inventory, "user": users, "party": parties,
                 "resource": resources}
        for path, key, val in _walk(res, f"/results/{i}"):
            if key == "related-observations":
                for ro in val:
                    if ro["observation-uuid"] not in obs:
                        errors.append(f"refs: {path}: observation {ro['observation-uuid']} is not in this result")
            elif key == "related-risks":
                for rr in val:
                    if rr["risk-uuid"] not in risks:
                        errors.append(f"refs: {path}: risk {rr['risk-uuid']} is not in this result")
            elif key == "subjects" and isinstance(val, list):
                for s in val:
                    if "subject-uuid" in s and s.get("type") in known and s["subject-uuid"] not in known[s["type"]]:
                        errors.append(f"refs: {path}: {s['type']} {s['subject-uuid']} is not defined")
            elif key == "actors":
                for a in val:
                    pool = {"party": parties, "tool": components, "assessment-platform": platforms | components}
                    if a["actor-uuid"] not in pool.get(a["type"], set()):
                        errors.append(f"refs: {path}: {a['type']} actor {a['actor-uuid']} is not defined")
    for path, key, val in _walk(ar):
        if key == "href" and isinstance(val, str) and val.startswith("#") and val[1:] not in resources:
            errors.append(f"refs: {path}: href {val!r} names no back-matter resource")
    if not roles and md.get("responsible-parties"):
        errors.append("refs: responsible-parties without metadata.roles")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("file", type=pathlib.Path)
    ap.add_argument("--trestle-only", action="store_true", help="run layer 1 only")
    ap.add_argument("--metaschema", action="store_true", help="also run layer 4 (needs the oscal package)")
    args = ap.parse_args(argv)
    if not args.file.is_file():
        print(f"validate_ar: no such file: {args.file}", file=sys.stderr)
        return 2
    errors = []
    layer_trestle(args.file.resolve(), errors)
    if not args.trestle_only:
        try:
            doc = json.loads(args.file.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as e:
            errors.append(f"json: {e}")
        else:
            layer_schema(doc, errors)
            layer_refs(doc, errors)
        if args.metaschema:
            layer_metaschema(args.file.resolve(), errors)
    for e in errors[:200]:
        print(e, file=sys.stderr)
    if errors:
        print(f"INVALID: {args.file} ({len(errors)} error(s))", file=sys.stderr)
        return 1
    print(f"VALID: {args.file}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
