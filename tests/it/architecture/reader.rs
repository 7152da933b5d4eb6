//! The reader of `tests/it/architecture.rs`: the crate's sources as files, their
//! references resolved to the files they name, their functions and the cycles between them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every source file of the library crate.
pub(super) struct Crate {
    pub(super) files: Vec<SourceFile>,
    /// module path → index into `files`
    pub(super) modules: BTreeMap<Vec<String>, usize>,
}

impl Crate {
    pub(super) fn read() -> Self {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut paths = Vec::new();
        walk(&root.join("src"), &mut paths);
        paths.sort();
        let mut files = Vec::new();
        let mut modules = BTreeMap::new();
        for path in paths {
            let rel = path
                .strip_prefix(root)
                .expect("under the root")
                .to_string_lossy()
                .replace('\\', "/");
            let text = std::fs::read_to_string(&path).expect("a readable source file");
            let module = module_of(&rel);
            if rel != "src/main.rs" {
                modules.insert(module.clone(), files.len());
            }
            files.push(SourceFile::parse(rel, module, &text));
        }
        Crate { files, modules }
    }

    /// `path` as written in `file`, made absolute from the crate root (without `crate`);
    /// `None` for a path outside the crate (std, a dependency) or in the binary.
    pub(super) fn absolute(&self, file: &SourceFile, path: &[String]) -> Option<Vec<String>> {
        self.absolute_at(file, path, 0)
    }

    pub(super) fn absolute_at(
        &self,
        file: &SourceFile,
        path: &[String],
        depth: usize,
    ) -> Option<Vec<String>> {
        if depth > 8 || file.rel == "src/main.rs" {
            return None;
        }
        let (first, rest) = path.split_first()?;
        let mut abs = match first.as_str() {
            "crate" => Vec::new(),
            "self" => file.module.clone(),
            "super" => {
                let mut m = file.module.clone();
                let mut rest = rest;
                m.pop()?;
                while rest.first().is_some_and(|s| s == "super") {
                    m.pop()?;
                    rest = &rest[1..];
                }
                m.extend(rest.iter().cloned());
                return Some(m);
            }
            name => {
                let mut child = file.module.clone();
                child.push(name.to_owned());
                if self.modules.contains_key(&child) {
                    file.module.clone()
                } else if let Some(target) = file.uses.get(name) {
                    let mut abs = self.absolute_at(file, target, depth + 1)?;
                    abs.extend(rest.iter().cloned());
                    return Some(abs);
                } else {
                    return None;
                }
            }
        };
        if !matches!(first.as_str(), "crate" | "self") {
            abs.push(first.clone());
        }
        abs.extend(rest.iter().cloned());
        Some(abs)
    }

    /// The top-level module an absolute path names (a name at the root is followed to where
    /// `lib.rs` brings it from).
    pub(super) fn top_level(&self, abs: &[String]) -> Option<String> {
        let first = abs.first()?;
        if self.modules.contains_key(std::slice::from_ref(first)) {
            return Some(first.clone());
        }
        let lib = &self.files[self.modules[&Vec::new()]];
        let target = lib.uses.get(first.as_str())?;
        let abs = self.absolute(lib, target)?;
        (abs.first() != Some(first)).then(|| self.top_level(&abs))?
    }

    /// The file that defines what an absolute path names, re-exports followed; `None` when the
    /// path names a module itself (bringing a module's name into scope uses nothing of it).
    pub(super) fn defining_file(&self, abs: &[String]) -> Option<usize> {
        self.defining_file_at(abs, 0)
    }

    pub(super) fn defining_file_at(&self, abs: &[String], depth: usize) -> Option<usize> {
        let mut module: Vec<String> = Vec::new();
        for (k, seg) in abs.iter().enumerate() {
            let mut child = module.clone();
            child.push(seg.clone());
            if self.modules.contains_key(&child) {
                module = child;
                continue;
            }
            let here = *self.modules.get(&module)?;
            let file = &self.files[here];
            if depth > 16 || file.defines.contains(seg) {
                return Some(here);
            }
            let follow = |target: &[String]| {
                let mut t = self.absolute(file, target)?;
                t.extend(abs[k + 1..].iter().cloned());
                self.defining_file_at(&t, depth + 1)
            };
            if seg == "*" {
                return Some(here);
            }
            if let Some(target) = file.uses.get(seg.as_str()) {
                return follow(target).or(Some(here));
            }
            for glob in &file.globs {
                let Some(g) = self.absolute(file, glob) else {
                    continue;
                };
                let Some(&gi) = self.modules.get(&g) else {
                    continue;
                };
                let inner = &self.files[gi];
                if inner.defines.contains(seg) || inner.uses.contains_key(seg.as_str()) {
                    let mut t = g;
                    t.extend(abs[k..].iter().cloned());
                    return self.defining_file_at(&t, depth + 1);
                }
            }
            return Some(here);
        }
        None
    }
}

pub(super) fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("a readable folder") {
        let path = entry.expect("a folder entry").path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/a/b.rs` and `src/a/b/mod.rs` → `[a, b]`; `src/lib.rs` → `[]`.
pub(super) fn module_of(rel: &str) -> Vec<String> {
    let inner = rel.trim_start_matches("src/").trim_end_matches(".rs");
    let mut parts: Vec<String> = inner.split('/').map(str::to_owned).collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// One source file, read.
pub(super) struct SourceFile {
    pub(super) rel: String,
    pub(super) module: Vec<String>,
    pub(super) lines: usize,
    /// Every path naming something of the crate: `use` trees expanded, and paths in code.
    pub(super) refs: Vec<Ref>,
    /// Names a `use` brought into scope → the path it names (as written).
    pub(super) uses: BTreeMap<String, Vec<String>>,
    /// `use x::*` targets (as written).
    pub(super) globs: Vec<Vec<String>>,
    /// Names defined here (struct, enum, fn, trait, type, const, static, mod, macro).
    pub(super) defines: BTreeSet<String>,
    pub(super) fns: Vec<Fn>,
}

pub(super) struct Ref {
    pub(super) path: Vec<String>,
    pub(super) line: usize,
    /// Written as `crate::`, `super::` or `self::`, or in a `use` (what the stage rule reads).
    pub(super) textual: bool,
}

pub(super) struct Fn {
    pub(super) name: String,
    pub(super) line: usize,
    pub(super) lines: usize,
}

#[derive(Debug)]
pub(super) struct Tok {
    pub(super) text: String,
    pub(super) line: usize,
}

impl SourceFile {
    pub(super) fn parse(rel: String, module: Vec<String>, text: &str) -> Self {
        let code = without_tests(&without_comments_and_literals(text));
        let toks = tokens(&code);
        let mut file = SourceFile {
            rel,
            module,
            lines: text.lines().count(),
            refs: Vec::new(),
            uses: BTreeMap::new(),
            globs: Vec::new(),
            defines: BTreeSet::new(),
            fns: Vec::new(),
        };
        let is = |i: usize, s: &str| toks.get(i).is_some_and(|t| t.text == s);
        let mut i = 0;
        while i < toks.len() {
            let t = &toks[i];
            match t.text.as_str() {
                "use" => {
                    let mut paths = Vec::new();
                    let end = use_tree(&toks, i + 1, &mut Vec::new(), &mut paths);
                    for (path, name) in paths {
                        if path.last().is_some_and(|s| s == "*") {
                            file.globs.push(path[..path.len() - 1].to_vec());
                        } else if let Some(name) = name {
                            file.uses.insert(name, path.clone());
                        }
                        file.refs.push(Ref {
                            path,
                            line: t.line,
                            textual: true,
                        });
                    }
                    i = end;
                    continue;
                }
                "in" if i > 0 && is(i - 1, "(") => {
                    // pub(in crate::x): a visibility, not a use
                    while i < toks.len() && !is(i, ")") {
                        i += 1;
                    }
                    continue;
                }
                "struct" | "enum" | "trait" | "type" | "const" | "static" | "union" | "mod"
                | "macro_rules" => {
                    let k = if is(i + 1, "!") { i + 2 } else { i + 1 };
                    if let Some(n) = toks.get(k).filter(|n| is_ident(&n.text)) {
                        file.defines.insert(n.text.clone());
                    }
                }
                "fn" => {
                    if let Some(n) = toks.get(i + 1).filter(|n| is_ident(&n.text)) {
                        file.defines.insert(n.text.clone());
                        if let Some(end) = fn_end(&toks, i + 2) {
                            file.fns.push(Fn {
                                name: n.text.clone(),
                                line: t.line,
                                lines: end - t.line + 1,
                            });
                        }
                    }
                }
                _ => {}
            }
            let starts_path = is(i + 1, "::") && is_ident(&t.text) && !(i > 0 && is(i - 1, "::"));
            if starts_path {
                let mut path = vec![t.text.clone()];
                let mut k = i + 1;
                while is(k, "::") && toks.get(k + 1).is_some_and(|n| is_ident(&n.text)) {
                    path.push(toks[k + 1].text.clone());
                    k += 2;
                }
                let textual = is_crate_path(&path);
                file.refs.push(Ref {
                    path,
                    line: t.line,
                    textual,
                });
                i = k;
                continue;
            }
            i += 1;
        }
        file
    }
}

pub(super) fn is_crate_path(path: &[String]) -> bool {
    matches!(
        path.first().map(String::as_str),
        Some("crate" | "super" | "self")
    )
}

pub(super) fn is_ident(s: &str) -> bool {
    s.starts_with(|c: char| c.is_alphabetic() || c == '_')
}

/// Reads a use tree from `i`; pushes each leaf path with the name it brings into scope
/// (`None` for `_` and globs). Returns the index past the tree (its `;`, `,` or `}`).
pub(super) fn use_tree(
    toks: &[Tok],
    mut i: usize,
    prefix: &mut Vec<String>,
    out: &mut Vec<(Vec<String>, Option<String>)>,
) -> usize {
    let depth = prefix.len();
    while let Some(t) = toks.get(i) {
        match t.text.as_str() {
            "::" => i += 1,
            "{" => {
                i += 1;
                loop {
                    i = use_tree(toks, i, prefix, out);
                    match toks.get(i).map(|t| t.text.as_str()) {
                        Some(",") => i += 1,
                        Some("}") => {
                            i += 1;
                            break;
                        }
                        _ => break,
                    }
                }
            }
            "*" => {
                let mut path = prefix.clone();
                path.push("*".into());
                out.push((path, None));
                i += 1;
            }
            ";" | "," | "}" => break,
            "as" => {
                let alias = toks.get(i + 1).map(|t| t.text.clone());
                if let Some((_, name)) = out.last_mut() {
                    *name = alias.filter(|a| a != "_");
                }
                i += 2;
            }
            word => {
                let leaf = toks.get(i + 1).is_none_or(|n| n.text != "::");
                if word == "self" && !prefix.is_empty() && leaf {
                    let name = prefix.last().cloned();
                    out.push((prefix.clone(), name));
                } else {
                    prefix.push(word.to_owned());
                    if leaf {
                        out.push((prefix.clone(), Some(word.to_owned())));
                    }
                }
                i += 1;
            }
        }
    }
    prefix.truncate(depth);
    // past the `;` of a whole declaration
    if depth == 0 && toks.get(i).is_some_and(|t| t.text == ";") {
        i += 1;
    }
    i
}

/// The line of the closing brace of the function whose signature continues at `i`; `None` for
/// a declaration without a body.
pub(super) fn fn_end(toks: &[Tok], mut i: usize) -> Option<usize> {
    let mut parens = 0i32;
    while let Some(t) = toks.get(i) {
        match t.text.as_str() {
            "(" | "[" => parens += 1,
            ")" | "]" => parens -= 1,
            ";" if parens == 0 => return None,
            "{" if parens == 0 => {
                let mut depth = 0;
                for t in &toks[i..] {
                    match t.text.as_str() {
                        "{" => depth += 1,
                        "}" => {
                            depth -= 1;
                            if depth == 0 {
                                return Some(t.line);
                            }
                        }
                        _ => {}
                    }
                }
                return None;
            }
            _ => {}
        }
        i += 1;
    }
    None
}

/// Identifiers (`$crate` read as `crate`), `::`, and single punctuation characters, with their
/// line numbers.
pub(super) fn tokens(code: &str) -> Vec<Tok> {
    let c: Vec<char> = code.chars().collect();
    let mut out = Vec::new();
    let (mut i, mut line) = (0, 1);
    while i < c.len() {
        let ch = c[i];
        if ch == '\n' {
            line += 1;
            i += 1;
        } else if ch.is_whitespace() {
            i += 1;
        } else if ch.is_alphanumeric() || ch == '_' {
            let start = i;
            while i < c.len() && (c[i].is_alphanumeric() || c[i] == '_') {
                i += 1;
            }
            let text: String = c[start..i].iter().collect();
            out.push(Tok { text, line });
        } else if ch == ':' && c.get(i + 1) == Some(&':') {
            out.push(Tok {
                text: "::".into(),
                line,
            });
            i += 2;
        } else if ch == '$' && c.get(i + 1).is_some_and(|n| n.is_alphabetic()) {
            i += 1;
        } else {
            out.push(Tok {
                text: ch.to_string(),
                line,
            });
            i += 1;
        }
    }
    out
}

/// `src` with comments, string literals and character literals blanked (newlines kept, so
/// line numbers stay).
pub(super) fn without_comments_and_literals(src: &str) -> String {
    let c: Vec<char> = src.chars().collect();
    let mut out = String::with_capacity(src.len());
    let blank = |out: &mut String, chars: &[char]| {
        for &ch in chars {
            out.push(if ch == '\n' { '\n' } else { ' ' });
        }
    };
    let mut i = 0;
    while i < c.len() {
        let at = |k: usize| c.get(k).copied();
        let after_ident = i > 0 && (c[i - 1].is_alphanumeric() || c[i - 1] == '_');
        let end = if c[i] == '/' && at(i + 1) == Some('/') {
            let mut j = i;
            while j < c.len() && c[j] != '\n' {
                j += 1;
            }
            Some(j)
        } else if c[i] == '/' && at(i + 1) == Some('*') {
            let (mut j, mut depth) = (i + 2, 1);
            while j < c.len() && depth > 0 {
                if c[j] == '/' && at(j + 1) == Some('*') {
                    depth += 1;
                    j += 2;
                } else if c[j] == '*' && at(j + 1) == Some('/') {
                    depth -= 1;
                    j += 2;
                } else {
                    j += 1;
                }
            }
            Some(j)
        } else if !after_ident && (c[i] == 'r' || (c[i] == 'b' && at(i + 1) == Some('r'))) {
            let mut j = i + if c[i] == 'b' { 2 } else { 1 };
            let mut hashes = 0;
            while at(j) == Some('#') {
                hashes += 1;
                j += 1;
            }
            if at(j) == Some('"') {
                j += 1;
                while j < c.len() && !(c[j] == '"' && (1..=hashes).all(|k| at(j + k) == Some('#')))
                {
                    j += 1;
                }
                Some((j + 1 + hashes).min(c.len()))
            } else {
                None
            }
        } else if c[i] == '"' {
            let mut j = i + 1;
            while j < c.len() && c[j] != '"' {
                j += if c[j] == '\\' { 2 } else { 1 };
            }
            Some((j + 1).min(c.len()))
        } else if c[i] == '\'' && at(i + 1) == Some('\\') {
            let mut j = i + 3;
            while j < c.len() && c[j] != '\'' {
                j += 1;
            }
            Some((j + 1).min(c.len()))
        } else if c[i] == '\'' && at(i + 2) == Some('\'') {
            Some(i + 3)
        } else {
            None
        };
        match end {
            Some(j) => {
                blank(&mut out, &c[i..j]);
                i = j;
            }
            None => {
                out.push(c[i]);
                i += 1;
            }
        }
    }
    out
}

/// `code` (already without comments and literals) with every item under a `#[cfg(...)]` that
/// names `test` blanked: the test modules, test-only functions and imports.
pub(super) fn without_tests(code: &str) -> String {
    let mut c: Vec<char> = code.chars().collect();
    let mut i = 0;
    while i + 6 < c.len() {
        if !(c[i] == '#' && c[i + 1] == '[') {
            i += 1;
            continue;
        }
        let close = bracket_end(&c, i + 1, '[', ']');
        let attr: String = c[i + 2..close]
            .iter()
            .filter(|ch| !ch.is_whitespace())
            .collect();
        let test_only = attr.starts_with("cfg(")
            && !attr.contains("not(")
            && attr
                .split(|ch: char| !(ch.is_alphanumeric() || ch == '_'))
                .any(|w| w == "test");
        if !test_only {
            i = close + 1;
            continue;
        }
        // the item: more attributes, then up to its `;` or its braced body
        let mut j = close + 1;
        let mut parens = 0i32;
        while j < c.len() {
            match c[j] {
                '#' if c.get(j + 1) == Some(&'[') => j = bracket_end(&c, j + 1, '[', ']'),
                '(' | '[' => parens += 1,
                ')' | ']' => parens -= 1,
                ';' if parens == 0 => break,
                '{' if parens == 0 => {
                    j = bracket_end(&c, j, '{', '}');
                    break;
                }
                _ => {}
            }
            j += 1;
        }
        for ch in &mut c[i..(j + 1).min(code.chars().count())] {
            if *ch != '\n' {
                *ch = ' ';
            }
        }
        i = j + 1;
    }
    c.into_iter().collect()
}

/// The index of the bracket closing the one opened at `open`.
pub(super) fn bracket_end(c: &[char], open: usize, l: char, r: char) -> usize {
    let mut depth = 0;
    for (k, &ch) in c.iter().enumerate().skip(open) {
        if ch == l {
            depth += 1;
        } else if ch == r {
            depth -= 1;
            if depth == 0 {
                return k;
            }
        }
    }
    c.len() - 1
}

/// Every elementary cycle found by a depth-first search (one per back edge), each as the files
/// in order, the first repeated at the end.
pub(super) fn cycles(graph: &BTreeMap<usize, BTreeMap<usize, usize>>) -> Vec<Vec<usize>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        Open,
        Done,
    }
    pub(super) fn visit(
        n: usize,
        graph: &BTreeMap<usize, BTreeMap<usize, usize>>,
        mark: &mut BTreeMap<usize, Mark>,
        stack: &mut Vec<usize>,
        found: &mut Vec<Vec<usize>>,
    ) {
        mark.insert(n, Mark::Open);
        stack.push(n);
        for &m in graph.get(&n).map(|e| e.keys()).into_iter().flatten() {
            match mark.get(&m).copied().unwrap_or(Mark::New) {
                Mark::New => visit(m, graph, mark, stack, found),
                Mark::Open => {
                    let from = stack.iter().position(|&s| s == m).expect("on the stack");
                    let mut cycle = stack[from..].to_vec();
                    cycle.push(m);
                    found.push(cycle);
                }
                Mark::Done => {}
            }
        }
        stack.pop();
        mark.insert(n, Mark::Done);
    }
    let mut mark = BTreeMap::new();
    let mut found = Vec::new();
    for &n in graph.keys() {
        if mark.get(&n).copied().unwrap_or(Mark::New) == Mark::New {
            visit(n, graph, &mut mark, &mut Vec::new(), &mut found);
        }
    }
    found
}
