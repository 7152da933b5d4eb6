//! How long building the XLSX control matrix of the example takes (assessment already made).
//!
//!   cargo bench --bench render_xlsx                # release (compiles typst in release once)
//!   cargo bench --profile dev --bench render_xlsx  # the test profile, no extra build
//!
//! Prints the median and the range of 30 renders, and the workbook size. Not a test: nothing
//! is asserted.

use std::path::PathBuf;
use std::time::Instant;

use wafr::render::Format;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let opts = wafr::pipeline::Options::new(wafr::assess::AssessOptions {
        date: time::macros::date!(2026 - 11 - 29),
        period: Some(wafr::model::assessment::Period {
            start: time::macros::date!(2026 - 01 - 01),
            end: time::macros::date!(2026 - 12 - 31),
        }),
        audit: Default::default(),
        pillars: Vec::new(),
    });
    let t = Instant::now();
    let (catalog, _) = wafr::pipeline::load_catalog(&opts)?;
    let a = wafr::pipeline::assess_inputs(
        &[root.join("examples/northwind/review.json")],
        &catalog,
        &opts,
    )?;
    println!("load catalog + import + assess: {:.1} ms", ms(t));

    let mut times = Vec::new();
    let mut size = 0;
    for _ in 0..30 {
        let t = Instant::now();
        let bytes = wafr::render::render(Format::Xlsx, &a, &opts.render)?.bytes;
        times.push(ms(t));
        size = bytes.len();
    }
    times.sort_by(f64::total_cmp);
    println!(
        "render control-matrix.xlsx: median {:.1} ms (min {:.1}, max {:.1}) over {} runs; {} bytes",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1],
        times.len(),
        size
    );
    Ok(())
}

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1000.0
}
