//! Shared by the fuzz targets: the built-in catalog (loaded once) and the import entry point.

use std::sync::OnceLock;

use wafr::error::{Error, Location};
use wafr::import::Format;
use wafr::model::catalog::Catalog;

/// The built-in catalog, loaded once per process.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(|| {
        wafr::catalog::load(&Default::default())
            .expect("the built-in catalog loads")
            .0
    })
}

/// Imports `bytes` as `format` (no sniffing). An error is fine; a panic is the bug. Every
/// error must name the input file.
pub fn import_as(bytes: &[u8], format: Format, name: &str) {
    let at = Location::file(name);
    match wafr::import::load_bytes_as(bytes, format, &at, catalog()) {
        Ok(review) => {
            // What was read must survive the assessment too.
            let opts = wafr::assess::AssessOptions {
                date: wafr::import::text::parse_date("2026-11-29").expect("a date"),
                period: None,
                audit: Default::default(),
            pillars: Vec::new(),
            };
            let _ = wafr::assess::assess(&review, catalog(), &opts);
        }
        Err(e) => check_error(&e, name),
    }
}

/// An error must say where: data errors name the file in every problem.
pub fn check_error(e: &Error, name: &str) {
    if let Error::Invalid { problems, .. } = e {
        for p in problems {
            if let Some(at) = &p.at {
                assert!(at.file.contains(name), "problem without its file: {p}");
            }
        }
    }
}

/// A stored (uncompressed) zip archive of `entries`: lets the fuzzer mutate the XML inside a
/// workbook instead of its compressed bytes.
pub fn zip_of(entries: &[(&str, &[u8])]) -> Vec<u8> {
    use std::io::Write;
    let mut buf = std::io::Cursor::new(Vec::new());
    {
        let mut z = zip::ZipWriter::new(&mut buf);
        for (name, data) in entries {
            let opts = zip::write::SimpleFileOptions::default()
                .compression_method(zip::CompressionMethod::Stored);
            z.start_file(*name, opts).expect("zip entry");
            z.write_all(data).expect("zip write");
        }
        z.finish().expect("zip finish");
    }
    buf.into_inner()
}

/// The mapping files the `mappings` target can replace or add; its first input byte picks one
/// (modulo the length). The seed script prefixes each built-in file with its index.
pub const MAPPING_PATHS: &[&str] = &[
    "lens/wa-security.toml",
    "lens/wa-security-legacy.csv",
    "frameworks/soc2-tsc-2017.toml",
    "frameworks/iso27001-2022.toml",
    "frameworks/gdpr-2016.toml",
    "crosswalks/wa-security__soc2-tsc-2017.csv",
    "crosswalks/wa-security__iso27001-2022.csv",
    "crosswalks/wa-security__gdpr-2016.csv",
    "frameworks/x.toml",
    "crosswalks/x.csv",
];
