#![cfg_attr(test, allow(clippy::unwrap_used))]
//! wafr: AWS Well-Architected Security Pillar reviews, cross-mapped to SOC 2, ISO/IEC
//! 27001:2022 and GDPR, with architectural risk kept apart from certification evidence gaps.
//!
//! Data flows one way through one typed model:
//! `import` (files → [`model::review::Review`]) → `assess` (Review × Catalog →
//! [`model::assessment::Assessment`]) → `render` (Assessment → bytes). Only [`pipeline`] wires
//! the stages together and writes files; `main.rs` only parses the command line.

pub mod assess;
pub mod catalog;
pub mod cli;
pub mod error;
pub mod fsutil;
pub mod gate;
pub mod import;
pub mod manifest;
pub mod model;
pub mod pipeline;
pub mod portfolio;
pub mod render;

pub use error::{Error, Result};
