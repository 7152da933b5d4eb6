#!/usr/bin/env python3
"""Check CISO Assistant library YAML files the way CISO Assistant's loader does, plus cross-references.

usage: check.py [--ca-dir DIR] [--targets CSV] [--sample LIB.yaml] FILE.yaml ...   exit 0 = ok, 1 = errors

Mirrors backend/core/models.py StoredLibrary.store_library_content and backend/library/utils.py
(LibraryImporter, FrameworkImporter, RequirementNodeImporter, RequirementMappingSetImporter,
RequirementMappingImporter, RequirementMapping choices) at ciso-assistant-community commit
f990d7b1b9a9f56e391acbc247c9076262a11412, and adds checks CISO Assistant does not make but that
decide whether a mapping is usable (every mapped node URN exists; target nodes assessable).
--ca-dir: a folder of CISO Assistant libraries (e.g. backend/library/libraries) to resolve the
URNs of frameworks that are not among FILEs. Needs PyYAML.
"""
import argparse
import pathlib
import re
import sys

import yaml

# Keys CISO Assistant's loader reads at each level (backend/library/utils.py at f990d7b1).
KNOWN_KEYS = {
    "library": {"urn", "locale", "ref_id", "name", "description", "copyright", "version", "publication_date",
                "provider", "packager", "dependencies", "labels", "translations", "objects"},
    "framework": {"urn", "ref_id", "name", "description", "annotation", "min_score", "max_score",
                  "scores_definition", "implementation_groups_definition", "requirement_nodes", "translations"},
    "node": {"urn", "assessable", "depth", "parent_urn", "ref_id", "name", "description", "annotation",
             "typical_evidence", "implementation_groups", "reference_controls", "threats", "weight",
             "min_score", "max_score", "questions", "translations"},
}

URN_REGEX = r"^urn:([a-zA-Z0-9_-]+):([a-zA-Z0-9_-]+):([a-zA-Z0-9_-]+)(?::([a-zA-Z0-9_-]+))?:([0-9A-Za-z\[\]\(\)\-\._:]+)$"
OBJECT_FIELDS = ["ttp_catalogs", "tactics", "techniques", "threats", "reference_controls", "metric_definitions",
                 "risk_matrix", "risk_matrices", "framework", "frameworks", "requirement_mapping_set",
                 "requirement_mapping_sets", "preset", "workflows"]
RELATIONSHIPS = {"subset", "intersect", "equal", "superset", "not_related"}
RATIONALES = {"syntactic", "semantic", "functional"}


def frameworks_of(lib):
    o = lib.get("objects", {})
    fw = o.get("frameworks", o.get("framework"))
    return [] if fw is None else (fw if isinstance(fw, list) else [fw])


def mapping_sets_of(lib):
    o = lib.get("objects", {})
    ms = o.get("requirement_mapping_sets", o.get("requirement_mapping_set"))
    return [] if ms is None else (ms if isinstance(ms, list) else [ms])


def check_library(path, lib, err, warn):
    for f in ("urn", "name", "version", "objects", "ref_id", "locale"):
        if f not in lib:
            err(f"{path}: missing top-level '{f}'")
    if not re.match(URN_REGEX, str(lib.get("urn", "")).lower()):
        err(f"{path}: library urn {lib.get('urn')!r} is badly formatted")
    if not isinstance(lib.get("version"), int):
        err(f"{path}: version must be an integer")
    if str(lib.get("urn", "")).split(":")[1:2] == ["intuitem"] or lib.get("packager") == "intuitem":
        warn(f"{path}: packager 'intuitem' is reserved for CISO Assistant's own libraries (tools/README.md)")
    objs = lib.get("objects") or {}
    if not any(k in objs for k in OBJECT_FIELDS):
        err(f"{path}: objects has none of {OBJECT_FIELDS}")
    for a, b in (("framework", "frameworks"), ("requirement_mapping_set", "requirement_mapping_sets"),
                 ("risk_matrix", "risk_matrices")):
        if a in objs and b in objs:
            err(f"{path}: objects has both '{a}' and '{b}'")
    for fw in frameworks_of(lib):
        for f in ("urn", "ref_id"):
            if f not in fw:
                err(f"{path}: framework missing '{f}'")
        nodes = fw.get("requirement_nodes") or []
        if not nodes:
            err(f"{path}: framework {fw.get('urn')} has no requirement_nodes")
        seen = {}
        for i, n in enumerate(nodes):
            u = str(n.get("urn", "")).lower()
            if not u:
                err(f"{path}: node #{i} has no urn")
                continue
            if u in seen:
                err(f"{path}: duplicate node urn {u}")
            if not isinstance(n.get("assessable"), bool):
                err(f"{path}: node {u}: assessable must be true/false")
            depth, parent = n.get("depth"), n.get("parent_urn")
            if parent:
                pu = parent.lower()
                if pu not in seen:
                    err(f"{path}: node {u}: parent {pu} is not an earlier node")
                elif depth != seen[pu] + 1:
                    err(f"{path}: node {u}: depth {depth} != parent depth + 1")
            elif depth != 1:
                err(f"{path}: node {u}: no parent_urn but depth {depth}")
            seen[u] = depth if isinstance(depth, int) else 0
    for ms in mapping_sets_of(lib):
        for f in ("urn", "name", "source_framework_urn", "target_framework_urn"):
            if f not in ms:
                err(f"{path}: mapping set missing '{f}'")
        if ms.get("source_framework_urn") == ms.get("target_framework_urn"):
            err(f"{path}: mapping set {ms.get('urn')}: source and target frameworks must differ")
        maps = ms.get("requirement_mappings") or []
        if not maps:
            err(f"{path}: mapping set {ms.get('urn')} has no requirement_mappings")
        for i, m in enumerate(maps):
            for f in ("source_requirement_urn", "target_requirement_urn", "relationship"):
                if f not in m:
                    err(f"{path}: {ms.get('urn')} mapping #{i + 1} missing '{f}'")
            if m.get("relationship") not in RELATIONSHIPS:
                err(f"{path}: {ms.get('urn')} mapping #{i + 1}: relationship {m.get('relationship')!r}")
            if m.get("rationale") not in RATIONALES | {None}:
                err(f"{path}: {ms.get('urn')} mapping #{i + 1}: rationale {m.get('rationale')!r}")
            s = m.get("strength_of_relationship")
            if s is not None and not (isinstance(s, int) and 0 <= s <= 10):
                err(f"{path}: {ms.get('urn')} mapping #{i + 1}: strength_of_relationship {s!r} not 0..10")


def main(argv=None):
    ap = argparse.ArgumentParser()
    ap.add_argument("--ca-dir", type=pathlib.Path)
    ap.add_argument("--targets", type=pathlib.Path,
                    help="CSV of CISO Assistant node URNs known to exist (columns framework,control_id,node_urn,assessable)")
    ap.add_argument("--sample", type=pathlib.Path,
                    help="a real CISO Assistant library: every key our files use must be one it or the loader uses")
    ap.add_argument("files", nargs="+", type=pathlib.Path)
    args = ap.parse_args(argv)
    errors, warnings = [], []
    libs = {p: yaml.safe_load(p.read_text(encoding="utf-8")) for p in args.files}
    nodes = {}  # framework urn -> {node urn: assessable}

    def index(lib):
        for fw in frameworks_of(lib):
            nodes[fw["urn"].lower()] = {n["urn"].lower(): bool(n.get("assessable")) for n in fw.get("requirement_nodes", [])}

    if args.targets:
        import csv
        with args.targets.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                u = row["node_urn"].lower()
                fw = "urn:intuitem:risk:framework:" + u.split(":")[4]
                nodes.setdefault(fw, {})[u] = row["assessable"] == "true"
    allowed = {k: set(v) for k, v in KNOWN_KEYS.items()}
    if args.sample:
        sample = yaml.safe_load(args.sample.read_text(encoding="utf-8"))
        allowed["library"] |= set(sample)
        for fw in frameworks_of(sample):
            allowed["framework"] |= set(fw)
            for n in fw.get("requirement_nodes", []):
                allowed["node"] |= set(n)
    for p, lib in libs.items():
        if not isinstance(lib, dict):
            errors.append(f"{p}: not a YAML mapping")
            continue
        check_library(p, lib, errors.append, warnings.append)
        for k in set(lib) - allowed["library"]:
            errors.append(f"{p}: unknown top-level key {k!r}")
        for fw in frameworks_of(lib):
            for k in set(fw) - allowed["framework"]:
                errors.append(f"{p}: unknown framework key {k!r}")
            for n in fw.get("requirement_nodes", []):
                for k in set(n) - allowed["node"]:
                    errors.append(f"{p}: node {n.get('urn')}: unknown key {k!r}")
        index(lib)
    wanted = {ms.get(k, "").lower() for lib in libs.values() for ms in mapping_sets_of(lib)
              for k in ("source_framework_urn", "target_framework_urn")} - set(nodes)
    if wanted and args.ca_dir:
        for y in sorted(args.ca_dir.glob("*.yaml")):
            text = y.read_text(encoding="utf-8")
            if any(w in text for w in wanted):
                try:
                    index(yaml.safe_load(text))
                except yaml.YAMLError:
                    pass
    pairs = {}
    for p, lib in libs.items():
        for ms in mapping_sets_of(lib):
            pair = (ms.get("source_framework_urn", "").lower(), ms.get("target_framework_urn", "").lower())
            if pair in pairs:
                errors.append(f"{p}: {pair} already mapped by {pairs[pair]} (CISO Assistant keeps one set per pair)")
            pairs[pair] = ms.get("urn")
            for side, key in (("source", "source_framework_urn"), ("target", "target_framework_urn")):
                fw = ms.get(key, "").lower()
                if fw not in nodes:
                    warnings.append(f"{p}: {ms.get('urn')}: {side} framework {fw} not found: URNs not checked")
                    continue
                missing = sorted({m[f"{side}_requirement_urn"].lower() for m in ms.get("requirement_mappings", [])}
                                 - set(nodes[fw]))
                for u in missing:
                    errors.append(f"{p}: {ms.get('urn')}: {side} node {u} does not exist in {fw}")
                if side == "target":
                    na = sorted({m["target_requirement_urn"].lower() for m in ms.get("requirement_mappings", [])
                                 if nodes[fw].get(m["target_requirement_urn"].lower()) is False})
                    if na:
                        warnings.append(f"{p}: {ms.get('urn')}: {len(na)} target node(s) not assessable "
                                        f"(no inference into audits), e.g. {na[:3]}")
    for w in warnings:
        print("warning:", w, file=sys.stderr)
    for e in errors[:200]:
        print("error:", e, file=sys.stderr)
    print(f"{'INVALID' if errors else 'OK'}: {len(args.files)} file(s), {len(errors)} error(s), {len(warnings)} warning(s)")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
