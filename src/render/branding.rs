//! Branding and sign-off for the reports: organisation, classification label, accent colour,
//! logo, report version, and who prepared, reviewed and approved the report.
//!
//! Read from a config file (`--config wafr.toml`, section `[report]`) and overridden by flags.
//! The logo is read once, with a size limit, and must be a PNG, JPEG or SVG (sniffed from its
//! bytes); renderers get the bytes, never a path.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Location, Result};
use crate::fsutil;

/// Largest logo accepted: 2 MiB.
pub const LOGO_BYTES: u64 = 2 * 1024 * 1024;

/// What the reports show about who made them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Branding {
    /// Organisation on the cover (default: the review's `workload.organisation`).
    pub organisation: Option<String>,
    /// Report title.
    pub title: String,
    /// Classification label, e.g. `CONFIDENTIAL`.
    pub classification: String,
    /// Accent colour, `#RRGGBB`.
    pub accent: String,
    /// Report version.
    pub report_version: String,
    /// Prepared by.
    pub prepared_by: Option<String>,
    /// Reviewed by.
    pub reviewed_by: Option<String>,
    /// Approved by.
    pub approved_by: Option<String>,
    /// Logo bytes and format (`png`, `jpg`, `svg`); never a path.
    #[serde(skip)]
    pub logo: Option<Logo>,
}

/// A logo image, already read.
#[derive(Debug, Clone, PartialEq)]
pub struct Logo {
    /// `png`, `jpg` or `svg`.
    pub format: &'static str,
    /// The image.
    pub bytes: Vec<u8>,
    /// Where it was read from (for messages).
    pub path: PathBuf,
}

impl Default for Branding {
    fn default() -> Self {
        Branding {
            organisation: None,
            title: "Security Pillar review and certification readiness".into(),
            classification: "CONFIDENTIAL".into(),
            accent: "#1f4e79".into(),
            report_version: "1.0".into(),
            prepared_by: None,
            reviewed_by: None,
            approved_by: None,
            logo: None,
        }
    }
}

/// The `[report]` section of the config file.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportSection {
    organisation: Option<String>,
    title: Option<String>,
    classification: Option<String>,
    accent: Option<String>,
    report_version: Option<String>,
    prepared_by: Option<String>,
    reviewed_by: Option<String>,
    approved_by: Option<String>,
    /// Relative to the config file.
    logo: Option<PathBuf>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    #[serde(default)]
    report: ReportSection,
}

/// Flags that override the config file.
#[derive(Debug, Clone, Default)]
pub struct BrandingFlags {
    /// `--config FILE`.
    pub config: Option<PathBuf>,
    /// `--organisation`.
    pub organisation: Option<String>,
    /// `--classification`.
    pub classification: Option<String>,
    /// `--accent`.
    pub accent: Option<String>,
    /// `--logo`.
    pub logo: Option<PathBuf>,
    /// `--report-version`.
    pub report_version: Option<String>,
}

/// The first character of `s` that must not be in a label of the reports: a control
/// character (tab and line breaks included: every field is one line) or an invisible format
/// character (a bidirectional override, a zero-width character).
fn hidden_char(s: &str) -> Option<char> {
    s.chars()
        .find(|&c| c.is_control() || crate::textfmt::is_invisible_format(c))
}

fn hidden_message(c: char) -> String {
    let kind = if c.is_control() {
        "control"
    } else {
        "invisible format"
    };
    format!("contains the {kind} character U+{:04X}", c as u32)
}

impl ReportSection {
    /// Every text of the section is one line of visible characters: an error naming the key.
    fn check(&self, at: &Location) -> Result<()> {
        let texts = [
            ("organisation", &self.organisation),
            ("title", &self.title),
            ("classification", &self.classification),
            ("accent", &self.accent),
            ("report_version", &self.report_version),
            ("prepared_by", &self.prepared_by),
            ("reviewed_by", &self.reviewed_by),
            ("approved_by", &self.approved_by),
        ];
        for (key, v) in texts {
            if let Some(c) = v.as_deref().and_then(hidden_char) {
                return Err(Error::data(
                    at.clone().json_path(format!("report.{key}")),
                    "invalid-config",
                    format!("`report.{key}` {}", hidden_message(c)),
                ));
            }
        }
        Ok(())
    }
}

impl BrandingFlags {
    /// Every text flag is one line of visible characters: a usage error naming the flag.
    fn check(&self) -> Result<()> {
        let texts = [
            ("--organisation", &self.organisation),
            ("--classification", &self.classification),
            ("--accent", &self.accent),
            ("--report-version", &self.report_version),
        ];
        for (flag, v) in texts {
            if let Some(c) = v.as_deref().and_then(hidden_char) {
                return Err(Error::Usage(format!("{flag} {}", hidden_message(c))));
            }
        }
        Ok(())
    }
}

fn valid_colour(s: &str) -> bool {
    s.len() == 7 && s.starts_with('#') && s[1..].chars().all(|c| c.is_ascii_hexdigit())
}

/// Reads a logo, sniffing its format.
pub fn read_logo(path: &Path) -> Result<Logo> {
    let bytes = fsutil::read_limited(path, LOGO_BYTES)?;
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(1024)]).to_ascii_lowercase();
    let format = if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        "png"
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        "jpg"
    } else if head.contains("<svg") {
        "svg"
    } else {
        return Err(Error::data(
            Location::path(path),
            "unsupported-logo",
            "the logo must be a PNG, JPEG or SVG image",
        ));
    };
    Ok(Logo {
        format,
        bytes,
        path: path.to_owned(),
    })
}

impl Branding {
    /// Branding from the config file (if any) and flags.
    pub fn load(flags: &BrandingFlags) -> Result<Self> {
        let mut b = Branding::default();
        let mut logo_path: Option<PathBuf> = None;
        if let Some(cfg) = &flags.config {
            let bytes = fsutil::read_limited(cfg, fsutil::limits::MAPPING_BYTES)?;
            let at = Location::path(cfg);
            let text = crate::import::text::decode_utf8(&bytes, &at)?;
            let file: ConfigFile = toml::from_str(&text).map_err(|e| {
                let mut loc = at.clone();
                if let Some(span) = e.span() {
                    let before = &text[..span.start.min(text.len())];
                    let line = before.matches('\n').count() as u32 + 1;
                    let col = before
                        .rsplit('\n')
                        .next()
                        .map(|l| l.chars().count())
                        .unwrap_or(0) as u32
                        + 1;
                    loc = loc.line(line, col);
                }
                Error::data(loc, "invalid-config", e.message().trim().to_owned())
            })?;
            let r = file.report;
            r.check(&at)?;
            b.organisation = r.organisation.or(b.organisation);
            b.title = r.title.unwrap_or(b.title);
            b.classification = r.classification.unwrap_or(b.classification);
            b.accent = r.accent.unwrap_or(b.accent);
            b.report_version = r.report_version.unwrap_or(b.report_version);
            b.prepared_by = r.prepared_by;
            b.reviewed_by = r.reviewed_by;
            b.approved_by = r.approved_by;
            logo_path = r
                .logo
                .map(|l| cfg.parent().map(|p| p.join(&l)).unwrap_or(l));
        }
        flags.check()?;
        if let Some(o) = &flags.organisation {
            b.organisation = Some(o.clone());
        }
        if let Some(c) = &flags.classification {
            b.classification = c.clone();
        }
        if let Some(a) = &flags.accent {
            b.accent = a.clone();
        }
        if let Some(v) = &flags.report_version {
            b.report_version = v.clone();
        }
        if let Some(l) = &flags.logo {
            logo_path = Some(l.clone());
        }
        if !valid_colour(&b.accent) {
            return Err(Error::Usage(format!(
                "accent colour \"{}\" is not #RRGGBB",
                b.accent
            )));
        }
        if let Some(p) = logo_path {
            b.logo = Some(read_logo(&p)?);
        }
        Ok(b)
    }
}
