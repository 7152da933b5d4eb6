//! The cells and columns the sheets of `portfolio.xlsx` are built from: a leaf, so that the
//! workbook and its Trend and Pillars sheets share them without importing each other.

use crate::render::xlsx::table::{self, Cell, Kind};

/// A sheet's columns and rows.
pub(super) type Grid = (Vec<Col>, Vec<Vec<V>>);

/// A cell of this workbook: a table cell, or a fraction shown as a percentage.
#[derive(Debug, Clone)]
pub(super) enum V {
    C(Cell),
    /// 0.0 to 1.0, formatted `0.0%`; empty when absent.
    Pct(Option<f64>),
}

pub(super) fn t(s: impl Into<String>) -> V {
    V::C(table::text(s))
}

pub(super) fn n(x: u32) -> V {
    V::C(Cell::Int(i64::from(x)))
}

pub(super) fn o(s: Option<&str>) -> V {
    V::C(table::opt(s))
}

pub(super) fn pct(p: Option<f64>) -> V {
    V::Pct(p.map(|x| x / 100.0))
}

pub(super) fn yes(b: bool) -> V {
    t(if b { "yes" } else { "no" })
}

/// One column: header, width, kind.
pub(super) struct Col {
    pub(super) header: String,
    pub(super) width: f64,
    pub(super) kind: Kind,
}

pub(super) fn c(header: impl Into<String>, width: f64, kind: Kind) -> Col {
    Col {
        header: header.into(),
        width,
        kind,
    }
}
