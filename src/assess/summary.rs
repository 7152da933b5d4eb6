//! Counts and the one-sentence posture: practices per question, focus area and overall.

use crate::model::assessment::*;
use crate::model::review::PracticeStatus;

pub(crate) fn count(ps: &[PracticeResult]) -> PracticeCounts {
    let mut c = PracticeCounts::default();
    for p in ps {
        c.total += 1;
        match p.status {
            PracticeStatus::Implemented => c.implemented += 1,
            PracticeStatus::NotImplemented => c.not_implemented += 1,
            PracticeStatus::NotApplicable => c.not_applicable += 1,
            PracticeStatus::Unanswered => c.unanswered += 1,
        }
        match p.finding {
            Some(Finding::Hri) => c.hri += 1,
            Some(Finding::Mri) => c.mri += 1,
            Some(Finding::Lri) => c.lri += 1,
            None => {}
        }
    }
    c
}

fn add_counts(a: &mut PracticeCounts, b: &PracticeCounts) {
    a.total += b.total;
    a.implemented += b.implemented;
    a.not_implemented += b.not_implemented;
    a.not_applicable += b.not_applicable;
    a.unanswered += b.unanswered;
    a.hri += b.hri;
    a.mri += b.mri;
    a.lri += b.lri;
}

pub(crate) fn focus_areas(questions: &[QuestionResult]) -> Vec<FocusAreaResult> {
    let mut out: Vec<FocusAreaResult> = Vec::new();
    for q in questions {
        let i = match out.iter().position(|f| f.name == q.focus_area) {
            Some(i) => i,
            None => {
                out.push(FocusAreaResult {
                    name: q.focus_area.clone(),
                    questions: Vec::new(),
                    questions_high: 0,
                    questions_medium: 0,
                    counts: PracticeCounts::default(),
                });
                out.len() - 1
            }
        };
        let f = &mut out[i];
        f.questions.push(q.id.clone());
        f.questions_high += u32::from(q.risk == QuestionRisk::High);
        f.questions_medium += u32::from(q.risk == QuestionRisk::Medium);
        add_counts(&mut f.counts, &q.counts);
    }
    out
}

pub(crate) fn summary(
    questions: &[QuestionResult],
    frameworks: &[FrameworkResult],
    waivers: &[AcceptedRiskResult],
) -> Summary {
    let mut practices = PracticeCounts::default();
    for q in questions {
        add_counts(&mut practices, &q.counts);
    }
    let n = |r: QuestionRisk| questions.iter().filter(|q| q.risk == r).count() as u32;
    let total = questions.len() as u32;
    let unanswered = n(QuestionRisk::Unanswered);
    let high = n(QuestionRisk::High);
    let gaps: u32 = frameworks.iter().map(|f| f.counts.evidence_gaps()).sum();
    let posture = if total == unanswered {
        "Nothing was assessed: no question of the review is answered.".to_owned()
    } else if practices.hri > 0 {
        format!(
            "Not yet ready: {} high-risk issue{} in {} of {} questions must be fixed in the architecture; evidence cannot close them.",
            practices.hri,
            if practices.hri == 1 { "" } else { "s" },
            high,
            total
        )
    } else if practices.mri > 0 {
        format!(
            "Sound foundations: no high-risk issues, {} medium-risk issue{} to plan, and {} control evidence gap{} to close.",
            practices.mri,
            if practices.mri == 1 { "" } else { "s" },
            gaps,
            if gaps == 1 { "" } else { "s" }
        )
    } else if gaps > 0 {
        format!(
            "No high or medium risk issues; readiness now depends on evidence: {gaps} control evidence gap{} to close.",
            if gaps == 1 { "" } else { "s" }
        )
    } else {
        "No high or medium risk issues and no open evidence gaps in the controls the review covers."
            .to_owned()
    };
    let posture = if unanswered > 0 && total != unanswered {
        format!(
            "{posture} {unanswered} of {total} questions {} still unanswered.",
            if unanswered == 1 { "is" } else { "are" }
        )
    } else {
        posture
    };
    Summary {
        questions_total: total,
        questions_answered: total - unanswered,
        questions_high: high,
        questions_medium: n(QuestionRisk::Medium),
        questions_none: n(QuestionRisk::None),
        questions_not_applicable: n(QuestionRisk::NotApplicable),
        questions_unanswered: unanswered,
        practices,
        accepted_risks_in_force: waivers.iter().filter(|w| w.in_force).count() as u32,
        posture,
    }
}
