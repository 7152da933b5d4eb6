//! A large spreadsheet review: the 63 answers and an evidence register of `rows` rows, as XLSX
//! and as CSV (the register only). Shared by the import benchmark and the suite.

#![allow(dead_code, unreachable_pub, missing_docs, clippy::unwrap_used)]

use std::path::{Path, PathBuf};

use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};

/// Writes `register.xlsx` and `register.csv` into `dir`; returns their paths.
pub fn write(dir: &Path, rows: u32) -> (PathBuf, PathBuf) {
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
    let xlsx = dir.join("register.xlsx");
    wb.save(&xlsx).unwrap();
    let csv_path = dir.join("register.csv");
    std::fs::write(&csv_path, csv).unwrap();

    (xlsx, csv_path)
}
