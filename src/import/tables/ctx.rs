//! The state of one file's import ([`Ctx`]), which every table reader writes into. A leaf:
//! `tables/mod.rs` and the readers beside it all use it.

use std::collections::{BTreeMap, BTreeSet};

use time::Date;

use crate::error::{Diagnostics, Location};
use crate::model::catalog::Catalog;
use crate::model::review::Review;

/// Per-file state.
pub(super) struct Ctx<'a> {
    pub(super) catalog: &'a Catalog,
    pub(super) diags: Diagnostics,
    pub(super) review: Review,
    /// Rows of other pillars skipped, by pillar.
    pub(super) other_pillars: BTreeMap<String, u32>,
    /// Lenses (and sheets of other lenses) skipped.
    pub(super) other_lenses: BTreeSet<String>,
    /// Practices answered as partly implemented.
    pub(super) partial: Vec<String>,
    /// Rows of an older lens mapped by judgement, one note each.
    pub(super) inferred: BTreeSet<String>,
    /// Workload fields set so far, with the cell that set them.
    pub(super) workload_set: BTreeMap<&'static str, (String, Location)>,
    /// The ends of the audit period read so far.
    pub(super) period: PeriodCells,
    /// Tables with a recognised header row.
    pub(super) recognised: usize,
}

impl<'a> Ctx<'a> {
    pub(super) fn new(catalog: &'a Catalog) -> Self {
        Ctx {
            catalog,
            diags: Diagnostics::new(),
            review: Review::default(),
            other_pillars: BTreeMap::new(),
            other_lenses: BTreeSet::new(),
            partial: Vec::new(),
            inferred: BTreeSet::new(),
            workload_set: BTreeMap::new(),
            period: Default::default(),
            recognised: 0,
        }
    }
}

/// The ends of the audit period read so far, with their cells.
#[derive(Default)]
pub(super) struct PeriodCells {
    pub(super) start: Option<(Date, Location)>,
    pub(super) end: Option<(Date, Location)>,
    /// An end was given but is not a date (reported): the period is not checked.
    pub(super) unreadable: bool,
}
