//! Report templates: the embedded defaults of `report-templates/`, overlaid file by file with a
//! user folder (`--templates DIR`), as mdBook does with its theme.
//!
//! A user file at the same relative path replaces the built-in one; a new path adds a file.
//! Only files inside the folder are read (links must stay inside it), each at most
//! [`limits::MAPPING_BYTES`]. `wafr templates export DIR` writes the defaults out to edit.

use std::collections::BTreeMap;
use std::path::Path;

use include_dir::{Dir, include_dir};

use crate::error::{Error, Result, display_path};
use crate::fsutil::{self, limits};

static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/report-templates");

/// One template file.
#[derive(Debug, Clone)]
pub struct TemplateFile {
    /// Bytes.
    pub bytes: Vec<u8>,
    /// `<builtin>` or the user folder.
    pub origin: String,
}

/// The template files in force, by relative path (`pdf/report.typ`, `text/summary.md.tera`).
#[derive(Debug, Clone, Default)]
pub struct TemplateSet {
    files: BTreeMap<String, TemplateFile>,
}

fn collect(dir: &'static Dir<'static>, out: &mut BTreeMap<String, TemplateFile>) {
    for f in dir.files() {
        let rel = f.path().to_string_lossy().replace('\\', "/");
        out.insert(
            rel,
            TemplateFile {
                bytes: f.contents().to_vec(),
                origin: "<builtin>".into(),
            },
        );
    }
    for d in dir.dirs() {
        collect(d, out);
    }
}

impl TemplateSet {
    /// The built-in templates only.
    pub(crate) fn builtin() -> Self {
        let mut files = BTreeMap::new();
        collect(&BUILTIN, &mut files);
        TemplateSet { files }
    }

    /// The built-in templates overlaid with a user folder.
    pub fn load(dir: Option<&Path>) -> Result<Self> {
        let mut set = Self::builtin();
        if let Some(dir) = dir {
            let origin = display_path(dir);
            for found in fsutil::walk_dir(dir, &[])? {
                let bytes = fsutil::read_limited(&found.path, limits::MAPPING_BYTES)?;
                set.files.insert(
                    found.rel,
                    TemplateFile {
                        bytes,
                        origin: origin.clone(),
                    },
                );
            }
        }
        Ok(set)
    }

    /// A file by relative path.
    pub fn get(&self, rel: &str) -> Option<&TemplateFile> {
        self.files.get(rel)
    }

    /// A file as UTF-8 text, or a template error naming it.
    pub fn text(&self, rel: &str) -> Result<&str> {
        let f = self.get(rel).ok_or_else(|| Error::Template {
            name: rel.to_owned(),
            detail: "the template file is missing".into(),
        })?;
        std::str::from_utf8(&f.bytes).map_err(|e| Error::Template {
            name: format!("{}/{rel}", f.origin),
            detail: format!(
                "not UTF-8 text (invalid byte at offset {})",
                e.valid_up_to()
            ),
        })
    }

    /// The files under a folder of the set (`pdf`), with their origins.
    #[cfg_attr(not(feature = "pdf"), allow(dead_code))]
    pub(crate) fn under(&self, dir: &str) -> TemplateSet {
        let prefix = format!("{dir}/");
        TemplateSet {
            files: self
                .files
                .iter()
                .filter(|(rel, _)| rel.starts_with(&prefix))
                .map(|(rel, f)| (rel.clone(), f.clone()))
                .collect(),
        }
    }

    /// A set of exactly these files (the typesetting child's, as its parent sent them).
    #[cfg_attr(not(feature = "pdf"), allow(dead_code))]
    pub(crate) fn from_files(files: impl IntoIterator<Item = (String, TemplateFile)>) -> Self {
        TemplateSet {
            files: files.into_iter().collect(),
        }
    }

    /// Every file, by relative path.
    pub(crate) fn files(&self) -> impl Iterator<Item = (&str, &TemplateFile)> {
        self.files.iter().map(|(k, v)| (k.as_str(), v))
    }

    /// Every file of the set, as (relative path, bytes): what `wafr templates export` writes
    /// (the pipeline writes it; renderers never write files).
    pub(crate) fn export(&self) -> Vec<(String, Vec<u8>)> {
        self.files
            .iter()
            .map(|(rel, f)| (rel.clone(), f.bytes.clone()))
            .collect()
    }
}
