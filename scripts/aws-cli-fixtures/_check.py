#!/usr/bin/env python3
"""Checks the AWS CLI fixtures in northwind/ and re-derives the expected risk counts.

    python3 _check.py        # exit 0 and "OK" when every check passes

- every file is valid JSON printed as the AWS CLI prints it (4-space indent, trailing newline);
- every QuestionId / ChoiceId / PillarId is in the catalog (wa-framework-catalog.csv; the
  "None of these" ids, which the CSV does not hold, against mappings/lens/*.toml);
- every list-answers output lists every question of its pillar with all its choices;
- each question's Risk equals the rule wafr documents (docs/statuses.md), re-derived here;
- per-pillar question risks and HRI/MRI counts equal EXPECTED below (Security: 4 HRI, 9 MRI);
- Security answers equal examples/northwind/review.json (and the milestone equals
  baseline-2026-04.json); get-answer agrees with list-answers; workload RiskCounts add up.
Paths can be overridden with WAFR_ROOT and WA_CATALOG.
"""
import csv
import json
import os
import sys
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT_DIR = HERE.parent.parent
DIR = ROOT_DIR / "tests/fixtures/aws-cli/northwind"
ROOT = Path(os.environ.get("WAFR_ROOT", ROOT_DIR))
CATALOG = Path(os.environ.get("WA_CATALOG", "/work/shared/reference/wa-framework-catalog.csv"))

WORKLOAD_ID = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
LENS_ARN = "arn:aws:wellarchitected::aws:lens/wellarchitected"
PILLARS = {
    "operationalExcellence": "operational-excellence",
    "security": "security",
    "reliability": "reliability",
    "performance": "performance-efficiency",
    "costOptimization": "cost-optimization",
    "sustainability": "sustainability",
}
RISKS = ["HIGH", "MEDIUM", "NONE", "UNANSWERED", "NOT_APPLICABLE"]
CHOICE_STATUS = {"SELECTED", "NOT_APPLICABLE", "UNSELECTED"}
REASONS = {"OUT_OF_SCOPE", "BUSINESS_PRIORITIES", "ARCHITECTURE_CONSTRAINTS", "OTHER", "NONE"}

# pillar: (HIGH, MEDIUM, NONE, UNANSWERED, NOT_APPLICABLE questions, HRI, MRI)
EXPECTED = {
    "operationalExcellence": (1, 4, 2, 3, 1, 1, 4),
    "security": (3, 5, 2, 1, 0, 4, 9),
    "reliability": (3, 4, 5, 1, 0, 3, 5),
    "performance": (1, 2, 2, 0, 0, 1, 2),
    "costOptimization": (1, 1, 0, 9, 0, 4, 5),
    "sustainability": (0, 0, 0, 6, 0, 0, 0),
}
EXPECTED_BASELINE_SECURITY = (3, 5, 1, 2, 0, 5, 7)
EXPECTED_WORKLOAD = {"UNANSWERED": 20, "HIGH": 9, "MEDIUM": 16, "NONE": 11, "NOT_APPLICABLE": 1}
EXPECTED_MILESTONE = {"UNANSWERED": 21, "HIGH": 9, "MEDIUM": 16, "NONE": 10, "NOT_APPLICABLE": 1}

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
    return cond


# --------------------------------------------------------------------------- catalog
def load_catalog():
    qs = {}
    for r in csv.DictReader(CATALOG.open(encoding="utf-8")):
        q = qs.setdefault(r["question_id"], {
            "pillar": r["pillar"], "qno": r["question_no"],
            "title": r["wa_tool_question_title_if_different"] or r["question_title"],
            "choices": {}})
        q["choices"][r["choice_id"]] = {
            "bp": r["bp_id"], "risk": r["risk"],
            "title": r["wa_tool_title_if_different"] or r["bp_title"]}
    for f in sorted((ROOT / "mappings/lens").glob("wa-*.toml")):
        lens = tomllib.loads(f.read_text(encoding="utf-8"))
        for q in lens.get("questions", []):
            if q["wa_id"] in qs:
                qs[q["wa_id"]]["none"] = q["none_choice_id"]
    for qid, q in qs.items():
        check("none" in q, f"{qid}: no none_choice_id in mappings/lens")
    return qs


def load(name):
    p = DIR / name
    text = p.read_text(encoding="utf-8")
    obj = json.loads(text)
    check(json.dumps(obj, indent=4, ensure_ascii=False) + "\n" == text,
          f"{name}: not formatted as the AWS CLI prints (json.dumps indent=4 + newline)")
    return obj


# --------------------------------------------------------------------------- rule
def derive(q, a):
    """(Risk, HRI, MRI) of one answer by the rule wafr documents."""
    selected = set(a.get("SelectedChoices", []))
    status = {c["ChoiceId"]: c for c in a.get("ChoiceAnswerSummaries", a.get("ChoiceAnswers", []))}
    na = {cid for cid, c in status.items() if c["Status"] == "NOT_APPLICABLE"}
    none = q["none"] in selected
    if not a["IsApplicable"] or (q["choices"].keys() <= na):
        return "NOT_APPLICABLE", 0, 0
    if not selected:
        return "UNANSWERED", 0, 0
    missing = [c for cid, c in q["choices"].items()
               if cid not in na and (none or cid not in selected)]
    hri = sum(c["risk"] == "High" for c in missing)
    mri = sum(c["risk"] == "Medium" for c in missing)
    return ("HIGH" if hri else "MEDIUM" if mri else "NONE"), hri, mri


def check_summary(cat, pid, a, where):
    qid = a.get("QuestionId")
    if not check(qid in cat, f"{where}: unknown QuestionId {qid!r}"):
        return None
    q = cat[qid]
    check(q["pillar"] == PILLARS[pid], f"{where}: {qid} is not a {pid} question")
    check(a.get("PillarId") == pid, f"{where}: PillarId {a.get('PillarId')!r}")
    check(a.get("QuestionTitle") == q["title"], f"{where}: QuestionTitle differs from the catalog")
    ids = [c["ChoiceId"] for c in a["Choices"]]
    check(len(ids) == len(set(ids)), f"{where}: duplicate choices")
    check(set(ids) == set(q["choices"]) | {q["none"]}, f"{where}: Choices differ from the catalog")
    for c in a["Choices"]:
        cid = c["ChoiceId"]
        want = "None of these" if cid == q["none"] else q["choices"].get(cid, {}).get("title")
        check(c.get("Title") == want, f"{where}: {cid} title {c.get('Title')!r} != {want!r}")
        check(isinstance(c.get("Description"), str) and len(c["Description"]) <= 1024,
              f"{where}: {cid} Description")
    sel = a["SelectedChoices"]
    check(set(sel) <= set(ids), f"{where}: SelectedChoices not among Choices")
    check(q["none"] not in sel or sel == [q["none"]], f"{where}: None of these with other choices")
    statuses = a.get("ChoiceAnswerSummaries", a.get("ChoiceAnswers"))
    for c in statuses:
        check(c["ChoiceId"] in ids, f"{where}: status for unknown choice {c['ChoiceId']}")
        check(c["Status"] in CHOICE_STATUS, f"{where}: Status {c['Status']}")
        check(c["Reason"] in REASONS, f"{where}: choice Reason {c['Reason']}")
        check((c["Status"] == "SELECTED") == (c["ChoiceId"] in sel),
              f"{where}: {c['ChoiceId']} Status disagrees with SelectedChoices")
        check((c["Status"] == "NOT_APPLICABLE") == (c["Reason"] != "NONE"),
              f"{where}: {c['ChoiceId']} Reason only for NOT_APPLICABLE")
        check(len(c.get("Notes", "")) <= 250, f"{where}: choice Notes over 250 characters")
    check(a["Risk"] in RISKS, f"{where}: Risk {a['Risk']}")
    check(a.get("Reason", "NONE") in REASONS, f"{where}: Reason {a.get('Reason')}")
    check((a.get("Reason", "NONE") != "NONE") == (not a["IsApplicable"]),
          f"{where}: AnswerReason set only for a not-applicable question")
    risk, hri, mri = derive(q, a)
    check(a["Risk"] == risk, f"{where}: Risk {a['Risk']} but the rule gives {risk}")
    return risk, hri, mri


def check_list_answers(cat, name, pid, milestone=None):
    d = load(name)
    keys = ["WorkloadId"] + (["MilestoneNumber"] if milestone else []) + \
        ["LensAlias", "LensArn", "AnswerSummaries"]
    check(list(d) == keys, f"{name}: top-level keys {list(d)} != {keys}")
    check(d["WorkloadId"] == WORKLOAD_ID and d["LensAlias"] == "wellarchitected"
          and d["LensArn"] == LENS_ARN, f"{name}: workload/lens")
    if milestone:
        check(d["MilestoneNumber"] == milestone, f"{name}: MilestoneNumber")
    want_q = [qid for qid, q in cat.items() if q["pillar"] == PILLARS[pid]]
    got_q = [a["QuestionId"] for a in d["AnswerSummaries"]]
    check(got_q == want_q, f"{name}: questions {got_q} != catalog {want_q}")
    counts = dict.fromkeys(RISKS, 0)
    hri = mri = 0
    by_q = {}
    for a in d["AnswerSummaries"]:
        check(a.get("QuestionType") == "PRIORITIZED", f"{name}: QuestionType")
        check("Notes" not in a, f"{name}: list-answers carries no Notes")
        r = check_summary(cat, pid, a, f"{name}:{a.get('QuestionId')}")
        if r:
            counts[r[0]] += 1
            hri += r[1]
            mri += r[2]
            by_q[a["QuestionId"]] = a
    return tuple(counts[k] for k in RISKS) + (hri, mri), by_q


def expected_from_review(cat, path):
    """QuestionId -> (selected choice ids, not-applicable choice ids) from a wafr review file."""
    review = json.loads(path.read_text(encoding="utf-8"))
    by_bp = {c["bp"]: (qid, cid) for qid, q in cat.items() for cid, c in q["choices"].items()}
    out = {qid: (set(), set()) for qid, q in cat.items() if q["pillar"] == "security"}
    for a in review["answers"]:
        qid, cid = by_bp[a["practice"]]
        if a["status"] == "implemented":
            out[qid][0].add(cid)
        elif a["status"] == "not_applicable":
            out[qid][1].add(cid)
    return out


def compare_security(by_q, want, name):
    for qid, (sel, na) in want.items():
        a = by_q[qid]
        got_na = {c["ChoiceId"] for c in a["ChoiceAnswerSummaries"] if c["Status"] == "NOT_APPLICABLE"}
        check(set(a["SelectedChoices"]) == sel, f"{name}:{qid}: SelectedChoices differ from the review")
        check(got_na == na, f"{name}:{qid}: NOT_APPLICABLE choices differ from the review")


def main():
    cat = load_catalog()
    want = {"list-workloads.json", "workload.json", "milestones.json", "milestone-1.json",
            "baseline-answers-security.json"} | {f"answers-{p}.json" for p in PILLARS} | \
        {f"answer-{q}.json" for q, c in cat.items() if c["pillar"] == "security"} | \
        {"answer-backing-up-data.json", "answer-planning-for-recovery.json"}
    have = {p.name for p in DIR.iterdir()}
    check(have == want, f"northwind/: missing {sorted(want - have)}, unexpected {sorted(have - want)}")
    got, summaries = {}, {}
    for pid in PILLARS:
        got[pid], by_q = check_list_answers(cat, f"answers-{pid}.json", pid)
        summaries.update(by_q)
    base, base_q = check_list_answers(cat, "baseline-answers-security.json", "security", milestone=1)

    compare_security({q: a for q, a in summaries.items() if a["PillarId"] == "security"},
                     expected_from_review(cat, ROOT / "examples/northwind/review.json"),
                     "answers-security.json")
    compare_security(base_q, expected_from_review(cat, ROOT / "examples/northwind/baseline-2026-04.json"),
                     "baseline-answers-security.json")

    # get-answer: 11 Security questions + REL09 + REL13, consistent with list-answers
    want_files = [q for q, c in cat.items() if c["pillar"] == "security"] + \
        ["backing-up-data", "planning-for-recovery"]
    have = sorted(p.name for p in DIR.glob("answer-*.json"))
    check(have == sorted(f"answer-{q}.json" for q in want_files), f"get-answer files: {have}")
    for qid in want_files:
        name = f"answer-{qid}.json"
        d = load(name)
        check(list(d) == ["WorkloadId", "LensAlias", "LensArn", "Answer"], f"{name}: top-level keys")
        a = d["Answer"]
        s = summaries[qid]
        check_summary(cat, s["PillarId"], a, name)
        for k in ["QuestionId", "PillarId", "QuestionTitle", "Choices", "SelectedChoices",
                  "IsApplicable", "Risk"]:
            check(a[k] == s[k], f"{name}: {k} differs from list-answers")
        check(a.get("Reason") == s.get("Reason"), f"{name}: Reason differs from list-answers")
        check([(c["ChoiceId"], c["Status"], c["Reason"]) for c in a["ChoiceAnswers"]] ==
              [(c["ChoiceId"], c["Status"], c["Reason"]) for c in s["ChoiceAnswerSummaries"]],
              f"{name}: ChoiceAnswers differ from list-answers")
        check(len(a.get("Notes", "")) <= 2084, f"{name}: Notes over 2084 characters")
        check(("ImprovementPlanUrl" in a) == (a["Risk"] != "UNANSWERED"), f"{name}: ImprovementPlanUrl")
        for k in ["HelpfulResourceUrl", "ImprovementPlanUrl"]:
            if k in a:
                check("/2024-06-27T08-00-00/" in a[k] and f"wellarchitected.{qid}." in a[k], f"{name}: {k}")
        check("QuestionType" not in a, f"{name}: the Answer shape has no QuestionType")

    # workload, list-workloads, milestones
    totals = {k: sum(got[p][i] for p in PILLARS) for i, k in enumerate(RISKS)}
    base_totals = {k: totals[k] - got["security"][i] + base[i] for i, k in enumerate(RISKS)}
    nz = lambda d: {k: v for k, v in d.items() if v}
    w = load("workload.json")["Workload"]
    check(w["WorkloadId"] == WORKLOAD_ID, "workload.json: WorkloadId")
    check(w["RiskCounts"] == nz(totals) == EXPECTED_WORKLOAD,
          f"workload.json: RiskCounts {w['RiskCounts']} != {nz(totals)}")
    lw = load("list-workloads.json")["WorkloadSummaries"]
    check(len(lw) == 2, "list-workloads.json: two workloads")
    mine = [s for s in lw if s["WorkloadId"] == WORKLOAD_ID]
    check(len(mine) == 1 and all(mine[0][k] == w[k] for k in mine[0]),
          "list-workloads.json: summary differs from get-workload")
    ms = load("milestones.json")
    check(ms["WorkloadId"] == WORKLOAD_ID and len(ms["MilestoneSummaries"]) == 1, "milestones.json")
    m = load("milestone-1.json")["Milestone"]
    s1 = ms["MilestoneSummaries"][0]
    check((m["MilestoneNumber"], m["MilestoneName"], m["RecordedAt"][:10]) == (1, "Q2 2026 review", "2026-04-15"),
          "milestone-1.json: number/name/date")
    check((s1["MilestoneNumber"], s1["MilestoneName"], s1["RecordedAt"]) ==
          (m["MilestoneNumber"], m["MilestoneName"], m["RecordedAt"]), "milestones.json vs milestone-1.json")
    check(m["Workload"]["RiskCounts"] == nz(base_totals) == EXPECTED_MILESTONE == s1["WorkloadSummary"]["RiskCounts"],
          f"milestone RiskCounts {m['Workload']['RiskCounts']} != {nz(base_totals)}")

    # the expected table
    hdr = "pillar                 HIGH MEDIUM NONE UNANSWERED N/A   HRI MRI"
    print(hdr)
    for pid in PILLARS:
        print(f"{pid:22} " + " ".join(f"{v:>{len(h)}}" for v, h in
                                      zip(got[pid], ["HIGH", "MEDIUM", "NONE", "UNANSWERED", "N/A  ", "HRI", "MRI"])))
        check(got[pid] == EXPECTED[pid], f"{pid}: counts {got[pid]} != expected {EXPECTED[pid]}")
    print(f"{'security @ milestone 1':22} " + " ".join(
        f"{v:>{len(h)}}" for v, h in zip(base, ["HIGH", "MEDIUM", "NONE", "UNANSWERED", "N/A  ", "HRI", "MRI"])))
    check(base == EXPECTED_BASELINE_SECURITY, f"baseline security {base} != {EXPECTED_BASELINE_SECURITY}")
    check(got["security"][5:] == (4, 9), "Security must have 4 HRI and 9 MRI (as wafr computes for review.json)")

    if failures:
        print(f"\n{len(failures)} check(s) failed:", *failures, sep="\n  ")
        return 1
    print("\nOK: all fixtures consistent")
    return 0


if __name__ == "__main__":
    sys.exit(main())
