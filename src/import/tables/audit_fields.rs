//! The audit's fields on the Workload sheet (the native format's `audit` section): audit type,
//! audit period, sampling frequency, fieldwork date, Trust Services Categories and GDPR role.
//! Each value is checked by the rule of [`crate::import::engagement`] that checks it in a JSON
//! review, and a problem is an error at its cell. The audit period is checked once the whole
//! file is read ([`finish`]), since its two ends are two rows.

use time::Date;

use super::cells::{clean_key, not_a_date, split_list};
use super::columns::WorkloadField;
use super::ctx::Ctx;
use crate::error::Location;
use crate::import::engagement::{self, PeriodEnd, Problem};
use crate::import::text::parse_date;

/// The labels the questionnaire gives the two ends, for messages.
const START: &str = "the audit period start";
const END: &str = "the audit period end";

/// Sets an audit field from the text of its cell. False when the value is refused (reported
/// at `at`) or `f` is no audit field.
pub(super) fn set(cx: &mut Ctx, f: WorkloadField, text: &str, at: &Location) -> bool {
    let key = clean_key(text);
    let mut report = |p: Problem| cx.diags.push(p.at(at.clone()));
    let audit = &mut cx.review.audit;
    match f {
        WorkloadField::AuditType => {
            audit.audit_type = engagement::audit_type(&key).map_err(&mut report).ok();
            audit.audit_type.is_some()
        }
        WorkloadField::Sampling => {
            audit.sampling = engagement::sampling(&key).map_err(&mut report).ok();
            audit.sampling.is_some()
        }
        WorkloadField::GdprRole => {
            audit.gdpr_role = engagement::gdpr_role(&key).map_err(&mut report).ok();
            audit.gdpr_role.is_some()
        }
        WorkloadField::Tsc => {
            let read: Vec<_> = split_list(text)
                .iter()
                .map(|item| engagement::tsc(item).map_err(&mut report).ok())
                .collect();
            let ok = read.iter().all(Option::is_some);
            audit.tsc = read.into_iter().flatten().collect();
            ok
        }
        WorkloadField::Fieldwork => {
            let d = date(cx, &key, at);
            cx.review.audit.fieldwork = d;
            d.is_some()
        }
        WorkloadField::PeriodStart | WorkloadField::PeriodEnd => {
            let Some(d) = date(cx, &key, at) else {
                cx.period.unreadable = true;
                return false;
            };
            let end = if f == WorkloadField::PeriodStart {
                &mut cx.period.start
            } else {
                &mut cx.period.end
            };
            *end = Some((d, at.clone()));
            true
        }
        _ => false,
    }
}

/// A date typed as text (a date cell has become `YYYY-MM-DD` text by now).
fn date(cx: &mut Ctx, text: &str, at: &Location) -> Option<Date> {
    let d = parse_date(text);
    if d.is_none() {
        cx.diags
            .error("invalid-date", Some(at.clone()), not_a_date(text));
    }
    d
}

/// The audit period from its two rows, by the rule of the native format: both ends or
/// neither, and not ending before it starts.
pub(super) fn finish(cx: &mut Ctx) {
    let p = std::mem::take(&mut cx.period);
    if p.unreadable {
        return;
    }
    let date = |x: &Option<(Date, Location)>| x.as_ref().map(|(d, _)| *d);
    match engagement::audit_period(date(&p.start), date(&p.end), (START, END)) {
        Ok(period) => cx.review.audit.period = period,
        Err((which, problem)) => {
            let cell = match which {
                PeriodEnd::Start => p.start.as_ref(),
                PeriodEnd::End => p.end.as_ref(),
            };
            let at = cell.map(|(_, at)| at.clone());
            if let Some(at) = at {
                cx.diags.push(problem.at(at));
            }
        }
    }
}
