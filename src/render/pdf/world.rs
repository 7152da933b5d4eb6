//! The typst `World` of a report: a sealed, in-memory file system.
//!
//! It serves exactly three kinds of file, all from memory: the `pdf/` files of the
//! [`TemplateSet`] (at `/pdf/…`), the view model (`/data.json`) and the logo (`/assets/logo`).
//! Nothing else exists for the template: no disk, no system fonts, no packages (an `@preview`
//! import fails with "package not found"), no clock (`datetime.today()` is the report date).
//! Fonts are the ones embedded in the binary, parsed once per process.

use std::collections::HashMap;
use std::sync::OnceLock;

use typst::diag::{FileError, FileResult, PackageError};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

use super::document::{DATA, LOGO, TEMPLATE_DIR};
use crate::render::templates::TemplateSet;

/// Fonts embedded in the binary (typst-assets: Libertinus Serif, New Computer Modern, DejaVu
/// Sans Mono; and Droid Sans Fallback for Chinese, Japanese and Korean, see `fonts/README.md`),
/// parsed once per process and shared by every render.
struct FontStore {
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
}

/// The last font typst falls back to: CJK and more (Apache-2.0, see `fonts/README.md`).
const FALLBACK_FONT: &[u8] = include_bytes!("fonts/DroidSansFallbackFull.ttf");

/// True when some embedded font has a glyph for `c`.
pub(super) fn printable(c: char) -> bool {
    let u = u32::from(c);
    fonts().fonts.iter().any(|f| f.info().coverage.contains(u))
}

fn fonts() -> &'static FontStore {
    static FONTS: OnceLock<FontStore> = OnceLock::new();
    FONTS.get_or_init(|| {
        // `Bytes::new` over the `&'static [u8]` of typst-assets: no copy.
        let fonts: Vec<Font> = typst_assets::fonts()
            .chain([FALLBACK_FONT])
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect();
        let book = LazyHash::new(FontBook::from_fonts(&fonts));
        FontStore { book, fonts }
    })
}

/// Parses the fonts and builds the library now rather than at the first document.
pub(super) fn prepare() {
    let _ = (fonts(), library());
}

/// The standard library, without `sys.inputs` (data comes as `/data.json`): built once.
fn library() -> &'static LazyHash<Library> {
    static LIBRARY: OnceLock<LazyHash<Library>> = OnceLock::new();
    LIBRARY.get_or_init(|| LazyHash::new(Library::default()))
}

/// The file id of a fixed virtual path. Ids are interned for the whole process (at most
/// 65,535), so only fixed paths and template file names are ever interned here.
pub(crate) fn file_id(rel: &str) -> Option<FileId> {
    let vpath = VirtualPath::new(format!("/{rel}")).ok()?;
    Some(RootedPath::new(VirtualRoot::Project, vpath).intern())
}

/// One report's world.
pub(crate) struct ReportWorld {
    main: FileId,
    files: HashMap<FileId, Bytes>,
    sources: HashMap<FileId, Source>,
    today: Option<Datetime>,
}

impl ReportWorld {
    /// A world with the `pdf/` template files, the data and the logo, compiling `main` (a
    /// template path such as `pdf/report.typ`).
    pub(crate) fn new(
        templates: &TemplateSet,
        main: &str,
        data: Vec<u8>,
        logo: Option<&[u8]>,
        today: Option<Datetime>,
    ) -> Option<Self> {
        let mut files = HashMap::new();
        let mut sources = HashMap::new();
        for (rel, file) in templates.files() {
            if !rel.starts_with(&format!("{TEMPLATE_DIR}/")) {
                continue;
            }
            let Some(id) = file_id(rel) else { continue };
            if rel.ends_with(".typ")
                && let Ok(text) = std::str::from_utf8(&file.bytes)
            {
                sources.insert(id, Source::new(id, text.to_owned()));
            }
            files.insert(id, Bytes::new(file.bytes.clone()));
        }
        files.insert(file_id(DATA)?, Bytes::new(data));
        if let Some(logo) = logo {
            files.insert(file_id(LOGO)?, Bytes::new(logo.to_vec()));
        }
        Some(ReportWorld {
            main: file_id(main)?,
            files,
            sources,
            today,
        })
    }
}

impl World for ReportWorld {
    fn library(&self) -> &LazyHash<Library> {
        library()
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &fonts().book
    }

    fn main(&self) -> FileId {
        self.main
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if let Some(s) = self.sources.get(&id) {
            return Ok(s.clone());
        }
        let bytes = self.file(id)?;
        let text = std::str::from_utf8(&bytes)?;
        Ok(Source::new(id, text.to_owned()))
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if let VirtualRoot::Package(spec) = id.root() {
            return Err(FileError::Package(PackageError::NotFound(spec.clone())));
        }
        self.files.get(&id).cloned().ok_or_else(|| {
            // The virtual path only: no host path ever reaches a diagnostic.
            FileError::NotFound(id.vpath().get_with_slash().into())
        })
    }

    fn font(&self, index: usize) -> Option<Font> {
        // The index may come from another font book (see the trait's docs): never index.
        fonts().fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        self.today
    }
}
