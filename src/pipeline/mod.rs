//! The only place the stages are wired together and files are written.
//!
//! A run loads its [`Context`] once (the catalog with the frameworks asked for, and the
//! [`Options`]); each command is then a function of the context and its request:
//! [`report()`] (import → assess → render → write all or none), [`portfolio()`] (discover →
//! assess each → roll up → render → write all or none) and the commands of [`commands`]. Every
//! output goes through `render::render`, which returns its bytes with its warnings; files are
//! written only here, through `fsutil` (staged as temporary files, then renamed all or none,
//! never through a link, one run at a time per output folder).

pub(crate) mod commands;
mod context;
// Public for the folder_walk fuzz target.
pub mod discover;
pub mod portfolio;
pub(crate) mod report;
pub(crate) mod slug;
mod workers;

pub use crate::assess::AssessOptions;
pub use crate::catalog::Sources as MappingSources;
pub use crate::gate::Gate;
pub use crate::import::ImportOptions;
pub use crate::import::text::parse_date;
pub use crate::model::assessment::Period;
pub use crate::render::Warning;
pub use crate::render::backlog::BacklogFormat;
pub use crate::render::branding::BrandingFlags;
pub use crate::render::guard::Limits as TemplateLimits;
pub use crate::render::pdf::Appendices;
pub use crate::render::pdf::PdfStandard;
/// The typesetting child process (`wafr __typeset`, `render/pdf/isolate.rs`): the command line
/// hands it over here, so that `cli` reaches `render` only through the pipeline.
#[cfg(feature = "pdf")]
pub use crate::render::pdf::{
    CHILD_COMMAND as TYPESET_CHILD_COMMAND, child_main as typeset_child_main,
    isolate_in as isolate_typesetting_in,
};
/// Starts a typesetting child for a run that will write a PDF, so that it loads while the
/// run imports and assesses (nothing unless typesetting is isolated), and ends the children
/// left waiting once the run is done.
pub use crate::render::pdf::{finish as finish_typesetting, prepare as prepare_typesetting};
pub use crate::render::requests::RequestsFormat;
pub use crate::render::{Format, RenderOptions};
pub use context::Context;
pub(crate) use context::RenderSources;
pub use context::{Options, assess_inputs, assess_with_baseline, load_catalog};
pub use portfolio::{Progress, portfolio};
pub(crate) use report::run_json as report_json;
pub(crate) use report::{ReportRequest, report};
