#!/usr/bin/env python3
"""Regenerates the fixtures in northwind/ by running the real AWS CLI against a local stub.

The stub answers the six WA Tool operations with JSON bodies built here (timestamps as
epoch seconds, as the rest-json service sends them); the `aws` command parses them with
botocore and prints them, so key order, omitted members, timestamp rendering and
indentation are what the CLI itself produces.

    python3 _generate.py            # needs the `aws` CLI (v1 or v2) on PATH; no network

Nothing leaves the machine: every call goes to http://127.0.0.1:<port> with dummy
credentials from a temporary config; no real AWS config or credentials are read.
The data is fictional (Northwind Payments Ltd). Security answers come verbatim from
/work/main/examples/northwind/review.json and baseline-2026-04.json.
"""
import csv
import json
import os
import subprocess
import sys
import tempfile
import threading
import tomllib
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlparse

HERE = Path(__file__).resolve().parent
ROOT_DIR = HERE.parent.parent
OUT = ROOT_DIR / "tests/fixtures/aws-cli/northwind"
MAIN = Path("/work/main")
CATALOG = Path("/work/shared/reference/wa-framework-catalog.csv")
REVIEW = MAIN / "examples/northwind/review.json"
BASELINE = MAIN / "examples/northwind/baseline-2026-04.json"

WORKLOAD_ID = "a1b2c3d4e5f60718293a4b5c6d7e8f90"
OTHER_ID = "0f9e8d7c6b5a49382716f5e4d3c2b1a0"
ACCOUNT = "210987654321"
REGION = "eu-west-1"
LENS_ALIAS = "wellarchitected"
LENS_ARN = "arn:aws:wellarchitected::aws:lens/wellarchitected"
URL_BASE = "https://wa.aws.amazon.com/wellarchitected/2024-06-27T08-00-00/TypeII/en/wellarchitected/wellarchitected."

PILLARS = [  # (WA Tool PillarId, catalog pillar, lens toml)
    ("operationalExcellence", "operational-excellence", "wa-operational-excellence.toml"),
    ("security", "security", "wa-security.toml"),
    ("reliability", "reliability", "wa-reliability.toml"),
    ("performance", "performance-efficiency", "wa-performance-efficiency.toml"),
    ("costOptimization", "cost-optimization", "wa-cost-optimization.toml"),
    ("sustainability", "sustainability", "wa-sustainability.toml"),
]
GET_ANSWER_RELIABILITY = ["REL09", "REL13"]

NA_REASON = {
    "out of scope": "OUT_OF_SCOPE",
    "business priorities": "BUSINESS_PRIORITIES",
    "architecture constraints": "ARCHITECTURE_CONSTRAINTS",
    "other": "OTHER",
}


def ts(s: str) -> float:
    """ISO-8601 UTC string -> epoch seconds, as the service sends timestamps."""
    return datetime.fromisoformat(s).replace(tzinfo=timezone.utc).timestamp()


# --------------------------------------------------------------------------- catalog
def load_catalog():
    rows = list(csv.DictReader(CATALOG.open(encoding="utf-8")))
    none_ids = {}
    for _, _, toml_name in PILLARS:
        lens = tomllib.loads((MAIN / "mappings/lens" / toml_name).read_text(encoding="utf-8"))
        for q in lens["questions"]:
            none_ids[q["wa_id"]] = q["none_choice_id"]
    questions = {}  # qno -> dict
    for r in rows:
        q = questions.setdefault(r["question_no"], {
            "qno": r["question_no"],
            "question_id": r["question_id"],
            "pillar": r["pillar"],
            "title": r["wa_tool_question_title_if_different"] or r["question_title"],
            "none_choice_id": none_ids[r["question_id"]],
            "practices": [],
        })
        q["practices"].append({
            "bp": r["bp_id"],
            "choice_id": r["choice_id"],
            "title": r["wa_tool_title_if_different"] or r["bp_title"],
            "risk": r["risk"],
        })
    return questions


# --------------------------------------------------------------------------- answers
# Per question: status "unanswered" (default), or
#   sel   = selected practice numbers (BPnn), none = "None of these" selected,
#   na    = {bp number: (ChoiceReason, choice note)}, q_na = (AnswerReason, notes) for IsApplicable false,
#   notes = question notes (shown by get-answer only).
OTHER_PILLARS = {
    # Operational Excellence: partly answered (7 of 11, one of them not applicable)
    "OPS01": {"sel": [1, 2, 3, 4, 5]},
    "OPS02": {"sel": [1, 2, 3, 4, 5]},
    "OPS03": {"q_na": ("BUSINESS_PRIORITIES",
                       "Organisational culture is assessed once a year in Northwind's company-wide "
                       "engineering operating-model review, not per workload.")},
    "OPS04": {"sel": [1, 2, 4, 5],
              "notes": "No real-user monitoring of the merchant checkout SDK yet."},
    "OPS05": {"sel": [1, 2, 3, 4, 5, 7, 8, 10]},
    "OPS06": {"sel": [1, 2, 3, 4]},
    "OPS08": {"sel": [1, 2, 4, 5]},
    "OPS10": {"sel": [1, 2, 3, 4, 5, 6]},
    # Reliability: mostly answered (12 of 13)
    "REL01": {"sel": [1, 2, 3, 4, 6]},
    "REL02": {"sel": [1, 3, 4, 5],
              "na": {2: ("OUT_OF_SCOPE",
                         "No private connectivity to on-premises or partner networks; acquirers "
                         "are reached over mutual TLS on the internet.")}},
    "REL03": {"sel": [1, 2, 3]},
    "REL04": {"sel": [1, 2, 4]},
    "REL05": {"sel": [2, 3, 4, 5, 6]},
    "REL06": {"sel": [1, 2, 3, 4, 5, 7]},
    "REL07": {"sel": [1, 2, 3, 4]},
    "REL08": {"sel": [1, 2, 4, 5]},
    "REL09": {"sel": [1, 2, 3, 4],
              "notes": "AWS Backup plans cover Aurora, DynamoDB and the S3 buckets of the "
                       "cardholder-data account, with cross-Region copies to eu-central-1 and a "
                       "vault lock in the backup account. Backups use customer managed KMS keys. "
                       "An automated restore job restores the latest Aurora snapshot every month "
                       "and checks row counts against production."},
    "REL10": {"sel": [1, 2, 3]},
    "REL11": {"sel": [1, 2, 3, 4, 6, 7]},
    "REL13": {"sel": [1, 2, 4, 5],
              "notes": "RPO 5 minutes and RTO 1 hour for card authorisation, agreed with the "
                       "business. Warm standby in eu-central-1 with Aurora Global Database; both "
                       "Regions are deployed from the same pipeline and drift detection runs "
                       "nightly. Failover is scripted with Route 53 Application Recovery "
                       "Controller. No full-Region DR test has been run yet: only the Aurora "
                       "failover was exercised, in June 2026; a full test is planned for Q1 2027."},
    # Performance Efficiency: answered
    "PERF01": {"sel": [1, 2, 3, 4, 5, 7]},
    "PERF02": {"sel": [1, 2, 3, 4, 5],
               "na": {6: ("ARCHITECTURE_CONSTRAINTS",
                          "Lambda and Fargate offer no hardware accelerators, and no part of the "
                          "workload would benefit from them.")}},
    "PERF03": {"sel": [1, 2, 4, 5]},
    "PERF04": {"sel": [1, 2, 4, 5, 6],
               "na": {3: ("OTHER",
                          "No dedicated connectivity or VPN: merchants, acquirers and operators "
                          "all connect over the internet.")}},
    "PERF05": {"sel": [1, 2, 3, 4]},
    # Cost Optimization: two questions answered, the rest unanswered
    "COST01": {"none": True,
               "notes": "No FinOps function yet; the platform lead reviews the bill ad hoc."},
    "COST07": {"sel": [1, 4, 5]},
    # Sustainability: all unanswered
}


def security_spec(review: dict) -> dict:
    """Question specs from a wafr review: implemented -> selected, not_applicable -> N/A choice."""
    spec = {}
    for a in review["answers"]:
        qno, bpn = a["practice"].split("-BP")
        q = spec.setdefault(qno, {"sel": [], "na": {}, "pnotes": []})
        n = int(bpn)
        if a["status"] == "implemented":
            q["sel"].append(n)
        elif a["status"] == "not_applicable":
            q["na"][n] = (NA_REASON[a["na_reason"].lower()], a.get("notes", ""))
        elif a["status"] != "not_implemented":
            raise SystemExit(f"unexpected status {a['status']}")
        if a["status"] != "not_applicable" and a.get("notes"):
            label = a["status"].replace("_", " ")
            q["pnotes"].append(f"{a['practice']} ({label}): {a['notes']}")
    for qn in review.get("questions", []):
        spec.setdefault(qn["id"], {"sel": [], "na": {}, "pnotes": []})["qnotes"] = qn["notes"]
    for q in spec.values():
        parts = ([q["qnotes"]] if q.get("qnotes") else []) + q.pop("pnotes")
        q["notes"] = "\n".join(parts)
        if len(q["notes"]) > 2084:
            raise SystemExit("answer Notes longer than 2084 characters")
    return spec


def choice_order(q):
    """Choices as listed by the fixtures: ChoiceId order, "None of these" last (not BP order)."""
    return sorted(q["practices"], key=lambda p: p["choice_id"])


def question_risk(q, selected, na, is_applicable, none):
    """The rule wafr documents (docs/statuses.md) and the brief states."""
    if not is_applicable:
        return "NOT_APPLICABLE"
    if not selected and not none:
        return "UNANSWERED"
    missing = [p for p in q["practices"]
               if p["choice_id"] not in selected and p["choice_id"] not in na]
    if none:
        missing = [p for p in q["practices"] if p["choice_id"] not in na]
    if any(p["risk"] == "High" for p in missing):
        return "HIGH"
    if any(p["risk"] == "Medium" for p in missing):
        return "MEDIUM"
    return "NONE"


def build_answer(q, spec):
    """Returns (list-answers AnswerSummary, get-answer Answer) bodies for one question."""
    spec = spec or {}
    bp = {int(p["bp"].split("-BP")[1]): p for p in q["practices"]}
    is_applicable = "q_na" not in spec
    none = bool(spec.get("none"))
    selected_ids = {bp[n]["choice_id"] for n in spec.get("sel", [])}
    na = {bp[n]["choice_id"]: v for n, v in spec.get("na", {}).items()}
    answered = bool(selected_ids or none) and is_applicable
    risk = question_risk(q, selected_ids, na, is_applicable, none)

    choices = [{"ChoiceId": p["choice_id"], "Title": p["title"],
                "Description": f"Fixture placeholder for {p['bp']} (AWS's description is not reproduced)."}
               for p in choice_order(q)]
    choices.append({"ChoiceId": q["none_choice_id"], "Title": "None of these", "Description": ""})

    selected, summaries, choice_answers = [], [], []
    if answered or na:
        for c in choices:
            cid = c["ChoiceId"]
            if cid == q["none_choice_id"]:
                if none:
                    selected.append(cid)
                    summaries.append({"ChoiceId": cid, "Status": "SELECTED", "Reason": "NONE"})
                continue
            if cid in na:
                reason, note = na[cid]
                summaries.append({"ChoiceId": cid, "Status": "NOT_APPLICABLE", "Reason": reason})
                choice_answers.append({"ChoiceId": cid, "Status": "NOT_APPLICABLE", "Reason": reason,
                                       **({"Notes": note} if note else {})})
                continue
            if cid in selected_ids and not none:
                selected.append(cid)
                status = "SELECTED"
            else:
                status = "UNSELECTED"
            summaries.append({"ChoiceId": cid, "Status": status, "Reason": "NONE"})
            choice_answers.append({"ChoiceId": cid, "Status": status, "Reason": "NONE"})
    notes = spec.get("notes") or (spec["q_na"][1] if "q_na" in spec else "")
    touched = answered or bool(na) or bool(notes) or not is_applicable
    reason = spec["q_na"][0] if "q_na" in spec else "NONE"

    summary = {
        "QuestionId": q["question_id"],
        "PillarId": None,  # filled by caller
        "QuestionTitle": q["title"],
        "Choices": choices,
        "SelectedChoices": selected,
        "ChoiceAnswerSummaries": summaries,
        "IsApplicable": is_applicable,
        "Risk": risk,
        "QuestionType": "PRIORITIZED",
    }
    if touched:  # an untouched question carries no Reason (seen in a real dump: present on some)
        summary["Reason"] = reason
    answer = {
        "QuestionId": q["question_id"],
        "PillarId": None,
        "QuestionTitle": q["title"],
        "QuestionDescription": f"Fixture placeholder for {q['qno']} ({q['question_id']}); "
                               "AWS's question description is not reproduced.",
        "HelpfulResourceUrl": f"{URL_BASE}{q['question_id']}.helpful-resources.en.html",
        "Choices": choices,
        "SelectedChoices": selected,
        "ChoiceAnswers": choice_answers,
        "IsApplicable": is_applicable,
        "Risk": risk,
    }
    if risk != "UNANSWERED":  # "only available if the question has been answered"
        answer["ImprovementPlanUrl"] = f"{URL_BASE}{q['question_id']}.improvement-plan.en.html"
    if notes:
        answer["Notes"] = notes
    if touched:
        answer["Reason"] = reason
    return summary, answer


# --------------------------------------------------------------------------- responses
def risk_counts(risks):
    out = {}
    for k in ["UNANSWERED", "HIGH", "MEDIUM", "NONE", "NOT_APPLICABLE"]:
        n = sum(1 for r in risks if r == k)
        if n:  # workload RiskCounts omit zero keys (wa-tool-formats.md, S10)
            out[k] = n
    return out


def workload_body(risks, updated_at, improvement):
    return {
        "WorkloadId": WORKLOAD_ID,
        "WorkloadArn": f"arn:aws:wellarchitected:{REGION}:{ACCOUNT}:workload/{WORKLOAD_ID}",
        "WorkloadName": "card-payments-api",
        "Description": "Card payments API and the accounts that support it",
        "Environment": "PRODUCTION",
        "UpdatedAt": ts(updated_at),
        "AccountIds": ["210987654321", "210987654322", "210987654323"],
        "AwsRegions": ["eu-west-1", "eu-central-1"],
        "NonAwsRegions": [],
        "ArchitecturalDesign": "https://wiki.northwind.example/platform/card-payments-api",
        "ReviewOwner": "Maria Lopez, Head of Platform",
        "IsReviewOwnerUpdateAcknowledged": True,
        "IndustryType": "Financial Services",
        "Industry": "Payments",
        "ImprovementStatus": improvement,
        "RiskCounts": risk_counts(risks),
        "PillarPriorities": ["security", "reliability", "operationalExcellence",
                             "performance", "costOptimization", "sustainability"],
        "Lenses": [LENS_ALIAS],
        "Owner": ACCOUNT,
        "Tags": {"team": "payments", "data-classification": "restricted"},
        "DiscoveryConfig": {"TrustedAdvisorIntegrationStatus": "DISABLED",
                            "WorkloadResourceDefinition": ["WORKLOAD_METADATA"]},
    }


def summary_of(w):
    return {k: w[k] for k in ["WorkloadId", "WorkloadArn", "WorkloadName", "Owner", "UpdatedAt",
                              "Lenses", "RiskCounts", "ImprovementStatus"]}


def build_all():
    cat = load_catalog()
    review = json.loads(REVIEW.read_text(encoding="utf-8"))
    baseline = json.loads(BASELINE.read_text(encoding="utf-8"))
    sec_now, sec_base = security_spec(review), security_spec(baseline)

    list_answers, get_answers, base_list = {}, {}, None
    risks_now, risks_base = [], []
    for pid, cpillar, _ in PILLARS:
        qs = [q for q in cat.values() if q["pillar"] == cpillar]
        qs.sort(key=lambda q: int("".join(ch for ch in q["qno"] if ch.isdigit())))
        sums, base_sums = [], []
        for q in qs:
            spec = sec_now.get(q["qno"]) if pid == "security" else OTHER_PILLARS.get(q["qno"])
            s, a = build_answer(q, spec)
            s["PillarId"] = a["PillarId"] = pid
            sums.append(s)
            risks_now.append(s["Risk"])
            if pid == "security" or q["qno"] in GET_ANSWER_RELIABILITY:
                get_answers[q["question_id"]] = {"WorkloadId": WORKLOAD_ID, "LensAlias": LENS_ALIAS,
                                                 "LensArn": LENS_ARN, "Answer": a}
            if pid == "security":
                bs, _ = build_answer(q, sec_base.get(q["qno"]))
                bs["PillarId"] = pid
                base_sums.append(bs)
                risks_base.append(bs["Risk"])
            else:
                risks_base.append(s["Risk"])  # other pillars unchanged since the milestone
        list_answers[pid] = {"WorkloadId": WORKLOAD_ID, "LensAlias": LENS_ALIAS,
                             "LensArn": LENS_ARN, "AnswerSummaries": sums}
        if pid == "security":
            base_list = {"WorkloadId": WORKLOAD_ID, "MilestoneNumber": 1, "LensAlias": LENS_ALIAS,
                         "LensArn": LENS_ARN, "AnswerSummaries": base_sums}

    wl_now = workload_body(risks_now, "2026-10-15T16:02:11.204000", "IN_PROGRESS")
    wl_base = workload_body(risks_base, "2026-04-15T15:12:47.530000", "NOT_STARTED")
    other = {
        "WorkloadId": OTHER_ID,
        "WorkloadArn": f"arn:aws:wellarchitected:{REGION}:{ACCOUNT}:workload/{OTHER_ID}",
        "WorkloadName": "merchant-dashboard",
        "Owner": ACCOUNT,
        "UpdatedAt": ts("2026-08-03T09:41:26.118000"),
        "Lenses": [LENS_ALIAS],
        "RiskCounts": {"UNANSWERED": 41, "HIGH": 6, "MEDIUM": 4, "NONE": 6},
        "ImprovementStatus": "NOT_STARTED",
    }
    milestone_name, recorded = "Q2 2026 review", ts("2026-04-15T15:30:02.881000")
    return {
        "list-workloads": {"WorkloadSummaries": [summary_of(wl_now), other]},
        "get-workload": {"Workload": wl_now},
        "list-answers": list_answers,
        "get-answer": get_answers,
        "baseline": base_list,
        "list-milestones": {"WorkloadId": WORKLOAD_ID, "MilestoneSummaries": [{
            "MilestoneNumber": 1, "MilestoneName": milestone_name, "RecordedAt": recorded,
            "WorkloadSummary": summary_of(wl_base)}]},
        "get-milestone": {"WorkloadId": WORKLOAD_ID, "Milestone": {
            "MilestoneNumber": 1, "MilestoneName": milestone_name, "RecordedAt": recorded,
            "Workload": wl_base}},
    }


# --------------------------------------------------------------------------- stub + CLI
def make_handler(data):
    class H(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def _send(self, code, body):
            raw = json.dumps(body).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("x-amzn-RequestId", "00000000-0000-4000-8000-000000000000")
            self.send_header("Content-Length", str(len(raw)))
            self.end_headers()
            self.wfile.write(raw)

        def route(self):
            u = urlparse(self.path)
            parts = [p for p in u.path.split("/") if p]
            qs = parse_qs(u.query)
            if self.command == "POST" and parts == ["workloadsSummaries"]:
                return data["list-workloads"]
            if parts[:2] != ["workloads", WORKLOAD_ID]:
                return None
            rest = parts[2:]
            if self.command == "GET" and rest == []:
                return data["get-workload"]
            if self.command == "POST" and rest == ["milestonesSummaries"]:
                return data["list-milestones"]
            if self.command == "GET" and rest == ["milestones", "1"]:
                return data["get-milestone"]
            if rest[:3] == ["lensReviews", LENS_ALIAS, "answers"]:
                if len(rest) == 3:
                    pid = qs.get("PillarId", [None])[0]
                    if qs.get("MilestoneNumber") == ["1"] and pid == "security":
                        return data["baseline"]
                    if "MilestoneNumber" not in qs:
                        return data["list-answers"].get(pid)
                elif len(rest) == 4 and "MilestoneNumber" not in qs:
                    return data["get-answer"].get(rest[3])
            return None

        def do_GET(self):
            body = self.route()
            if body is None:
                self._send(404, {"Message": "not in fixture"})
            else:
                self._send(200, body)

        def do_POST(self):
            n = int(self.headers.get("Content-Length") or 0)
            self.rfile.read(n)
            self.do_GET()
    return H


def main():
    data = build_all()
    srv = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(data))
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    endpoint = f"http://127.0.0.1:{srv.server_address[1]}"
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        cfg, cred = Path(tmp, "config"), Path(tmp, "credentials")
        # CLI v2 prints timestamps as ISO 8601 by default; CLI v1 needs this setting.
        cfg.write_text("[default]\nregion = eu-west-1\noutput = json\ncli_timestamp_format = iso8601\n")
        cred.write_text("[default]\naws_access_key_id = AKIAFIXTUREFIXTURE00\n"
                        "aws_secret_access_key = fixture-dummy-secret\n")
        env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
        env.update(AWS_CONFIG_FILE=str(cfg), AWS_SHARED_CREDENTIALS_FILE=str(cred), TZ="UTC",
                   AWS_PAGER="", AWS_EC2_METADATA_DISABLED="true")

        def aws(out, *args):
            cmd = ["aws", "--endpoint-url", endpoint, "wellarchitected", *args]
            res = subprocess.run(cmd, env=env, capture_output=True, text=True)
            if res.returncode:
                raise SystemExit(f"{' '.join(args)}: {res.stderr}")
            (OUT / out).write_text(res.stdout, encoding="utf-8")
            print("wrote", out)

        W = WORKLOAD_ID
        aws("list-workloads.json", "list-workloads", "--region", "eu-west-1")
        aws("workload.json", "get-workload", "--workload-id", W)
        for pid, _, _ in PILLARS:
            aws(f"answers-{pid}.json", "list-answers", "--workload-id", W, "--lens-alias", LENS_ALIAS,
                "--pillar-id", pid)
        for qid in data["get-answer"]:
            aws(f"answer-{qid}.json", "get-answer", "--workload-id", W, "--lens-alias", LENS_ALIAS,
                "--question-id", qid)
        aws("milestones.json", "list-milestones", "--workload-id", W)
        aws("baseline-answers-security.json", "list-answers", "--workload-id", W, "--lens-alias",
            LENS_ALIAS, "--pillar-id", "security", "--milestone-number", "1")
        aws("milestone-1.json", "get-milestone", "--workload-id", W, "--milestone-number", "1")
    srv.shutdown()


if __name__ == "__main__":
    sys.exit(main())
