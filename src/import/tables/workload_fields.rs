//! Workload fields (name, accounts, regions, review date…) and the audit's (read by
//! `audit_fields`) from a Field / Value table or from the labels above a table's header row (the
//! AWS labs export's header block). A field given twice with different values is a conflict
//! naming both cells; lists are united. An unknown label close to an audit field's is an error.

use super::cells::{clean_key, excel_serial_date, not_a_date, split_list};
use super::columns::{Field, Header, WorkloadField, closest_label, workload_label};
use super::ctx::Ctx;
use super::table::{Table, Value, number_text};
use crate::error::{Diagnostic, Location};
use crate::import::text::truncate;

/// Workload labels above the header row (layout A's header block): the value is the first
/// non-empty cell in the two columns to the right of the label.
pub(super) fn header_block(cx: &mut Ctx, t: &Table, header_index: usize) {
    for row in t.rows.iter().take(header_index) {
        for (col, v) in &row.cells {
            let Value::Text(label) = v else { continue };
            let Some(f) = workload_label(label) else {
                continue;
            };
            let value = row.cells.iter().find(|(c, x)| {
                *c > *col && *c <= col + 2 && workload_label(&x.display()).is_none()
            });
            if let Some((vc, val)) = value {
                let at = t.cell_at(row.number, *vc, Some(&clean_key(label)));
                set_workload_value(cx, f, val, at);
            }
        }
    }
}

/// A field's name in messages (and its key among the fields set so far).
fn field_key(f: WorkloadField) -> &'static str {
    match f {
        WorkloadField::Name => "workload name",
        WorkloadField::Description => "description",
        WorkloadField::Organisation => "organisation",
        WorkloadField::Environment => "environment",
        WorkloadField::Industry => "industry",
        WorkloadField::Accounts => "AWS account ids",
        WorkloadField::Regions => "regions",
        WorkloadField::ReviewOwner => "review owner",
        WorkloadField::Reviewers => "reviewers",
        WorkloadField::ReviewDate => "review date",
        WorkloadField::LensVersion => "lens version",
        WorkloadField::Scope => "scope",
        WorkloadField::Notes => "workload notes",
        WorkloadField::Milestone => "milestone",
        WorkloadField::Criticality => "criticality",
        WorkloadField::Currency => "currency",
        WorkloadField::AuditType => "audit type",
        WorkloadField::PeriodStart => "audit period start",
        WorkloadField::PeriodEnd => "audit period end",
        WorkloadField::Sampling => "sampling frequency",
        WorkloadField::Fieldwork => "fieldwork date",
        WorkloadField::Tsc => "Trust Services Categories",
        WorkloadField::GdprRole => "GDPR role",
    }
}

/// True for the fields that hold a date (a date cell or an Excel serial number is read as one).
fn is_date(f: WorkloadField) -> bool {
    matches!(
        f,
        WorkloadField::ReviewDate
            | WorkloadField::PeriodStart
            | WorkloadField::PeriodEnd
            | WorkloadField::Fieldwork
    )
}

/// A workload field from a cell: an error cell is an error; a review date may be a date cell or
/// an Excel serial number; an account id stored as a number gets its leading zeros back (with a
/// warning); the text is checked (control characters, length) before it is set.
fn set_workload_value(cx: &mut Ctx, f: WorkloadField, v: &Value, at: Location) {
    let text = match v {
        Value::Error(e) => {
            cx.diags.error(
                "error-cell",
                Some(at),
                format!("the cell holds the error value {e}; type the value instead"),
            );
            return;
        }
        Value::Date(d) => d.to_string(),
        Value::Number(n) if is_date(f) => match excel_serial_date(*n) {
            Some(d) => d.to_string(),
            None => number_text(*n),
        },
        Value::Number(n) if f == WorkloadField::Accounts => {
            let s = number_text(*n);
            if s.len() < 12 && s.chars().all(|c| c.is_ascii_digit()) {
                let padded = format!("{s:0>12}");
                cx.diags.warning(
                    "account-id-as-number",
                    Some(at.clone()),
                    format!(
                        "the account id {s} was stored as a number, which drops leading zeros; read as {padded} (format the cell as text to be sure)"
                    ),
                );
                padded
            } else {
                s
            }
        }
        v => v.display(),
    };
    if !crate::import::text::check_control_chars(&text, &at, &mut cx.diags) {
        return;
    }
    if !crate::import::text::check_text(&text, &at, "the cell", &mut cx.diags) {
        return;
    }
    set_workload(cx, f, text, at);
}

/// Sets a workload or audit field from text. Lists (accounts, regions, reviewers) are united;
/// any other field set twice with different values is a conflict naming both cells.
pub(super) fn set_workload(cx: &mut Ctx, f: WorkloadField, text: String, at: Location) {
    let key = field_key(f);
    let w = &mut cx.review.workload;
    let list = |s: &str| split_list(s);
    match f {
        WorkloadField::Accounts => {
            for a in list(&text) {
                if !crate::import::text::is_account_id(&a) {
                    cx.diags.warning(
                        "odd-account-id",
                        Some(at.clone()),
                        format!("\"{}\" is not a 12-digit AWS account id", truncate(&a, 40)),
                    );
                }
            }
            crate::import::merge::union(&mut w.aws_accounts, list(&text));
            return;
        }
        WorkloadField::Regions => {
            crate::import::merge::union(&mut w.regions, list(&text));
            return;
        }
        WorkloadField::Reviewers => {
            crate::import::merge::union(&mut w.reviewers, list(&text));
            return;
        }
        _ => {}
    }
    if let Some((prev, prev_at)) = cx.workload_set.get(key) {
        if *prev != text {
            cx.diags.push(
                Diagnostic::error(
                    "conflict",
                    Some(at),
                    format!(
                        "{key} \"{}\" conflicts with \"{}\"",
                        truncate(&text, 60),
                        truncate(prev, 60)
                    ),
                )
                .with_hint(format!("the other value is at {prev_at}; keep one of them")),
            );
        }
        return;
    }
    let value = text.clone();
    match f {
        WorkloadField::Name => w.name = value,
        WorkloadField::Description => w.description = Some(value),
        WorkloadField::Organisation => w.organisation = Some(value),
        WorkloadField::Environment => w.environment = Some(value),
        WorkloadField::Industry => w.industry = Some(value),
        WorkloadField::ReviewOwner => w.review_owner = Some(value),
        WorkloadField::ReviewDate => match crate::import::text::parse_date(&clean_key(&value)) {
            Some(d) => w.review_date = Some(d),
            None => {
                cx.diags.error("invalid-date", Some(at), not_a_date(&value));
                return;
            }
        },
        WorkloadField::LensVersion => w.lens_version = Some(clean_key(&value)),
        WorkloadField::Scope => w.scope = Some(value),
        WorkloadField::Notes => w.notes = Some(value),
        WorkloadField::Milestone => w.milestone = Some(value),
        WorkloadField::Criticality => {
            match crate::import::estimates::criticality(&clean_key(&value)) {
                Ok(c) => w.criticality = Some(c),
                Err(p) => {
                    cx.diags.push(p.at(at));
                    return;
                }
            }
        }
        WorkloadField::Currency => match crate::import::estimates::currency(&value) {
            Ok(c) => w.currency = Some(c),
            Err(p) => {
                cx.diags.push(p.at(at));
                return;
            }
        },
        WorkloadField::Accounts | WorkloadField::Regions | WorkloadField::Reviewers => {}
        WorkloadField::AuditType
        | WorkloadField::PeriodStart
        | WorkloadField::PeriodEnd
        | WorkloadField::Sampling
        | WorkloadField::Fieldwork
        | WorkloadField::Tsc
        | WorkloadField::GdprRole => {
            if !super::audit_fields::set(cx, f, &value, &at) {
                return;
            }
        }
    }
    cx.workload_set.insert(key, (text, at));
}

/// A Field / Value table of workload fields.
pub(super) fn workload_table(cx: &mut Ctx, t: &Table, h: &Header) {
    let (Some((fc, fh)), Some((vc, vh))) = (h.col(Field::KvField), h.col(Field::KvValue)) else {
        return;
    };
    for row in t.rows.iter().skip(h.index + 1) {
        let Some(label) = row.get(fc).map(Value::display) else {
            if row.get(vc).is_some() {
                cx.diags.error(
                    "missing-value",
                    Some(t.cell_at(row.number, fc, Some(fh))),
                    "a value without a field name: say which workload field it is",
                );
            }
            continue;
        };
        let Some(val) = row.get(vc) else { continue };
        match workload_label(&label) {
            Some(f) => {
                let at = t.cell_at(row.number, vc, Some(vh));
                set_workload_value(cx, f, val, at);
            }
            None => unknown_label(cx, &label, t.cell_at(row.number, fc, Some(fh))),
        }
    }
}

/// A field name the Workload sheet does not know: a warning (its value is not imported),
/// unless it is close to the name of an audit field that can change a status (`Audit typ`):
/// then the value would be lost, and that is an error with a did-you-mean.
fn unknown_label(cx: &mut Ctx, label: &str, at: Location) {
    let shown = truncate(&clean_key(label), 60);
    let d = match closest_label(label) {
        Some((meant, _)) => Diagnostic::error(
            "unknown-workload-field",
            Some(at),
            format!("\"{shown}\" is not a field wafr knows, and its value would be lost"),
        )
        .with_hint(format!("did you mean \"{meant}\"? Rename the field; docs/spreadsheet-import.md lists every field")),
        None => Diagnostic::warning(
            "unknown-workload-field",
            Some(at),
            format!("\"{shown}\" is not a workload field wafr knows; its value was not imported"),
        )
        .with_hint("known fields: workload name, description, organisation, environment, industry, AWS account IDs, regions, review owner, reviewers, review date, lens version, scope, notes, milestone, criticality, currency, and the audit's: audit type, audit period start, audit period end, sampling frequency, fieldwork date, Trust Services Categories, GDPR role"),
    };
    cx.diags.push(d);
}
