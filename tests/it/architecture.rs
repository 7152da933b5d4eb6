//! The shape of docs/architecture.md, kept true by reading the sources under `src/`:
//!
//! - **stage order**: a top-level module names (`crate::x`, `use crate::x`) only modules of its
//!   own stage or an earlier one ([`STAGES`]), and `cli` reaches the stages only through the
//!   pipeline ([`ONLY_THROUGH_PIPELINE`]); the exceptions are named in [`EXCEPTIONS`] with
//!   their reason, as in docs/architecture.md;
//! - **no import cycle between files**: every `use` and every path (`crate::a::b`, `super::x`,
//!   `self::x`, a child module, a name a `use` brought in) is resolved to the file that defines
//!   what it names, re-exports followed; the graph of files must be acyclic;
//! - **sizes**: no function over [`MAX_FN_LINES`] lines, no file over [`MAX_FILE_LINES`].
//!
//! Comments, doc comments, string literals and `#[cfg(test)]` items are left out before
//! anything is read (a test module may use anything; a doc link is not a dependency).
//! `src/main.rs` is the binary's own crate (it names `wafr::cli` only) and is read for its sizes.

mod reader;

use std::collections::BTreeMap;
use std::fmt::Write as _;

use reader::*;

/// The stages of docs/architecture.md, earliest first. A top-level module may name only
/// modules of its own stage or of an earlier one.
const STAGES: &[&[&str]] = &[
    // base: every stage may use them
    &["error", "codes", "textfmt", "fsutil"],
    // the types every stage shares
    &["model"],
    // mappings/ → Catalog
    &["catalog"],
    // files → Review
    &["import"],
    // Review × Catalog → Assessment
    &["assess"],
    // thresholds on an Assessment
    &["gate"],
    // Assessment → bytes
    &["render"],
    // the manifest of the files a run wrote
    &["manifest"],
    // wires the stages, writes files
    &["pipeline"],
    // arguments → job → pipeline → printed
    &["cli"],
];

/// The stages only the pipeline wires: `cli` names what it needs of them through `pipeline`
/// (its re-exports), never directly.
const ONLY_THROUGH_PIPELINE: &[&str] =
    &["catalog", "import", "assess", "gate", "render", "manifest"];

/// Arrows that break the stage rule on purpose: (from, to, why). Each is written in
/// docs/architecture.md too.
const EXCEPTIONS: &[(&str, &str, &str)] = &[];

/// Longest function, in lines from its `fn` line to its closing brace.
const MAX_FN_LINES: usize = 120;
/// Longest file, in lines (as `wc -l` counts them, tests included).
const MAX_FILE_LINES: usize = 800;

#[test]
fn stages_name_only_their_own_or_earlier_stages() {
    let crate_ = Crate::read();
    let mut broken = Vec::new();
    for file in crate_.files.iter().filter(|f| !f.module.is_empty()) {
        let from = file.module[0].as_str();
        for r in file.refs.iter().filter(|r| r.textual) {
            let Some(abs) = crate_.absolute(file, &r.path) else {
                continue;
            };
            let Some(to) = crate_.top_level(&abs) else {
                continue;
            };
            if let Some(why) = stage_rule_broken(from, &to) {
                broken.push(format!(
                    "{}:{}: `{from}` names `crate::{}`: {why}",
                    file.rel,
                    r.line,
                    abs.join("::")
                ));
            }
        }
    }
    assert!(
        broken.is_empty(),
        "the stage order of docs/architecture.md is broken ({} places):\n{}",
        broken.len(),
        broken.join("\n")
    );
}

/// Why `from` may not name `to`, or `None` when it may.
fn stage_rule_broken(from: &str, to: &str) -> Option<String> {
    if EXCEPTIONS.iter().any(|&(f, t, _)| f == from && t == to) {
        return None;
    }
    let stage = |m: &str| STAGES.iter().position(|s| s.contains(&m));
    let (Some(a), Some(b)) = (stage(from), stage(to)) else {
        return Some(format!(
            "`{from}` or `{to}` is missing from the table STAGES"
        ));
    };
    if b > a {
        return Some(format!(
            "`{to}` (stage {b}) comes after `{from}` (stage {a}); arrows run one way"
        ));
    }
    if from == "cli" && ONLY_THROUGH_PIPELINE.contains(&to) {
        return Some(format!(
            "`cli` reaches `{to}` only through the pipeline (re-export it from `pipeline`)"
        ));
    }
    None
}

#[test]
fn no_import_cycle_between_files() {
    let crate_ = Crate::read();
    // from → to → the first line of `from` naming `to`
    let mut graph: BTreeMap<usize, BTreeMap<usize, usize>> = BTreeMap::new();
    for (i, file) in crate_.files.iter().enumerate() {
        let edges = graph.entry(i).or_default();
        for r in &file.refs {
            if let Some(to) = crate_
                .absolute(file, &r.path)
                .and_then(|a| crate_.defining_file(&a))
                && to != i
            {
                edges.entry(to).or_insert(r.line);
            }
        }
    }
    let cycles = cycles(&graph);
    let mut msg = String::new();
    for cycle in cycles.iter().take(20) {
        let mut steps: Vec<String> = cycle
            .windows(2)
            .map(|w| format!("{}:{}", crate_.files[w[0]].rel, graph[&w[0]][&w[1]]))
            .collect();
        steps.push(crate_.files[cycle[0]].rel.clone());
        let _ = writeln!(msg, "  {}", steps.join(" → "));
    }
    if cycles.len() > 20 {
        let _ = writeln!(msg, "  and {} more", cycles.len() - 20);
    }
    assert!(
        cycles.is_empty(),
        "files import each other ({} cycles; each step is the file and the line naming the next):\n{msg}\
         Move what both need into a leaf file beside them (docs/architecture.md).",
        cycles.len()
    );
}

#[test]
fn functions_and_files_stay_short() {
    let crate_ = Crate::read();
    let mut long = Vec::new();
    for file in &crate_.files {
        if file.lines > MAX_FILE_LINES {
            long.push(format!(
                "{}:{}: the file has {} lines (at most {MAX_FILE_LINES})",
                file.rel, file.lines, file.lines
            ));
        }
        for f in &file.fns {
            if f.lines > MAX_FN_LINES {
                long.push(format!(
                    "{}:{}: fn {} has {} lines (at most {MAX_FN_LINES})",
                    file.rel, f.line, f.name, f.lines
                ));
            }
        }
    }
    assert!(
        long.is_empty(),
        "too long for a reader to hold (docs/architecture.md, \"Rules of thumb\"):\n{}",
        long.join("\n")
    );
}

/// The checker reads what it should: a sample of the sources it must understand.
#[test]
fn the_reader_understands_rust() {
    let src = "use crate::a::{self, b::{C, D as E}, f::*};\n\
               // crate::commented::Out\n\
               /* nested /* crate::x */ */ const S: &str = \"crate::in_string\";\n\
               fn g<'a>(x: &'a str) -> char { let _ = crate::h::I; '{' }\n\
               pub(in crate::vis) fn v() {}\n\
               #[cfg(test)]\nmod tests { use crate::only_in_tests; }\n\
               #[cfg(all(test, unix))]\nfn t() { crate::also_tests::x(); }\n";
    let file = SourceFile::parse("src/k.rs".into(), vec!["k".into()], src);
    let paths: Vec<String> = file.refs.iter().map(|r| r.path.join("::")).collect();
    assert_eq!(
        paths,
        [
            "crate::a",
            "crate::a::b::C",
            "crate::a::b::D",
            "crate::a::f::*",
            "crate::h::I"
        ]
    );
    assert_eq!(file.uses["E"], ["crate", "a", "b", "D"]);
    let fns: Vec<(&str, usize, usize)> = file
        .fns
        .iter()
        .map(|f| (f.name.as_str(), f.line, f.lines))
        .collect();
    assert_eq!(fns, [("g", 4, 1), ("v", 5, 1)]);
}
