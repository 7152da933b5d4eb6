//! One document to typeset and what typesetting gives back; where its files are in the sealed
//! world. A leaf module: the typesetter, the world and the document builders import from here.

use crate::render::seam::Warning;
use crate::render::templates::TemplateSet;

/// Folder of the PDF templates inside the template set.
pub(crate) const TEMPLATE_DIR: &str = "pdf";
/// The main template file.
#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
pub(crate) const MAIN: &str = "pdf/report.typ";
/// The virtual file the data is served as.
pub(crate) const DATA: &str = "data.json";
/// The virtual file the logo is served as.
pub(crate) const LOGO: &str = "assets/logo";
/// The path templates draw the logo from.
#[cfg(feature = "pdf")]
pub(crate) const LOGO_PATH: &str = "/assets/logo";

/// One document to typeset: its main template, its data (`/data.json`) and its fixed metadata.
/// The report and the portfolio are both typeset from one of these, on one bounded path
/// (`render::pdf::typeset`).
#[derive(Debug, Clone)]
pub struct Document {
    /// Main template, relative to the template set (`pdf/report.typ`).
    pub main: &'static str,
    /// The bytes of `/data.json`.
    pub data: Vec<u8>,
    /// The document date (the report date): `datetime.today()` and the PDF's timestamp.
    pub date: time::Date,
    /// The PDF `/ID` seed.
    pub ident: String,
    /// The PDF creator.
    pub creator: String,
}

/// A compiled document.
#[derive(Debug)]
pub struct Compiled {
    /// The PDF.
    pub pdf: Vec<u8>,
    /// Pages.
    pub pages: usize,
    /// Warnings: typst's about the template, and one for characters of the data that no
    /// embedded font can print.
    pub warnings: Vec<Warning>,
}

/// The name of a template as the user knows it: `<builtin>/pdf/report.typ` or
/// `DIR/pdf/report.typ`.
#[cfg_attr(not(feature = "pdf"), allow(dead_code))]
pub(crate) fn template_name(templates: &TemplateSet, main: &str) -> String {
    match templates.get(main) {
        Some(f) if f.origin != "<builtin>" => format!("{}/{main}", f.origin),
        _ => format!("<builtin>/{main}"),
    }
}
