//! Build script: tells cargo when embedded data changes.
// The mapping data and report templates are embedded with `include_dir!`, which does not tell
// cargo to rebuild when they change (include_dir issues #31 and #77); these lines do.
fn main() {
    println!("cargo:rerun-if-changed=mappings");
    println!("cargo:rerun-if-changed=report-templates");
}
