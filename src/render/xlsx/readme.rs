//! The README sheet: scope, inputs with their SHA-256, lens and framework editions, mapping
//! data, report date and tool version, the sheets, status legends, readiness formulas with raw
//! counts, warnings, disclaimer, and the review and approval area.

use rust_xlsxwriter::{Format, Url, Worksheet};

use super::context::Ctx;
use super::plan::Sheet;
use super::table::{
    Cell, Kind, Styles, cell_lines, date, fit_row, link, opt, put, put_text, text, wrapped_lines,
    xl,
};
use super::vocab::{EvidenceStatus, status_meaning};
use crate::error::Result;
use crate::model::assessment::{Assessment, ControlStatus};
use crate::render::branding::Branding;

/// Column widths: item, value, detail, more.
const WIDTHS: [f64; 4] = [30.0, 70.0, 40.0, 24.0];

/// What every reader must know before using the figures.
const DISCLAIMER: &str = "This workbook shows certification readiness derived from an AWS Well-Architected Security Pillar review and the evidence registered with it. It is not a certification, an attestation or an audit opinion: an independent auditor decides whether controls are suitably designed and operate effectively. Architectural risk (practices not implemented) and evidence gaps (practices implemented without current evidence) are kept apart. Controls marked outside review scope still need their own assessment. The practice-to-control mappings are wafr's own judgement, not an official crosswalk: challenge them on the Mapping sheet.";

struct Writer<'w> {
    ws: &'w mut Worksheet,
    styles: &'w Styles,
    row: u32,
}

impl Writer<'_> {
    fn cells(&mut self, cells: &[(Kind, Cell)], key: bool) -> Result<()> {
        let lines = cells
            .iter()
            .zip(WIDTHS)
            .map(|((kind, cell), w)| cell_lines(cell, wrap(*kind), w))
            .max()
            .unwrap_or(1);
        fit_row(self.ws, self.row, lines)?;
        for (j, (kind, cell)) in cells.iter().enumerate() {
            if j == 0
                && key
                && let Cell::Text(s) = cell
            {
                put_text(self.ws, self.row, 0, s, &self.styles.key)?;
                continue;
            }
            put(self.ws, self.styles, self.row, j as u16, *kind, cell)?;
        }
        self.row += 1;
        Ok(())
    }

    /// Item and value.
    fn kv(&mut self, key: &str, value: Cell) -> Result<()> {
        let kind = kind_of(&value);
        self.cells(&[(Kind::Text, text(key)), (kind, value)], true)
    }

    /// Item, value and detail.
    fn kvd(&mut self, key: &str, value: Cell, detail: Cell) -> Result<()> {
        let (k1, k2) = (kind_of(&value), kind_of(&detail));
        self.cells(&[(Kind::Text, text(key)), (k1, value), (k2, detail)], true)
    }

    fn section(&mut self, title: &str) -> Result<()> {
        self.row += 1;
        self.ws
            .merge_range(self.row, 0, self.row, 3, title, &self.styles.section)
            .map_err(xl)?;
        self.row += 1;
        Ok(())
    }

    fn subheader(&mut self, headers: &[&str]) -> Result<()> {
        for (j, h) in headers.iter().enumerate() {
            self.ws
                .write_string_with_format(self.row, j as u16, *h, &self.styles.header)
                .map_err(xl)?;
        }
        self.row += 1;
        Ok(())
    }
}

/// Every text of the README wraps (keys too).
fn wrap(k: Kind) -> Kind {
    if k == Kind::Id { Kind::Text } else { k }
}

fn kind_of(c: &Cell) -> Kind {
    match c {
        Cell::Date(_) => Kind::Date,
        Cell::Link { .. } => Kind::Link,
        Cell::Int(_) => Kind::Number,
        Cell::Empty | Cell::Text(_) => Kind::Text,
    }
}

/// A list in one cell; `; ` because names often hold commas ("Priya Nair, Solutions Architect").
fn join(v: &[String]) -> Cell {
    text(v.join("; "))
}

/// Writes the README sheet: the title, then one section after the other.
pub(super) fn write(
    ws: &mut Worksheet,
    styles: &Styles,
    ctx: &Ctx<'_>,
    sheets: &[Sheet],
) -> Result<()> {
    let a = ctx.a;
    let b = &ctx.opts.branding;
    layout(ws, styles)?;
    put_text(ws, 0, 0, &b.title, &styles.title)?;
    put_text(
        ws,
        1,
        0,
        &format!("Control matrix for {}", a.workload.name),
        &Format::new().set_bold(),
    )?;
    put_text(ws, 2, 0, &b.classification, &Format::new().set_bold())?;
    let mut w = Writer { ws, styles, row: 3 };
    scope(&mut w, a, b)?;
    report(&mut w, a, b)?;
    input_files(&mut w, a)?;
    editions(&mut w, a)?;
    mapping_data(&mut w, a)?;
    sheet_list(&mut w, sheets)?;
    review_summary(&mut w, a)?;
    legends(&mut w)?;
    readiness(&mut w, a)?;
    warnings(&mut w, a)?;
    disclaimer(&mut w)?;
    approval(&mut w, b)
}

/// Column widths and formats, paper and print scale; the sheet opens first.
fn layout(ws: &mut Worksheet, styles: &Styles) -> Result<()> {
    for (j, w) in WIDTHS.iter().enumerate() {
        ws.set_column_width(j as u16, *w).map_err(xl)?;
    }
    ws.set_column_format(1, &styles.text).map_err(xl)?;
    ws.set_column_format(2, &styles.text).map_err(xl)?;
    ws.set_paper_size(9);
    ws.set_print_fit_to_pages(1, 0);
    ws.set_active(true);
    Ok(())
}

/// The workload and what the review covers.
fn scope(w: &mut Writer<'_>, a: &Assessment, b: &Branding) -> Result<()> {
    w.section("Scope")?;
    let wl = &a.workload;
    w.kv("Workload", text(&wl.name))?;
    w.kv("Description", opt(wl.description.as_deref()))?;
    w.kv(
        "Organisation",
        opt(b.organisation.as_deref().or(wl.organisation.as_deref())),
    )?;
    w.kv("Environment", opt(wl.environment.as_deref()))?;
    w.kv("Industry", opt(wl.industry.as_deref()))?;
    w.kv("AWS accounts", join(&wl.aws_accounts))?;
    w.kv("AWS Regions", join(&wl.regions))?;
    w.kv("Scope statement", opt(wl.scope.as_deref()))?;
    match a.period {
        Some(p) => {
            w.kvd(
                "Audit period (start, end)",
                Cell::Date(p.start),
                Cell::Date(p.end),
            )?;
        }
        None => w.kv(
            "Audit period",
            text("Not given: evidence is judged on the report date only (use --period)"),
        )?,
    }
    w.kv("Review date", date(wl.review_date))?;
    w.kv("Review owner", opt(wl.review_owner.as_deref()))?;
    w.kv("Reviewers", join(&wl.reviewers))?;
    if let Some(id) = &wl.wa_workload_id {
        w.kv("WA Tool workload id", text(id))?;
    }
    if let Some(m) = &wl.milestone {
        w.kv("WA Tool milestone", text(m))?;
    }
    w.kv("Workload notes", opt(wl.notes.as_deref()))?;
    Ok(())
}

/// The report: version, classification, date, tool.
fn report(w: &mut Writer<'_>, a: &Assessment, b: &Branding) -> Result<()> {
    w.section("Report")?;
    w.kv("Report version", text(&b.report_version))?;
    w.kv("Classification", text(&b.classification))?;
    w.kv("Generated on (report date)", Cell::Date(a.generated_on))?;
    w.kv(
        "Generated by",
        text(format!("{} {}", a.tool.name, a.tool.version)),
    )?;
    w.kv("Assessment format", text(&a.schema))?;
    if a.redacted_notes > 0 {
        w.kv(
            "Notes redacted",
            text(format!(
                "{} free-text note(s) redacted on request (--redact-notes): they read \"[redacted]\" in every sheet and output; statuses, owners and evidence references are as given",
                a.redacted_notes
            )),
        )?;
    }
    Ok(())
}

/// Every input file with its SHA-256.
fn input_files(w: &mut Writer<'_>, a: &Assessment) -> Result<()> {
    w.section("Input files")?;
    w.subheader(&["File", "SHA-256", "Format", "Bytes"])?;
    for s in &a.sources {
        w.cells(
            &[
                (Kind::Text, text(&s.path)),
                (Kind::Id, text(&s.sha256)),
                (Kind::Id, text(&s.format)),
                (
                    Kind::Number,
                    Cell::Int(i64::try_from(s.bytes).unwrap_or(i64::MAX)),
                ),
            ],
            false,
        )?;
    }
    Ok(())
}

/// The lens and every framework edition.
fn editions(w: &mut Writer<'_>, a: &Assessment) -> Result<()> {
    w.section("Lens and framework editions")?;
    w.subheader(&[
        "Catalog",
        "Name and edition",
        "Version or publisher",
        "Reference",
    ])?;
    w.cells(
        &[
            (Kind::Text, text(&a.lens.id)),
            (Kind::Text, text(&a.lens.name)),
            (
                Kind::Text,
                text(format!(
                    "Lens {}{}",
                    a.lens.version,
                    match (&a.lens.review_version, a.lens.current) {
                        (Some(v), false) => format!(" (the review used {v})"),
                        _ => String::new(),
                    }
                )),
            ),
            (Kind::Text, Cell::Empty),
        ],
        false,
    )?;
    for f in &a.frameworks {
        w.cells(
            &[
                (Kind::Text, text(&f.id)),
                (Kind::Text, text(format!("{}: {}", f.name, f.edition))),
                (Kind::Text, text(&f.publisher)),
                (
                    Kind::Link,
                    f.url.as_deref().map_or(Cell::Empty, |u| link(u, u)),
                ),
            ],
            false,
        )?;
    }
    Ok(())
}

/// The mapping data version and every mapping file.
fn mapping_data(w: &mut Writer<'_>, a: &Assessment) -> Result<()> {
    w.section("Mapping data")?;
    w.kv("Mapping data version", text(&a.mapping.version))?;
    w.subheader(&["File", "SHA-256", "Origin", "Kind"])?;
    for f in &a.mapping.files {
        w.cells(
            &[
                (Kind::Text, text(&f.path)),
                (Kind::Id, text(&f.sha256)),
                (Kind::Text, text(&f.origin)),
                (Kind::Id, text(&f.kind)),
            ],
            false,
        )?;
    }
    Ok(())
}

/// Every sheet, linked, with what it holds.
fn sheet_list(w: &mut Writer<'_>, sheets: &[Sheet]) -> Result<()> {
    w.section("Sheets")?;
    for s in sheets {
        let target = format!("internal:'{}'!A1", s.name.replace('\'', "''"));
        w.ws.write_url_with_format(w.row, 0, Url::new(target).set_text(&s.name), &w.styles.link)
            .map_err(xl)?;
        put_text(w.ws, w.row, 1, &s.about, &w.styles.text)?;
        fit_row(w.ws, w.row, wrapped_lines(&s.about, WIDTHS[1]))?;
        w.row += 1;
    }
    Ok(())
}

/// The review in figures.
fn review_summary(w: &mut Writer<'_>, a: &Assessment) -> Result<()> {
    w.section("Review summary")?;
    let sm = &a.summary;
    w.kv("Posture", text(&sm.posture))?;
    w.kv(
        "Questions answered",
        text(format!(
            "{} of {} (HIGH {}, MEDIUM {}, NONE {}, not applicable {}, unanswered {})",
            sm.questions_answered,
            sm.questions_total,
            sm.questions_high,
            sm.questions_medium,
            sm.questions_none,
            sm.questions_not_applicable,
            sm.questions_unanswered
        )),
    )?;
    let pc = &sm.practices;
    w.kv(
        "Best practices",
        text(format!(
            "{} in total: {} implemented, {} not implemented, {} not applicable, {} unanswered",
            pc.total, pc.implemented, pc.not_implemented, pc.not_applicable, pc.unanswered
        )),
    )?;
    w.kv(
        "Architectural risk",
        text(format!(
            "{} HRI (High Risk Issues), {} MRI (Medium Risk Issues), {} low-risk findings; {} accepted risk(s) in force",
            pc.hri, pc.mri, pc.lri, sm.accepted_risks_in_force
        )),
    )?;
    Ok(())
}

/// The control and evidence status legends.
fn legends(w: &mut Writer<'_>) -> Result<()> {
    w.section("Control status legend")?;
    w.subheader(&["Status", "Meaning", "In the readiness denominator"])?;
    for s in ControlStatus::ALL {
        w.cells(
            &[
                (Kind::Text, text(s.label())),
                (Kind::Text, text(status_meaning(s))),
                (
                    Kind::Text,
                    text(if s.excluded_from_readiness() {
                        "No (excluded)"
                    } else {
                        "Yes"
                    }),
                ),
            ],
            true,
        )?;
    }
    w.section("Evidence status legend")?;
    w.subheader(&["Evidence status", "Meaning"])?;
    for s in EvidenceStatus::ALL {
        w.cells(
            &[
                (Kind::Text, text(s.label())),
                (Kind::Text, text(s.meaning())),
            ],
            true,
        )?;
    }
    w.kv(
        "Justification",
        text("For excluded controls the review's justification is given; for included controls the organisation states its reason (risk treatment, legal, contractual or business requirement). Clauses 4 to 10 of ISO/IEC 27001 are mandatory."),
    )?;
    w.kv(
        "Colours",
        text("Status cells are filled in a light colour that repeats their text label; the label alone carries the meaning, so the workbook reads the same in black and white."),
    )?;
    Ok(())
}

/// Readiness per framework: the formula with raw counts.
fn readiness(w: &mut Writer<'_>, a: &Assessment) -> Result<()> {
    w.section("Readiness per framework")?;
    w.subheader(&["Framework", "Formula with raw counts", "Controls by status"])?;
    for f in &a.frameworks {
        let by_status: Vec<String> = ControlStatus::ALL
            .iter()
            .map(|&s| format!("{} {}", s.label(), f.counts.get(s)))
            .collect();
        w.cells(
            &[
                (Kind::Text, text(format!("{} readiness", f.short_name))),
                (Kind::Text, text(&f.readiness.formula)),
                (
                    Kind::Text,
                    text(format!(
                        "{}; total {}",
                        by_status.join("; "),
                        f.counts.total()
                    )),
                ),
            ],
            true,
        )?;
        let r = &f.readiness;
        w.cells(
            &[
                (Kind::Text, text(format!("{} implemented", f.short_name))),
                (
                    Kind::Text,
                    text(format!(
                        "implemented = (evidenced + evidence missing + evidence stale) ÷ assessed = {} ÷ {}{}: what collecting evidence alone could reach",
                        r.implemented,
                        r.assessed,
                        r.implemented_percent
                            .map(|p| format!(" = {p:.1}%"))
                            .unwrap_or_else(|| " (not stated: nothing assessed)".into())
                    )),
                ),
            ],
            true,
        )?;
    }
    Ok(())
}

/// The assessment's warnings, with their places.
fn warnings(w: &mut Writer<'_>, a: &Assessment) -> Result<()> {
    if a.warnings.is_empty() {
        return Ok(());
    }
    w.section("Warnings")?;
    w.subheader(&["Code", "Message", "Where"])?;
    for d in &a.warnings {
        w.cells(
            &[
                (Kind::Text, text(&d.code)),
                (
                    Kind::Text,
                    text(match &d.hint {
                        Some(h) => format!("{} (hint: {h})", d.message),
                        None => d.message.clone(),
                    }),
                ),
                (
                    Kind::Text,
                    d.at.as_ref().map_or(Cell::Empty, |l| text(l.to_string())),
                ),
            ],
            false,
        )?;
    }
    Ok(())
}

/// Readiness, not certification.
fn disclaimer(w: &mut Writer<'_>) -> Result<()> {
    w.section("Disclaimer")?;
    put_text(
        w.ws,
        w.row,
        0,
        "Readiness, not certification",
        &w.styles.key,
    )?;
    put_text(w.ws, w.row, 1, DISCLAIMER, &w.styles.text)?;
    fit_row(w.ws, w.row, wrapped_lines(DISCLAIMER, WIDTHS[1]))?;
    w.row += 1;
    Ok(())
}

/// The review and approval area: names from the branding, dates typed in later.
fn approval(w: &mut Writer<'_>, b: &Branding) -> Result<()> {
    w.section("Review and approval")?;
    w.subheader(&["Role", "Name", "Date", "Signature"])?;
    for (role, name) in [
        ("Prepared by", &b.prepared_by),
        ("Reviewed by", &b.reviewed_by),
        ("Approved by", &b.approved_by),
    ] {
        put_text(w.ws, w.row, 0, role, &w.styles.key)?;
        if let Some(n) = name {
            put_text(w.ws, w.row, 1, n, &w.styles.text)?;
        }
        // The date cell is date-formatted so that what is typed in becomes a real date.
        w.ws.write_blank(w.row, 2, &w.styles.date).map_err(xl)?;
        w.row += 1;
    }
    w.kv(
        "Statement of Applicability version",
        text(format!(
            "{} (the report version; approve it above)",
            b.report_version
        )),
    )?;
    Ok(())
}
