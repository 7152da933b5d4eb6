//! Worker threads for work that typesets PDFs (`wafr portfolio --each`): see
//! [`map_on_workers`].

use crate::error::{Error, Result};

/// Stack of each report worker: typst lays out deeply nested content (the main thread has
/// 8 MiB; rayon's and std's spawned threads only 2 MiB). Untouched stack costs no memory.
const REPORT_STACK: usize = 16 * 1024 * 1024;

/// Maps `f` over `items` on worker threads of their own (one per core), keeping the order.
///
/// For work that typesets PDFs. typst parallelises parts of its own work with rayon; when a
/// whole report ran as a rayon job, a worker waiting inside typst for its inner jobs would
/// steal another report and start it on top of the same stack, and so on, until the stack
/// overflowed (seen with `--each` over 1,000 workloads). Plain threads never steal, so each
/// report runs alone on its worker while typst uses rayon's pool for its inner work.
pub(crate) fn map_on_workers<T: Sync, R: Send>(
    items: &[T],
    f: impl Fn(&T) -> R + Sync,
) -> Result<Vec<R>> {
    use std::sync::Mutex;
    use std::sync::atomic::{AtomicUsize, Ordering};

    let n = items.len();
    let workers = std::thread::available_parallelism()
        .map_or(1, |c| c.get())
        .min(n)
        .max(1);
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<R>>> = (0..n).map(|_| Mutex::new(None)).collect();
    let work = || {
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else { break };
            let r = f(item);
            if let Some(slot) = results.get(i)
                && let Ok(mut slot) = slot.lock()
            {
                *slot = Some(r);
            }
        }
    };
    std::thread::scope(|s| -> Result<()> {
        for k in 0..workers {
            std::thread::Builder::new()
                .name(format!("wafr-report-{k}"))
                .stack_size(REPORT_STACK)
                .spawn_scoped(s, work)
                .map_err(|e| Error::Internal(format!("starting a report worker: {e}")))?;
        }
        Ok(())
    })?;
    results
        .into_iter()
        .map(|m| {
            m.into_inner()
                .ok()
                .flatten()
                .ok_or_else(|| Error::Internal("a report worker gave no result".into()))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workers_keep_the_order() {
        let items: Vec<u32> = (0..1000).collect();
        let out = map_on_workers(&items, |x| x * 2).unwrap();
        assert_eq!(out, items.iter().map(|x| x * 2).collect::<Vec<_>>());
        assert!(map_on_workers(&[] as &[u32], |x| *x).unwrap().is_empty());
    }

    /// Regression (`--each` over 1,000 workloads overflowed a stack): a report never runs as
    /// a rayon job, where typst's own rayon work could steal and nest another report.
    #[test]
    fn reports_run_on_plain_threads_with_a_large_stack() {
        let items: Vec<u32> = (0..8).collect();
        let seen = map_on_workers(&items, |_| {
            // 4 MiB on the stack: more than a rayon or default std thread (2 MiB) holds.
            let big = [1u8; 4 * 1024 * 1024];
            (
                rayon::current_thread_index(),
                std::thread::current().name().map(str::to_owned),
                std::hint::black_box(&big)
                    .iter()
                    .map(|&b| u32::from(b))
                    .sum::<u32>(),
            )
        })
        .unwrap();
        for (rayon_index, name, sum) in seen {
            assert_eq!(rayon_index, None);
            assert!(name.is_some_and(|n| n.starts_with("wafr-report-")));
            assert_eq!(sum, 4 * 1024 * 1024);
        }
    }
}
