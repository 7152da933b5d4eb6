//! wafr's integration tests, in one binary (each test binary links typst, so one binary keeps
//! the build short). One module per capability; `common` holds the helpers.

#![allow(clippy::unwrap_used, unreachable_pub)]

mod architecture;
mod aws_cli;
mod cli;
mod common;
mod estimates;
mod hardening;
mod hardening_text;
mod hostile;
mod interop;
#[cfg(all(unix, feature = "pdf"))]
mod isolation;
mod living;
mod manifest;
mod mappings;
mod outputs;
mod packs;
#[cfg(feature = "pdf")]
mod pdf;
mod pillars;
mod pipeline;
mod portfolio;
mod property;
mod sheet_fields;
mod sheets;
mod statuses;
mod xlsx;
