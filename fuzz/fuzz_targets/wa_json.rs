//! WA Tool JSON (list-answers, get-answer, get-workload, get-lens-review, the labs export
//! bundle): any JSON value goes straight to the WA Tool importer, whatever its shape.
#![no_main]

use libfuzzer_sys::fuzz_target;
use wafr::error::Location;

fuzz_target!(|data: &[u8]| {
    let at = Location::file("fuzz.json");
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(value) = wafr::import::native::parse_json_value(text, &at) else {
        return;
    };
    match wafr::import::wa_json::import(&value, &at, wafr_fuzz::catalog()) {
        Ok(review) => {
            let merged = wafr::import::merge::merge(vec![review], wafr_fuzz::catalog());
            if let Err(e) = merged {
                wafr_fuzz::check_error(&e, "fuzz.json");
            }
        }
        Err(e) => wafr_fuzz::check_error(&e, "fuzz.json"),
    }
});
