//! The mapping loader: the first byte picks which mapping file the rest replaces (or adds),
//! then the whole catalog is parsed and cross-checked as `--mappings DIR` would.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&pick, bytes)) = data.split_first() else {
        return;
    };
    let rel = wafr_fuzz::MAPPING_PATHS[usize::from(pick) % wafr_fuzz::MAPPING_PATHS.len()];
    match wafr::catalog::load_files(&[(rel.to_owned(), bytes.to_vec())]) {
        Ok(_) => {}
        Err(e) => wafr_fuzz::check_error(&e, ""),
    }
});
