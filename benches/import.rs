//! Spreadsheet import benchmark: a 100,000-row evidence register (plus the 63 answers) as XLSX
//! and as CSV, imported and assessed through the library. Prints timings; asserts nothing.
//!
//! `cargo bench --bench import` (release profile; `-- 250000` for another row count).

#![allow(clippy::unwrap_used, missing_docs)]

use std::time::{Duration, Instant};

#[path = "support/sheet.rs"]
mod sheet;

fn main() {
    let rows: u32 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(100_000);
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path();
    let (catalog, _) = wafr::catalog::load(&Default::default()).unwrap();
    let (xlsx, csv_path) = sheet::write(dir, rows);
    let opts = wafr::pipeline::Options::new(wafr::assess::AssessOptions {
        date: wafr::import::text::parse_date("2026-11-29").unwrap(),
        period: None,
        audit: Default::default(),
        pillars: Vec::new(),
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
