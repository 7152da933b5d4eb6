//! Benchmark of the PDF renderer: renders the bundled example N times in one process (the
//! workload name changes each time, so typst's caches cannot simply replay the last render),
//! and prints the render times and the peak memory.
//!
//! `cargo bench --bench pdf_render -- 30` (release profile); `-- 30 none` renders without the
//! appendices, `-- 30 separate` the report and its appendices as two documents (the rendering
//! side of `--appendices`). Measured figures are in benches/README.md. Not a test: nothing is
//! asserted.

#![allow(clippy::unwrap_used)]

use std::time::Instant;

fn main() {
    let n: usize = std::env::args()
        .skip(1)
        .find_map(|s| s.parse().ok())
        .unwrap_or(10)
        .max(1);
    use wafr::textfmt::Named;
    let appendices = std::env::args()
        .skip(1)
        .find_map(|s| wafr::render::pdf::Appendices::from_name(&s))
        .unwrap_or_default();
    let opts = wafr::pipeline::Options::new(wafr::assess::AssessOptions {
        date: wafr::import::text::parse_date("2026-11-29").unwrap(),
        period: None,
        audit: Default::default(),
        pillars: Vec::new(),
    });
    let t = Instant::now();
    let (catalog, _) = wafr::pipeline::load_catalog(&opts).unwrap();
    let review =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/northwind/review.json");
    let mut a = wafr::pipeline::assess_inputs(&[review], &catalog, &opts).unwrap();
    let mut render = opts.render.clone();
    render.appendices = appendices;
    println!("load and assess: {:.1} ms", t.elapsed().as_secs_f64() * 1e3);
    let mut times = Vec::new();
    let mut pages = 0;
    for i in 0..n {
        a.workload.name = format!("workload-{i}");
        let t = Instant::now();
        // With `separate`, both documents at once (`compile_parts`).
        let (c, apx) = wafr::render::pdf::compile_parts(&a, &render).unwrap();
        pages = c.pages + apx.map_or(0, |x| x.pages);
        times.push(t.elapsed().as_secs_f64() * 1e3);
    }
    times.sort_by(f64::total_cmp);
    println!(
        "{n} renders of {pages} pages (appendices: {}): min {:.1} ms, median {:.1} ms, max {:.1} ms",
        appendices.name(),
        times[0],
        times[n / 2],
        times[n - 1]
    );
    if let Ok(status) = std::fs::read_to_string("/proc/self/status") {
        for l in status.lines().filter(|l| l.starts_with("VmHWM")) {
            println!("peak memory ({l})");
        }
    }
}
