//! CSV (and TSV, semicolon-separated, Windows-1252 and UTF-16 text) through the spreadsheet
//! importer.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    wafr_fuzz::import_as(data, wafr::import::Format::Csv, "fuzz.csv");
});
