//! Spreadsheet import benchmark: a 100,000-row evidence register (plus the 63 answers) as XLSX
//! and as CSV, imported and assessed through the library. Prints timings; asserts nothing.
//!
//! `cargo bench --bench import` (release profile; `-- 250000` for another row count).

#![allow(clippy::unwrap_used, missing_docs)]

use std::time::{Duration, Instant};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

fn main() {
    let rows: u32 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let dir = tempfile::tempdir().unwrap();
    let (catalog, _) = wafr::catalog::load(&Default::default()).unwrap();
    let bps: Vec<String> = catalog
        .lens
        .practices
        .iter()
        .map(|p| p.id.clone())
        .collect();

    let headers = [
        "ID",
        "Title",
        "Owner",
        "Location",
        "Collected on",
        "Expires on",
        "Supports",
        "Notes",
    ];
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("Answers").unwrap();
    for (c, h) in ["BP ID", "Status", "Notes", "Owner"].iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (i, bp) in bps.iter().enumerate() {
        let r = i as u32 + 1;
        ws.write_string(r, 0, bp).unwrap();
        ws.write_string(
            r,
            1,
            if i % 3 == 0 {
                "Not implemented"
            } else {
                "Implemented"
            },
        )
        .unwrap();
        ws.write_string(r, 2, "Notes about the practice").unwrap();
        ws.write_string(r, 3, "Platform team").unwrap();
    }
    let ws = wb.add_worksheet();
    ws.set_name("Evidence register").unwrap();
    for (c, h) in headers.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    let (d1, d2) = (
        ExcelDateTime::from_ymd(2026, 3, 1).unwrap(),
        ExcelDateTime::from_ymd(2027, 3, 1).unwrap(),
    );
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let mut csv = format!("{}\n", headers.join(","));
    for i in 0..rows {
        let r = i + 1;
        let bp = &bps[i as usize % bps.len()];
        ws.write_string(r, 0, format!("EV-{i:06}")).unwrap();
        ws.write_string(r, 1, format!("Evidence item {i} for the audit"))
            .unwrap();
        ws.write_string(r, 2, "GRC team").unwrap();
        ws.write_string(r, 3, format!("https://grc.example/evidence/{i}"))
            .unwrap();
        ws.write_datetime_with_format(r, 4, &d1, &date).unwrap();
        ws.write_datetime_with_format(r, 5, &d2, &date).unwrap();
        ws.write_string(r, 6, bp).unwrap();
        ws.write_string(r, 7, "Collected by the quarterly review")
            .unwrap();
        csv.push_str(&format!(
            "EV-{i:06},Evidence item {i} for the audit,GRC team,https://grc.example/evidence/{i},2026-03-01,2027-03-01,{bp},Collected by the quarterly review\n"
        ));
    }
    let xlsx = dir.path().join("register.xlsx");
    wb.save(&xlsx).unwrap();
    let csv_path = dir.path().join("register.csv");
    std::fs::write(&csv_path, csv).unwrap();

    let opts = wafr::pipeline::Options::new(wafr::assess::AssessOptions {
        date: wafr::import::text::parse_date("2026-11-29").unwrap(),
        period: None,
    });
    for (name, path) in [("xlsx", &xlsx), ("csv", &csv_path)] {
        let size = std::fs::metadata(path).unwrap().len();
        let mut times: Vec<Duration> = (0..3)
            .map(|_| {
                let t = Instant::now();
                let a = wafr::pipeline::assess_inputs(std::slice::from_ref(path), &catalog, &opts)
                    .unwrap();
                assert_eq!(a.evidence.len(), rows as usize);
                t.elapsed()
            })
            .collect();
        times.sort();
        println!(
            "{name}: {rows} register rows, {:.1} MB: import + assess {:.2} s (best of 3; median {:.2} s)",
            size as f64 / 1e6,
            times[0].as_secs_f64(),
            times[1].as_secs_f64()
        );
    }
}
