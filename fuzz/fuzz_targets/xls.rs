//! Legacy Excel 97-2003 workbooks (an OLE compound file), read by calamine, then the
//! spreadsheet importer.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    wafr_fuzz::import_as(data, wafr::import::Format::Xls, "fuzz.xls");
});
