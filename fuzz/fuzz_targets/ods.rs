//! ODS spreadsheets. An input that starts like a zip archive is read as it is; any other input
//! is the `content.xml` of an otherwise valid ODS file (the repeated-row scan, calamine, the
//! spreadsheet importer).
#![no_main]

use libfuzzer_sys::fuzz_target;

const MANIFEST: &[u8] = br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#;

fuzz_target!(|data: &[u8]| {
    if data.starts_with(b"PK") {
        wafr_fuzz::import_as(data, wafr::import::Format::Ods, "fuzz.ods");
        return;
    }
    let book = wafr_fuzz::zip_of(&[
        (
            "mimetype",
            b"application/vnd.oasis.opendocument.spreadsheet",
        ),
        ("META-INF/manifest.xml", MANIFEST),
        ("content.xml", data),
    ]);
    wafr_fuzz::import_as(&book, wafr::import::Format::Ods, "fuzz.ods");
});
