//! wafr's native review JSON, through the whole import: format sniffing, UTF-16 and UTF-8
//! decoding, JSON parsing, the native importer (or the WA Tool one, told apart by the keys), the
//! merge and the assessment.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let at = wafr::error::Location::file("fuzz.json");
    match wafr::import::load_bytes(data, &at, wafr_fuzz::catalog()) {
        Ok(_) => {}
        Err(e) => wafr_fuzz::check_error(&e, "fuzz.json"),
    }
    wafr_fuzz::import_as(data, wafr::import::Format::Native, "fuzz.json");
});
