//! Synthetic but realistic reviews (wafr's native JSON), deterministic for a seed: varied
//! maturity, answers, notes of varied length, owners, evidence registers with expired and
//! out-of-period items, waivers (some expired), unanswered questions, old lens versions and
//! stale review dates. Used by the benchmark suite; not part of wafr.

#![allow(dead_code, unreachable_pub, missing_docs)]

use serde_json::{Value, json};

/// splitmix64: small, fast, good enough for test data, and the same on every machine.
pub struct Rng(u64);

impl Rng {
    /// A generator for a seed.
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }

    /// The next 64 bits.
    pub fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in 0..n.
    pub fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }

    /// A float in [0, 1).
    pub fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// One of the items.
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
}

const ADJ: &[&str] = &[
    "billing",
    "customer",
    "payments",
    "ledger",
    "search",
    "identity",
    "analytics",
    "mobile",
    "partner",
    "catalog",
    "fraud",
    "shipping",
    "loyalty",
    "support",
    "reporting",
    "pricing",
];
const NOUN: &[&str] = &[
    "api", "portal", "pipeline", "service", "platform", "gateway", "backend", "lake", "hub",
    "engine",
];
const UNITS: &[&str] = &[
    "Retail Banking",
    "Corporate Services",
    "Group Technology",
    "Digital Channels",
];
const TEAMS: &[&str] = &[
    "Platform team",
    "Identity team",
    "Security operations",
    "Data engineering",
    "Network team",
    "Application security",
    "SRE",
    "GRC team",
];
const PEOPLE: &[&str] = &[
    "Ana Silva, Head of Platform",
    "Ben Carter, Principal Engineer",
    "Chen Wei, Security Architect",
    "Dana Whitfield, CISO",
    "Emeka Obi, Engineering Manager",
    "Fatima Zahra, Cloud Architect",
];
const REGIONS: &[&str] = &[
    "eu-west-1",
    "eu-central-1",
    "us-east-1",
    "us-west-2",
    "ap-southeast-2",
];
const DONE: &[&str] = &[
    "Enforced through SCPs and checked by AWS Config rules in every account.",
    "Implemented with IAM Identity Center; reviewed quarterly by the identity team.",
    "Automated in the account factory; drift is reported to Security Hub.",
    "Documented in the runbook and exercised twice a year.",
    "Terraform modules enforce it; pull requests are reviewed by the platform team.",
    "Covered by GuardDuty and Security Hub findings routed to the SOC.",
];
const GAP: &[&str] = &[
    "Not in place yet; planned for next quarter.",
    "Only partly done: legacy accounts are not covered.",
    "Manual process without an owner; nothing is checked automatically.",
    "Known gap, tracked in the risk register.",
    "The team has not started; depends on the new landing zone.",
    "Some services comply, others do not; no inventory exists.",
];
const EXTRA: &[&str] = &[
    "See the architecture decision record for the details and the exceptions agreed with the product owner.",
    "Evidence is collected by the GRC team every quarter; the last collection found two exceptions that were fixed.",
    "The legacy batch workload still runs on EC2 instances that predate the landing zone and will be migrated.",
    "=SUM(A1:A9) is what a spreadsheet user typed here once; it must stay text.",
    "Notes with non-ASCII text: Zahlungsverkehr, façade, 東京リージョン, naïve résumé.",
];
const NA: &[&str] = &[
    "Out of scope",
    "Business priorities",
    "Architecture constraints",
];

/// A practice of the catalog: id, question, risk (`High`, `Medium`, `Low`).
pub struct Practice {
    /// BP id.
    pub id: String,
    /// Question id.
    pub question: String,
    /// High risk.
    pub high: bool,
}

fn date(days_before: i64, report: time::Date) -> String {
    (report - time::Duration::days(days_before)).to_string()
}

fn notes(rng: &mut Rng, base: &[&str]) -> Option<String> {
    let n = rng.below(4);
    if n == 0 {
        return None;
    }
    let mut s = rng.pick(base).to_string();
    for _ in 1..n {
        s.push(' ');
        let extra = rng.pick::<&str>(EXTRA);
        s.push_str(extra);
    }
    Some(s)
}

/// Review `i` of a synthetic portfolio, as of `report` (the report date).
pub fn review(
    i: usize,
    seed: u64,
    practices: &[Practice],
    current_lens: &str,
    report: time::Date,
) -> Value {
    let mut rng = Rng::new(seed.wrapping_mul(1_000_003).wrapping_add(i as u64));
    let maturity = 0.35 + 0.6 * rng.unit();
    let review_age = rng.below(560) as i64;
    let lens = if rng.below(10) == 0 {
        "2023-10-03"
    } else {
        current_lens
    };
    let questions: Vec<&str> = {
        let mut q: Vec<&str> = practices.iter().map(|p| p.question.as_str()).collect();
        q.dedup();
        q
    };
    let unanswered_q = (rng.below(8) == 0).then(|| rng.pick(&questions).to_string());

    let mut answers = Vec::new();
    let mut implemented = Vec::new();
    let mut missing = Vec::new();
    for p in practices {
        if unanswered_q.as_deref() == Some(p.question.as_str()) {
            continue;
        }
        let roll = rng.unit();
        let bar = if p.high {
            maturity + 0.05
        } else {
            maturity - 0.05
        };
        let mut a = serde_json::Map::new();
        a.insert("practice".into(), json!(p.id));
        if roll < 0.04 {
            a.insert("status".into(), json!("not_applicable"));
            a.insert("na_reason".into(), json!(rng.pick(NA)));
        } else if roll < bar {
            a.insert("status".into(), json!("implemented"));
            if let Some(n) = notes(&mut rng, DONE) {
                a.insert("notes".into(), json!(n));
            }
            implemented.push(p.id.clone());
        } else {
            a.insert("status".into(), json!("not_implemented"));
            if let Some(n) = notes(&mut rng, GAP) {
                a.insert("notes".into(), json!(n));
            }
            if rng.below(2) == 0 {
                a.insert("effort".into(), json!(rng.pick(&["low", "medium", "high"])));
            }
            if rng.below(3) == 0 {
                a.insert(
                    "target_date".into(),
                    json!(date(-(rng.below(200) as i64) + 30, report)),
                );
            }
            missing.push(p.id.clone());
        }
        if rng.below(4) != 0 {
            a.insert("owner".into(), json!(rng.pick(TEAMS)));
        }
        answers.push(Value::Object(a));
    }

    // Evidence: most implemented practices are supported; some items expired or out of period.
    let mut evidence = Vec::new();
    let items = 5 + rng.below(36) as usize;
    for e in 0..items {
        if implemented.is_empty() {
            break;
        }
        let supports: Vec<String> = (0..1 + rng.below(3))
            .map(|_| rng.pick(&implemented).clone())
            .collect();
        let collected = rng.below(540) as i64;
        let mut item = json!({
            "id": format!("EV-{e:03}"),
            "title": format!("{} evidence {e}", rng.pick(ADJ)),
            "owner": rng.pick(TEAMS),
            "location": format!("https://grc.example/workloads/{i}/evidence/{e}"),
            "collected_on": date(collected, report),
            "expires_on": date(collected - 365, report),
            "supports": supports,
        });
        if rng.below(6) == 0 {
            item["notes"] = json!(rng.pick(EXTRA));
        }
        evidence.push(item);
    }

    // Waivers: a few of the missing practices, some already expired.
    let mut accepted = Vec::new();
    for w in 0..rng.below(4) as usize {
        if missing.is_empty() {
            break;
        }
        let approved = rng.below(400) as i64;
        accepted.push(json!({
            "id": format!("AR-{w:03}"),
            "target": rng.pick(&missing),
            "title": "Risk accepted until the migration completes",
            "justification": rng.pick(GAP),
            "approver": rng.pick(PEOPLE),
            "approved_on": date(approved, report),
            "expires_on": date(approved - 180, report),
        }));
    }

    let name = format!("{}-{}-{i:04}", rng.pick(ADJ), rng.pick(NOUN));
    let accounts: Vec<String> = (0..1 + rng.below(4))
        .map(|_| format!("{:012}", rng.below(1_000_000_000_000)))
        .collect();
    json!({
        "schema": "wafr/review/1",
        "workload": {
            "name": name,
            "description": format!("Synthetic workload {i} for the benchmark suite"),
            "organisation": rng.pick(UNITS),
            "environment": rng.pick(&["production", "production", "staging"]),
            "aws_accounts": accounts,
            "regions": [rng.pick(REGIONS)],
            "review_owner": rng.pick(PEOPLE),
            "reviewers": [rng.pick(PEOPLE)],
            "review_date": date(review_age, report),
            "lens_version": lens,
            "scope": "The production accounts of the workload; corporate IT is out of scope.",
        },
        "answers": answers,
        "evidence": evidence,
        "accepted_risks": accepted,
    })
}

/// The practices of the built-in catalog.
pub fn practices() -> (Vec<Practice>, String) {
    let (catalog, _) =
        wafr::catalog::load(&Default::default()).expect("the built-in catalog loads");
    let v = catalog
        .lens
        .practices
        .iter()
        .map(|p| Practice {
            id: p.id.clone(),
            question: p.question.clone(),
            high: p.risk == wafr::model::catalog::RiskLevel::High,
        })
        .collect();
    (v, catalog.lens.version.clone())
}

/// Writes `n` reviews as `dir/wNNNN.json`.
pub fn write_portfolio(dir: &std::path::Path, n: usize, seed: u64, report: time::Date) {
    std::fs::create_dir_all(dir).expect("creating the benchmark folder");
    let (practices, lens) = practices();
    for i in 0..n {
        let v = review(i, seed, &practices, &lens, report);
        std::fs::write(
            dir.join(format!("w{i:04}.json")),
            serde_json::to_vec_pretty(&v).expect("JSON"),
        )
        .expect("writing a review");
    }
}
