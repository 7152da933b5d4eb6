//! The business side of a finding: each answer's impact, effort in person-days and cost, and the
//! workload's criticality, read from native JSON, spreadsheets and CSV alike, carried into the
//! plan and the portfolio, and every bad value an error at its JSON path or cell.

use serde_json::Value;

use crate::common::*;

/// The example review with `edit` applied, written to a temporary file.
fn edited_example(edit: impl FnOnce(&mut Value)) -> (tempfile::TempDir, std::path::PathBuf) {
    let mut r: Value = serde_json::from_str(&read("examples/northwind/review.json")).unwrap();
    edit(&mut r);
    temp_file("review.json", serde_json::to_string(&r).unwrap().as_bytes())
}

fn index_of(r: &Value, bp: &str) -> usize {
    r["answers"]
        .as_array()
        .unwrap()
        .iter()
        .position(|a| a["practice"] == bp)
        .unwrap()
}

#[test]
fn the_examples_estimates_reach_the_plan_and_its_criticality_the_workload() {
    let a = example_assessment();
    let item = a.plan.iter().find(|p| p.bp == "SEC02-BP01").unwrap();
    assert_eq!(item.effort_days, Some(2.0));
    assert_eq!(item.cost, Some(1500.0));
    assert!(
        item.impact
            .as_deref()
            .unwrap()
            .starts_with("Card data of 40,000 customers")
    );
    // An answer without them leaves them empty: nothing is made up.
    let quiet = a.plan.iter().find(|p| p.bp == "SEC08-BP03").unwrap();
    assert_eq!(
        (quiet.effort_days, quiet.cost, quiet.impact.as_deref()),
        (None, None, None)
    );
    assert_eq!(
        a.workload.criticality,
        Some(wafr::model::review::Criticality::Critical)
    );
}

#[test]
fn bad_estimates_and_criticality_in_json_are_errors_at_their_path() {
    let (_d, p) = edited_example(|r| {
        r["workload"]["criticality"] = "gold".into();
        r["workload"]["currency"] = "€".into();
        let i = index_of(r, "SEC02-BP01");
        r["answers"][i]["cost"] = (-5).into();
    });
    let o = wafr(["validate", path_str(&p)]);
    let i = {
        let r: Value = serde_json::from_str(&read("examples/northwind/review.json")).unwrap();
        index_of(&r, "SEC02-BP01")
    };
    check_run(
        "bad estimates",
        &o,
        1,
        &[
            "at workload.criticality: unknown criticality \"gold\" (critical, high, medium or low)",
            "at workload.currency: currency \"€\" is not an ISO 4217 code",
            &format!("at answers[{i}].cost: cost must not be negative (-5)"),
        ],
    );
}

#[test]
fn estimates_in_a_csv_are_read_as_people_type_them_or_refused_at_their_cell() {
    let csv = "BP ID,Status,Cost,Effort (days),Impact\n\
               SEC01-BP01,Not implemented,1 200,\"4,5\",Fraud losses\n\
               SEC01-BP02,Not implemented,\"1,200.50\",2,\n";
    let (_d, p) = temp_file("estimates.csv", csv.as_bytes());
    let a = assess(&[p]).unwrap_or_else(|e| panic!("{e}"));
    let one = a.plan.iter().find(|x| x.bp == "SEC01-BP01").unwrap();
    assert_eq!((one.cost, one.effort_days), (Some(1200.0), Some(4.5)));
    assert_eq!(one.impact.as_deref(), Some("Fraud losses"));
    let two = a.plan.iter().find(|x| x.bp == "SEC01-BP02").unwrap();
    assert_eq!((two.cost, two.effort_days), (Some(1200.5), Some(2.0)));

    let csv = "BP ID,Status,Cost,Effort (days)\n\
               SEC01-BP01,Not implemented,\"1,200\",2\n\
               SEC01-BP02,Not implemented,€300,-1\n";
    let (_d, p) = temp_file("bad.csv", csv.as_bytes());
    let o = wafr(["validate", path_str(&p)]);
    check_run(
        "bad estimates in a CSV",
        &o,
        1,
        &[
            "row 2, column C (Cost): cost \"1,200\" is ambiguous",
            "row 3, column C (Cost): cost \"€300\" is not a number",
            "row 3, column D (Effort (days))",
        ],
    );
}

#[test]
fn the_questionnaire_round_trips_the_estimates_and_the_criticality() {
    let d = tempfile::tempdir().unwrap();
    let q = d.path().join("q.xlsx");
    let o = wafr([
        "questionnaire",
        path_str(&q),
        "--date",
        "2026-11-29",
        "--from",
        path_str(&example()),
    ]);
    check_run("questionnaire", &o, 0, &[]);
    let back = assess(&[q]).unwrap();
    let ex = example_assessment();
    assert_eq!(back.workload.criticality, ex.workload.criticality);
    assert_eq!(back.workload.currency.as_deref(), Some("EUR"));
    let costs = |a: &wafr::model::assessment::Assessment| {
        a.plan
            .iter()
            .map(|p| (p.bp.clone(), p.effort_days, p.cost, p.impact.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(costs(&back), costs(&ex));
}

#[test]
fn costs_are_printed_with_the_reviews_currency_and_alone_without_one() {
    let a = example_assessment();
    assert_eq!(a.workload.currency.as_deref(), Some("EUR"));
    let o = wafr_within_deadline(&[
        "backlog",
        "examples/northwind/review.json",
        "--date",
        "2026-11-29",
        "--format",
        "md",
    ]);
    check_run("backlog md", &o, 0, &["2 person-days, cost EUR 1,500"]);
    let (_d, p) = edited_example(|r| {
        r["workload"].as_object_mut().unwrap().remove("currency");
    });
    let o = wafr_within_deadline(&[
        "backlog",
        path_str(&p),
        "--date",
        "2026-11-29",
        "--format",
        "md",
    ]);
    check_run(
        "backlog md without a currency",
        &o,
        0,
        &["2 person-days, cost 1,500"],
    );
    assert!(!stdout(&o).contains("EUR"));
}

/// A cost in the tracker CSVs carries its currency in a column of its own (it used to be a
/// bare number: 1500 of what?), and none when the review names no currency.
#[test]
fn the_tracker_csvs_give_each_cost_its_currency() {
    for (format, cost_col, currency_col) in [
        ("csv", "Cost", "Currency"),
        ("github-csv", "cost", "currency"),
    ] {
        let rows = |input: &str| {
            let o = wafr_within_deadline(&[
                "backlog",
                input,
                "--date",
                "2026-11-29",
                "--format",
                format,
            ]);
            check_run(format, &o, 0, &[]);
            let mut r = csv::Reader::from_reader(o.stdout.as_slice());
            let header = r.headers().unwrap().clone();
            let at = |name: &str| header.iter().position(|h| h == name).unwrap();
            let (c, k) = (at(cost_col), at(currency_col));
            assert_eq!(k, c + 1, "{format}: the currency follows the cost");
            r.records()
                .map(|x| {
                    let x = x.unwrap();
                    (x[c].to_owned(), x[k].to_owned())
                })
                .collect::<Vec<_>>()
        };
        let with = rows("examples/northwind/review.json");
        assert!(
            with.iter().any(|(c, k)| c == "1500" && k == "EUR"),
            "{format}: {with:?}"
        );
        // A row without a cost has no currency either.
        assert!(
            with.iter().all(|(c, k)| c.is_empty() == k.is_empty()),
            "{format}: {with:?}"
        );
        let (_d, p) = edited_example(|r| {
            r["workload"].as_object_mut().unwrap().remove("currency");
        });
        let without = rows(path_str(&p));
        assert!(
            without.iter().any(|(c, _)| c == "1500"),
            "{format}: {without:?}"
        );
        assert!(
            without.iter().all(|(_, k)| k.is_empty()),
            "{format}: {without:?}"
        );
    }
}
