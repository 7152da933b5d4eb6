//! Size limits, documented in the README ("Limits").

/// Largest input review file (JSON, CSV, XLSX, ODS, XLS): 64 MiB.
pub const INPUT_BYTES: u64 = 64 * 1024 * 1024;
/// Largest mapping or template file: 8 MiB.
pub const MAPPING_BYTES: u64 = 8 * 1024 * 1024;
/// Most files in a mapping or template folder.
pub const FOLDER_FILES: usize = 500;
/// Deepest folder nesting walked in a mapping or template folder.
pub const FOLDER_DEPTH: usize = 8;
