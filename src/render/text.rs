//! Text templates: tera, for Markdown and plain text only (never typst, never spreadsheet
//! cells). The templates are the `text/*.tera` files of the [`TemplateSet`] (built in, or
//! overlaid with `--templates DIR`).
//!
//! Safety: every template named `*.md.tera` is **autoescaped** with [`escape_markdown`], so a
//! value from a review (a note holding `|`, `*`, `<script>`, backticks or line breaks) prints as
//! text and cannot open a table cell, a link, an HTML tag or a code block. Two filters are
//! marked safe because they escape themselves: `md_quote` (multi-line text as an escaped block
//! quote), `md_url` (an http(s) URL as an autolink, anything else escaped), `pct` (a number as
//! `22.2%`, nothing as `n/a`) and `signed` (a number with its sign, for deltas). `*.txt.tera` templates are plain
//! text and not escaped. No template function reads files, the clock or the environment (tera
//! is built without its `builtins` feature).

use std::collections::HashMap;

use serde::Serialize;
use tera::{Context, Tera, Value};

use crate::error::{Error, Result};
use crate::render::templates::TemplateSet;

/// The folder of the text templates inside the template set.
pub(crate) const TEXT_DIR: &str = "text/";

/// Characters escaped with a backslash wherever they appear: CommonMark's inline syntax
/// (emphasis, code, links, HTML, entities), GFM's tables and strikethrough, and GitHub's math.
const ESCAPED: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '|', '#', '~', '&', '$',
];

/// Escapes one line of text for Markdown; `line_start` says whether it may begin a line, where
/// list markers, headings and setext underlines also count.
fn escape_line(s: &str, line_start: bool, out: &mut String) {
    let mut chars = s.chars().peekable();
    if line_start {
        // Leading `-`, `+`, `=` (lists, setext headings, thematic breaks) and `1.` / `1)`
        // (ordered lists).
        if let Some(&c) = chars.peek()
            && matches!(c, '-' | '+' | '=')
        {
            out.push('\\');
        }
        let digits: String = s.chars().take_while(|c| c.is_ascii_digit()).collect();
        if !digits.is_empty() {
            let rest = &s[digits.len()..];
            let mut r = rest.chars();
            if let Some(m @ ('.' | ')')) = r.next()
                && r.next().is_none_or(|c| c == ' ' || c == '\t')
            {
                out.push_str(&digits);
                out.push('\\');
                out.push(m);
                for _ in 0..digits.len() + 1 {
                    chars.next();
                }
            }
        }
    }
    for c in chars {
        match c {
            '\t' => out.push(' '),
            // Never raw in the file: a control character (an escape sequence on a terminal
            // that shows the file) or an invisible format character (text that reads
            // otherwise than it is) is written as `<U+XXXX>`.
            c if c.is_control() || crate::textfmt::is_invisible_format(c) => {
                out.push_str(&format!("\\<U+{:04X}\\>", c as u32));
            }
            c if ESCAPED.contains(&c) => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
}

/// Escapes text for use inline in Markdown (a table cell, a list item, a sentence): every
/// special character is backslash-escaped and line breaks become spaces, so the text stays in
/// its cell or line.
pub(crate) fn escape_markdown(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8 + 2);
    let flat = s.replace("\r\n", " ").replace(['\r', '\n'], " ");
    escape_line(&flat, true, &mut out);
    out
}

/// Multi-line text as a Markdown block quote, every line escaped: keeps the author's line
/// breaks (a trailing `\` is a hard line break), and nothing in it can end the quote or start
/// another block.
pub(crate) fn quote_markdown(s: &str) -> String {
    let norm = s.replace("\r\n", "\n").replace('\r', "\n");
    let lines: Vec<&str> = norm.split('\n').collect();
    let mut out = String::with_capacity(norm.len() + 16);
    for (i, line) in lines.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        if line.trim().is_empty() {
            out.push('>');
        } else {
            out.push_str("> ");
            escape_line(line.trim(), true, &mut out);
            if lines.get(i + 1).is_some_and(|n| !n.trim().is_empty()) {
                out.push('\\');
            }
        }
    }
    out
}

struct QuoteFilter;

impl tera::Filter for QuoteFilter {
    fn filter(&self, value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
        let s = match value {
            Value::String(s) => s.clone(),
            Value::Null => String::new(),
            other => other.to_string(),
        };
        Ok(Value::String(quote_markdown(&s)))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// A URL as a Markdown autolink (`<https://…>`) when it is a plain http(s) URL that cannot
/// leave the autolink; any other text is escaped like every value.
pub(crate) fn url_markdown(s: &str) -> String {
    let s = s.trim();
    let plain = (s.starts_with("https://") || s.starts_with("http://"))
        && s.len() > 8
        && s.chars()
            .all(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '`' | '\\'));
    if plain {
        format!("<{s}>")
    } else {
        escape_markdown(s)
    }
}

struct UrlFilter;

impl tera::Filter for UrlFilter {
    fn filter(&self, value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
        Ok(Value::String(url_markdown(
            value.as_str().unwrap_or_default(),
        )))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

struct PercentFilter;

impl tera::Filter for PercentFilter {
    fn filter(&self, value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
        Ok(Value::String(crate::textfmt::percent_text(
            value.as_f64(),
            "n/a",
        )))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

struct SignedFilter;

impl tera::Filter for SignedFilter {
    fn filter(&self, value: &Value, _: &HashMap<String, Value>) -> tera::Result<Value> {
        let Some(x) = value.as_f64() else {
            return Err(tera::Error::msg("`signed` needs a number"));
        };
        let s = if value.is_i64() || value.is_u64() {
            format!("{:+}", x as i64)
        } else {
            format!("{x:+.1}")
        };
        Ok(Value::String(if x == 0.0 { "±0".into() } else { s }))
    }

    fn is_safe(&self) -> bool {
        true
    }
}

/// The text templates of a template set, parsed.
pub struct TextTemplates {
    tera: Tera,
    /// Time and memory one rendering may take (see [`crate::render::guard`]).
    pub limits: crate::render::guard::Limits,
}

fn tera_error(name: &str, e: tera::Error) -> Error {
    let mut detail = e.to_string();
    let mut src = std::error::Error::source(&e);
    while let Some(s) = src {
        detail.push('\n');
        detail.push_str(&s.to_string());
        src = s.source();
    }
    Error::Template {
        name: name.to_owned(),
        detail,
    }
}

impl TextTemplates {
    /// Parses every `text/*.tera` file of the set (so templates can include each other).
    pub fn new(set: &TemplateSet) -> Result<Self> {
        let mut tera = Tera::default();
        tera.autoescape_on(vec![".md.tera"]);
        tera.set_escape_fn(escape_markdown);
        tera.register_filter("md_quote", QuoteFilter);
        tera.register_filter("signed", SignedFilter);
        tera.register_filter("md_url", UrlFilter);
        tera.register_filter("pct", PercentFilter);
        let mut files = Vec::new();
        for (rel, _) in set.files() {
            if rel.starts_with(TEXT_DIR) && rel.ends_with(".tera") {
                files.push((rel.to_owned(), set.text(rel)?.to_owned()));
            }
        }
        tera.add_raw_templates(files)
            .map_err(|e| tera_error("text templates", e))?;
        if let Some(cycle) = super::text_recursion::find_cycle(&tera) {
            return Err(Error::Template {
                name: "text templates".into(),
                detail: format!(
                    "recursion is not allowed in text templates (tera has no depth limit, so it \
                     could run until the process crashes): {cycle}"
                ),
            });
        }
        Ok(TextTemplates {
            tera,
            limits: Default::default(),
        })
    }

    /// Renders a template (relative path, e.g. `text/summary.md.tera`) with a context.
    pub fn render(&self, name: &str, context: &impl Serialize) -> Result<String> {
        if !self.tera.get_template_names().any(|n| n == name) {
            return Err(Error::Template {
                name: name.to_owned(),
                detail: "the template file is missing".into(),
            });
        }
        let ctx = Context::from_serialize(context).map_err(|e| tera_error(name, e))?;
        let (tera, owned) = (self.tera.clone(), name.to_owned());
        crate::render::guard::bounded(self.limits, name, move || {
            tera.render(&owned, &ctx).map_err(|e| tera_error(&owned, e))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_escaping() {
        assert_eq!(escape_markdown("a | b"), r"a \| b");
        assert_eq!(
            escape_markdown("a\u{1b}[2J\u{202E}b"),
            r"a\<U+001B\>\[2J\<U+202E\>b"
        );
        assert_eq!(escape_markdown("*bold* _x_"), r"\*bold\* \_x\_");
        assert_eq!(
            escape_markdown("<script>alert(1)</script>"),
            r"\<script\>alert(1)\</script\>"
        );
        assert_eq!(escape_markdown("`code`"), r"\`code\`");
        assert_eq!(
            escape_markdown("line 1\nline 2\r\nline 3"),
            "line 1 line 2 line 3"
        );
        assert_eq!(escape_markdown("# not a heading"), r"\# not a heading");
        assert_eq!(escape_markdown("- not a list"), r"\- not a list");
        assert_eq!(escape_markdown("1. not a list"), r"1\. not a list");
        assert_eq!(escape_markdown("12.5% ready"), "12.5% ready");
        assert_eq!(escape_markdown("[x](http://evil)"), r"\[x\](http://evil)");
        assert_eq!(escape_markdown("&amp; \\"), r"\&amp; \\");
        assert_eq!(escape_markdown("SEC02-BP01 a-b"), "SEC02-BP01 a-b");
    }

    #[test]
    fn urls_become_autolinks_only_when_plain() {
        assert_eq!(
            url_markdown("https://docs.aws.amazon.com/a_b.html"),
            "<https://docs.aws.amazon.com/a_b.html>"
        );
        assert_eq!(url_markdown("javascript:alert(1)"), "javascript:alert(1)");
        assert_eq!(
            url_markdown("https://x.example/<script>"),
            r"https://x.example/\<script\>"
        );
        assert_eq!(url_markdown("https://a b"), "https://a b");
    }

    #[test]
    fn block_quote_keeps_lines() {
        assert_eq!(
            quote_markdown("first\n\n- item\n```\n# h\\"),
            "> first\n>\n> \\- item\\\n> \\`\\`\\`\\\n> \\# h\\\\"
        );
    }

    /// The built-in templates overlaid with these files.
    fn set(files: &[(&str, &str)]) -> (tempfile::TempDir, TemplateSet) {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let p = dir.path().join(rel);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, text).unwrap();
        }
        let set = TemplateSet::load(Some(dir.path())).unwrap();
        (dir, set)
    }

    #[test]
    fn md_templates_escape_and_txt_templates_do_not() {
        let (_d, set) = set(&[
            (
                "text/t.md.tera",
                "| {{ v }} | {{ v | md_quote }} | {{ n | signed }} |",
            ),
            ("text/t.txt.tera", "{{ v }}"),
        ]);
        let t = TextTemplates::new(&set).unwrap();
        let ctx = serde_json::json!({"v": "a|b\n*c*", "n": -3});
        assert_eq!(
            t.render("text/t.md.tera", &ctx).unwrap(),
            "| a\\|b \\*c\\* | > a\\|b\\\n> \\*c\\* | -3 |"
        );
        assert_eq!(t.render("text/t.txt.tera", &ctx).unwrap(), "a|b\n*c*");
        assert!(matches!(
            t.render("text/missing.md.tera", &ctx),
            Err(Error::Template { .. })
        ));
    }

    #[test]
    fn template_errors_name_the_file() {
        let (_d, set) = set(&[("text/bad.md.tera", "{% if %}")]);
        let Err(Error::Template { name, detail }) = TextTemplates::new(&set) else {
            panic!("expected a template error")
        };
        assert_eq!(name, "text templates");
        assert!(detail.contains("text/bad.md.tera"), "{detail}");
    }
}
