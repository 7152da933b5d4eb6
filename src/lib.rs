#![cfg_attr(test, allow(clippy::unwrap_used))]
//! wafr: AWS Well-Architected Security Pillar reviews, cross-mapped to SOC 2, ISO/IEC
//! 27001:2022 and GDPR, with architectural risk kept apart from certification evidence gaps.
//!
//! Data flows one way through one typed model:
//! `import` (files → [`model::review::Review`]) → `assess` (Review × Catalog →
//! [`model::assessment::Assessment`]; many of them → [`model::portfolio::Portfolio`]) →
//! `render` (Assessment or Portfolio → bytes and warnings, through `render::render`). Only
//! [`pipeline`] wires the stages together and writes files; [`cli`] turns the command line into
//! checked options, calls the pipeline and prints what it returns; `main.rs` only calls it.

pub mod assess;
pub mod catalog;
pub mod cli;
pub mod codes;
pub mod error;
pub mod fsutil;
pub(crate) mod gate;
pub mod import;
pub mod manifest;
pub mod model;
pub mod pipeline;
pub mod render;
pub mod textfmt;

pub use error::{Error, Result};
