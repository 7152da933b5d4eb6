//! The README sheet: scope, the engagement (audit type, period, sampling, fieldwork, SOC 2
//! categories, GDPR role), report date and tool version, the sheets, the review in figures,
//! readiness and coverage side by side with their counts (ISO 27001's Annex A and clauses
//! apart), the controls excluded by scope and why, both status legends, inputs with their
//! SHA-256, lens and framework editions, mapping data, warnings, disclaimer, and the review
//! and approval area.

use rust_xlsxwriter::{Format, Url, Worksheet};

use super::context::Ctx;
use super::plan::Sheet;
use super::table::{
    Cell, Kind, Styles, cell_lines, date, fit_row, link, opt, put, put_text, ratio, text,
    wrapped_lines, xl,
};
use super::vocab::EvidenceStatus;
use crate::error::Result;
use crate::model::assessment::{Assessment, ControlStatus, Readiness, StatusCounts};
use crate::model::audit::{AuditType, GdprRole, TscCategory};
use crate::model::catalog::{SupplierModel, plural};
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
        Cell::Decimal(_) => Kind::Id,
        Cell::Empty | Cell::Text(_) | Cell::Internal { .. } => Kind::Text,
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
    engagement(&mut w, a)?;
    report(&mut w, a, b)?;
    sheet_list(&mut w, sheets)?;
    review_summary(&mut w, a)?;
    readiness(&mut w, a)?;
    legends(&mut w, a)?;
    excluded(&mut w, a)?;
    input_files(&mut w, a)?;
    editions(&mut w, a)?;
    mapping_data(&mut w, a)?;
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
    ws.set_landscape();
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

/// The engagement the evidence is judged for: audit type, period, sampling, fieldwork, SOC 2
/// categories, GDPR role.
fn engagement(w: &mut Writer<'_>, a: &Assessment) -> Result<()> {
    w.section("Engagement")?;
    let au = &a.audit;
    w.kv(
        "Audit type",
        text(match au.audit_type {
            AuditType::Type1 => "Type I: the design of controls on the report date",
            AuditType::Type2 => {
                "Type II: the operation of controls over the audit period (evidence must cover the period so far)"
            }
        }),
    )?;
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
    w.kv(
        "Sampling",
        text(match (au.audit_type, au.sampling) {
            (AuditType::Type1, _) => {
                "Not used by a Type I audit: evidence shows the design on the report date".into()
            }
            (AuditType::Type2, Some(s)) => format!(
                "{}: each slice of the audit period needs operating evidence dated in it",
                s.label()
            ),
            (AuditType::Type2, None) => "Not set for the engagement: operating evidence must cover the period so far (a control may set its own sampling)".into(),
        }),
    )?;
    w.kv(
        "Fieldwork starts",
        au.fieldwork.map_or_else(|| text("Not given"), Cell::Date),
    )?;
    let every = au.tsc.is_empty() || TscCategory::ALL.iter().all(|t| au.tsc.contains(t));
    let tsc: Vec<&str> = if au.tsc.is_empty() {
        TscCategory::ALL.iter().map(|t| t.label()).collect()
    } else {
        au.tsc.iter().map(|t| t.label()).collect()
    };
    w.kv(
        "SOC 2 Trust Services Categories",
        text(if every {
            format!("{}: every category", tsc.join(", "))
        } else {
            format!(
                "{} (Security is always in scope; the criteria of the other categories are excluded, listed below)",
                tsc.join(", ")
            )
        }),
    )?;
    w.kv(
        "GDPR role",
        text(match au.gdpr_role {
            GdprRole::Both => "both controller and processor: every provision applies".to_owned(),
            role => format!(
                "{} (the provisions of the other role are excluded, listed below)",
                role.as_str()
            ),
        }),
    )?;
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
                "{} redacted on request (--redact-notes): they read \"[redacted]\" in every sheet and output; statuses, owners and evidence references are as given",
                crate::textfmt::count(a.redacted_notes, "free-text note", "free-text notes")
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
            "{} HRI (High Risk Issues), {} MRI (Medium Risk Issues), {} low-risk findings; {} in force",
            pc.hri,
            pc.mri,
            pc.lri,
            crate::textfmt::count(sm.accepted_risks_in_force, "accepted risk", "accepted risks")
        )),
    )?;
    Ok(())
}

/// The control and evidence status legends: the carved-out status once per supplier model in
/// use, since SOC 2 and ISO 27001 name and count it differently.
fn legends(w: &mut Writer<'_>, a: &Assessment) -> Result<()> {
    w.section("Control status legend")?;
    w.subheader(&["Status", "Meaning", "In the readiness denominator"])?;
    let mut models: Vec<SupplierModel> = a.frameworks.iter().map(|f| f.supplier_model).collect();
    models.sort_by_key(|m| *m == SupplierModel::Supplier);
    models.dedup();
    if models.is_empty() {
        models.push(SupplierModel::Supplier);
    }
    for s in ControlStatus::ALL {
        let rows: Vec<(String, &str)> = if s == ControlStatus::CarvedOut {
            models
                .iter()
                .map(|&m| match m {
                    SupplierModel::CarveOut => (
                        format!("{} (SOC 2)", s.label_in(m)),
                        "No: carved out of the report",
                    ),
                    SupplierModel::Supplier => (
                        format!("{} (ISO 27001 and others)", s.label_in(m)),
                        "Yes: counts as ready",
                    ),
                })
                .collect()
        } else {
            vec![(
                s.label().to_owned(),
                if s.excluded_from_readiness() {
                    "No (excluded)"
                } else {
                    "Yes"
                },
            )]
        };
        for (label, denominator) in rows {
            w.cells(
                &[
                    (Kind::Text, text(label)),
                    (Kind::Text, text(s.meaning())),
                    (Kind::Text, text(denominator)),
                ],
                true,
            )?;
        }
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
        "Applicable",
        text("The organisation's decision (Yes, No, To decide), with its justification for inclusion or exclusion (ISO/IEC 27001 clause 6.1.3 d). The review's suggestion is shown beside it and never applied on its own."),
    )?;
    w.kv(
        "Links",
        text("Evidence, practice, accepted-risk, request and control ids link to their rows in the Evidence register, Answers, Accepted risks, Evidence requests and matrix sheets. A cell holds one link: where it lists several ids, the first is linked; the Flat matrix has one practice per row, each linked."),
    )?;
    w.kv(
        "Colours",
        text("Status cells are filled in a light colour that repeats their text label; the label alone carries the meaning, so the workbook reads the same in black and white."),
    )?;
    Ok(())
}

/// Readiness and coverage of each framework, or of each part counted apart (ISO 27001's
/// Annex A and clauses: never one total of both), side by side with their counts, and the
/// formula with the counts of that part.
fn readiness(w: &mut Writer<'_>, a: &Assessment) -> Result<()> {
    w.section("Readiness and coverage")?;
    w.kv(
        "How they are computed",
        text("applicable = in scope − not applicable (decided) − carved out to AWS (SOC 2 only); assessed = applicable − outside review scope; ready = evidenced + operated by supplier AWS with a current attestation; readiness = ready ÷ assessed (what the review covers); readiness over all applicable = ready ÷ applicable; coverage = assessed ÷ applicable (how much of the framework the review can speak to). Technical part evidenced is counted apart, never as ready. Readiness is not certification."),
    )?;
    w.subheader(&[
        "Framework or part",
        "Readiness (ready ÷ assessed)",
        "Coverage (assessed ÷ applicable)",
        "Counts",
    ])?;
    for f in &a.frameworks {
        if f.parts.is_empty() {
            let noun = plural(&f.control_noun);
            let part = Part {
                name: f.short_name.clone(),
                noun: &noun,
                counts: &f.counts,
                r: &f.readiness,
                model: f.supplier_model,
            };
            part_rows(w, &part)?;
        } else {
            // In the order of the sheets: Annex A (the SoA), then the clauses.
            let mut parts: Vec<_> = f.parts.iter().collect();
            parts.sort_by_key(|p| p.kind == "clause");
            for p in parts {
                let noun = plural(&p.noun);
                let part = Part {
                    name: format!("{} {}", f.short_name, p.label),
                    noun: &noun,
                    counts: &p.counts,
                    r: &p.readiness,
                    model: f.supplier_model,
                };
                part_rows(w, &part)?;
            }
        }
    }
    Ok(())
}

/// A framework, or a part of one counted apart.
struct Part<'p> {
    name: String,
    noun: &'p str,
    counts: &'p StatusCounts,
    r: &'p Readiness,
    model: SupplierModel,
}

/// The figures of one part, then its formula with counts and its controls by status.
fn part_rows(w: &mut Writer<'_>, p: &Part<'_>) -> Result<()> {
    let r = p.r;
    let c = p.counts;
    w.cells(
        &[
            (Kind::Text, text(&p.name)),
            (
                Kind::Text,
                text(format!(
                    "Ready: {}\nOver all applicable: {}",
                    ratio(
                        r.evidenced,
                        r.assessed,
                        r.percent,
                        &format!("assessed {}", p.noun)
                    ),
                    ratio(
                        r.evidenced,
                        r.applicable,
                        r.percent_of_applicable,
                        &format!("applicable {}", p.noun)
                    )
                )),
            ),
            (
                Kind::Text,
                text(format!(
                    "Assessed: {}",
                    ratio(
                        r.assessed,
                        r.applicable,
                        r.coverage_percent,
                        &format!("applicable {}", p.noun)
                    )
                )),
            ),
            (
                Kind::Text,
                text(format!(
                    "In scope {}\nApplicable {}\nAssessed {}\nReady {}\nTechnical part evidenced {}\nImplemented {}",
                    r.in_scope, r.applicable, r.assessed, r.evidenced, r.technical_part, r.implemented
                )),
            ),
        ],
        true,
    )?;
    let carved = c.get(ControlStatus::CarvedOut);
    let (carved_out, supplier) = match p.model {
        SupplierModel::CarveOut => (carved, 0),
        SupplierModel::Supplier => (0, carved),
    };
    let mut formula = format!(
        "applicable = {} in scope − {} not applicable (decided)",
        r.in_scope,
        c.get(ControlStatus::NotApplicable)
    );
    if p.model == SupplierModel::CarveOut {
        formula.push_str(&format!(" − {carved_out} carved out to AWS"));
    }
    formula.push_str(&format!(
        " = {}; assessed = {} − {} outside review scope = {}; ready = {} evidenced",
        r.applicable,
        r.applicable,
        c.get(ControlStatus::OutsideReviewScope),
        r.assessed,
        c.get(ControlStatus::Evidenced)
    ));
    if p.model == SupplierModel::Supplier {
        formula.push_str(&format!(
            " + {supplier} operated by supplier AWS with a current attestation"
        ));
    }
    formula.push_str(&format!(" = {}", r.evidenced));
    let by_status: Vec<String> = ControlStatus::ALL
        .iter()
        .filter(|&&s| c.get(s) > 0)
        .map(|&s| format!("{} {}", s.label_in(p.model), c.get(s)))
        .collect();
    w.cells(
        &[
            (
                Kind::Text,
                text(format!("{}: formula and statuses", p.name)),
            ),
            (Kind::Text, text(formula)),
            (Kind::Text, text(by_status.join("\n"))),
        ],
        false,
    )
}

/// Controls the engagement's scope leaves out (`--tsc`, the GDPR role), with why.
fn excluded(w: &mut Writer<'_>, a: &Assessment) -> Result<()> {
    if a.frameworks.iter().all(|f| f.excluded.is_empty()) {
        return Ok(());
    }
    w.section("Excluded by scope (in no count)")?;
    w.subheader(&["Control", "Title", "Why"])?;
    for f in &a.frameworks {
        for x in &f.excluded {
            w.cells(
                &[
                    (Kind::Text, text(format!("{} {}", f.short_name, x.id))),
                    (Kind::Text, text(&x.title)),
                    (Kind::Text, text(&x.reason)),
                ],
                false,
            )?;
        }
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
