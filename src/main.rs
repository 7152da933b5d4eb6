//! The `wafr` command: parse the command line, run, print errors with their places, exit with
//! 0 (ok), 1 (a data, mapping or template problem to fix) or 2 (usage, I/O or internal error).

use std::process::ExitCode;

fn main() -> ExitCode {
    wafr::cli::main()
}
