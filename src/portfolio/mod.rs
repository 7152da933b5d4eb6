//! Portfolio reports across many workloads (`wafr portfolio`).
//!
//! [`inputs`] turns files, folders and glob patterns into workloads; each workload is
//! imported and assessed on its own, in parallel, and boiled down to a small digest
//! ([`rollup::digest`]); the digests add up, in input order, into the typed roll-up
//! [`model::Portfolio`] (`portfolio.json`), which the consolidated PDF ([`view`],
//! `report-templates/pdf/portfolio.typ`) and XLSX (`render::xlsx::portfolio`) read.
//! `pipeline::portfolio` wires it and writes the files. The rules are in `docs/portfolio.md`.

pub mod inputs;
pub mod model;
pub mod progress;
pub mod rollup;
pub mod slug;
pub mod view;

use crate::error::{Error, Result};
use model::Portfolio;

/// Output file of the roll-up model.
pub const JSON_FILE: &str = "portfolio.json";
/// Output file of the consolidated PDF.
pub const PDF_FILE: &str = "portfolio.pdf";
/// Output file of the consolidated workbook.
pub const XLSX_FILE: &str = "portfolio.xlsx";

/// `portfolio.json`: pretty-printed, fields in declaration order.
pub fn json(p: &Portfolio) -> Result<Vec<u8>> {
    let mut out = serde_json::to_vec_pretty(p)
        .map_err(|e| Error::Internal(format!("serialising the portfolio: {e}")))?;
    out.push(b'\n');
    Ok(out)
}

/// The failure of one input, with every located problem.
pub fn failure(name: &str, inputs: Vec<String>, stage: &str, e: &Error) -> model::FailedWorkload {
    let problems = match e {
        Error::Invalid { problems, .. } => problems.clone(),
        _ => Vec::new(),
    };
    let mut error = e.to_string();
    if let Some(src) = std::error::Error::source(e) {
        error.push_str(&format!(": {src}"));
    }
    model::FailedWorkload {
        name: name.to_owned(),
        inputs,
        stage: stage.to_owned(),
        error: error.replace('\n', " "),
        problems,
    }
}
