//! Issue 16: the CLI as people expect it: completions and a man page for every command, colour
//! only on request or on a terminal, `-q`/`-v` on every command, each warning printed once.

use std::process::Command;

use crate::common::*;

/// Every subcommand's name, from clap itself, so a new command is checked without editing this.
fn subcommands() -> Vec<String> {
    use clap::CommandFactory;
    wafr::cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_owned())
        .collect()
}

#[test]
fn completions_name_every_subcommand_in_every_shell() {
    let subs = subcommands();
    assert!(subs.contains(&"evidence-requests".to_owned()));
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let o = wafr(["completions", shell]);
        assert_eq!(code(&o), 0, "{shell}: {}", stderr(&o));
        let text = stdout(&o);
        for s in &subs {
            assert!(text.contains(s.as_str()), "{shell} completion lacks `{s}`");
        }
    }
    let o = wafr(["completions", "tcsh"]);
    assert_eq!(code(&o), 2, "an unknown shell is a usage error");
}

#[test]
fn the_man_page_has_a_page_per_subcommand() {
    let o = wafr(["man"]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    // roff writes a hyphen as `\-`.
    let page = stdout(&o).replace("\\-", "-");
    assert!(page.contains(".TH wafr 1"), "{page}");
    for s in subcommands() {
        assert!(page.contains(&s), "wafr.1 lists `{s}`");
    }
    let d = tempfile::tempdir().unwrap();
    let o = wafr(["man", "--out", d.path().to_str().unwrap()]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    for s in subcommands().iter().filter(|s| s.as_str() != "help") {
        let f = d.path().join(format!("wafr-{s}.1"));
        let text =
            std::fs::read_to_string(&f).unwrap_or_else(|_| panic!("{} missing", f.display()));
        assert!(text.contains(".SH NAME"), "{s}: {text}");
    }
}

const ESC: char = '\u{1b}';

fn report_with(env: &[(&str, &str)], extra: &[&str]) -> std::process::Output {
    let d = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_wafr"));
    cmd.current_dir(root())
        .env_remove("SOURCE_DATE_EPOCH")
        .env_remove("NO_COLOR")
        .args([
            "validate",
            "examples/northwind/review.json",
            "--date",
            "2026-11-29",
        ])
        .args(extra);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let _ = d;
    cmd.output().unwrap()
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    // Piped (as here): no escape codes, with or without NO_COLOR.
    for env in [&[][..], &[("NO_COLOR", "1")][..]] {
        let o = report_with(env, &[]);
        assert_eq!(code(&o), 0, "{}", stderr(&o));
        assert!(!stdout(&o).contains(ESC) && !stderr(&o).contains(ESC));
    }
    // Forced: warnings and headings are coloured.
    let o = report_with(&[], &["--color", "always"]);
    assert!(stderr(&o).contains(&format!("{ESC}[")), "{}", stderr(&o));
    assert!(stderr(&o).contains("warning:"));
    // --color never wins over a forced terminal.
    let o = report_with(&[("CLICOLOR_FORCE", "1")], &["--color", "never"]);
    assert!(!stderr(&o).contains(ESC), "{}", stderr(&o));
    // An unknown value is a usage error.
    let o = report_with(&[], &["--color", "sometimes"]);
    assert_eq!(code(&o), 2);
}

#[test]
fn quiet_and_verbose_work_on_every_command_that_prints() {
    let o = wafr([
        "-q",
        "validate",
        "examples/northwind/review.json",
        "--date",
        "2026-11-29",
    ]);
    assert_eq!(code(&o), 0);
    assert!(
        stdout(&o).is_empty() && stderr(&o).is_empty(),
        "{}{}",
        stdout(&o),
        stderr(&o)
    );
    let o = wafr(["mappings", "list", "--quiet"]);
    assert_eq!(code(&o), 0);
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
    // Errors still print with --quiet.
    let o = wafr(["validate", "missing.json", "-q"]);
    assert_eq!(code(&o), 2);
    assert!(stderr(&o).contains("error:"), "{}", stderr(&o));
    // -q and -v together is a usage error.
    assert_eq!(code(&wafr(["validate", "x.json", "-q", "-v"])), 2);
}

#[test]
fn each_warning_is_printed_once_on_stderr_and_diff_warns_about_the_newer_side_only() {
    let d = tempfile::tempdir().unwrap();
    let o = wafr([
        "report",
        "examples/northwind/review.json",
        "--out",
        d.path().to_str().unwrap(),
        "--date",
        "2026-11-29",
        "--format",
        "json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let (out, err) = (stdout(&o), stderr(&o));
    let expiring = "evidence `EV-012` expires on 2026-12-15";
    assert_eq!(err.matches(expiring).count(), 1, "{err}");
    assert!(!out.contains(expiring), "not on stdout as well: {out}");
    // The baseline's evidence expired long ago: history, not a warning.
    let o = wafr([
        "diff",
        "examples/northwind/baseline-2026-04.json",
        "examples/northwind/review.json",
        "--date",
        "2026-11-29",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(!err.contains("baseline-2026-04.json"), "{err}");
    assert!(
        err.contains("review.json"),
        "the current side's warnings: {err}"
    );
}

#[test]
fn the_questionnaire_command_keeps_template_as_a_hidden_alias() {
    let help = stdout(&wafr(["--help"]));
    assert!(help.contains("questionnaire"), "{help}");
    assert!(!help.contains("\n  template "), "{help}");
    let d = tempfile::tempdir().unwrap();
    for (cmd, name) in [("questionnaire", "q.xlsx"), ("template", "t.xlsx")] {
        let f = d.path().join(name);
        let o = wafr([cmd, f.to_str().unwrap(), "--date", "2026-11-29"]);
        assert_eq!(code(&o), 0, "{cmd}: {}", stderr(&o));
        assert!(f.is_file());
    }
}

#[test]
fn report_and_portfolio_json_say_what_was_written() {
    let d = tempfile::tempdir().unwrap();
    let o = wafr([
        "report",
        "examples/northwind/review.json",
        "--out",
        d.path().join("r").to_str().unwrap(),
        "--date",
        "2026-11-29",
        "--format",
        "json,md",
        "--json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["schema"], "wafr/run/1");
    let files: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    assert_eq!(files.len(), 3, "{files:?}");
    assert!(files.iter().all(|f| std::path::Path::new(f).is_file()));
    assert_eq!(v["summary"]["practices"]["hri"], 4);
    assert!(
        v["warnings"]
            .as_array()
            .unwrap()
            .iter()
            .any(|w| w["code"] == "accepted-risk-expired")
    );
    let o = wafr([
        "portfolio",
        "examples/northwind/review.json",
        "--out",
        d.path().join("p").to_str().unwrap(),
        "--date",
        "2026-11-29",
        "--json",
    ]);
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["command"], "portfolio");
    assert_eq!(v["totals"]["workloads_assessed"], 1);
}
