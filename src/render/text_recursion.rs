//! Tera has no recursion limit: a macro that calls itself (directly or through others) or a
//! template that includes itself runs until the stack overflows, which aborts the process. So
//! user text templates are checked before they run: any cycle of macro calls and includes is a
//! template error naming the cycle. (The built-in templates never recurse.)

use std::collections::{BTreeMap, BTreeSet};

use tera::Tera;
use tera::ast::{Expr, ExprVal, Node};

/// A unit that can run: a template's top level (`macro` empty) or one of its macros.
type Unit = (String, String);

fn expr_calls(e: &Expr, out: &mut Vec<(String, String)>) {
    for f in &e.filters {
        for a in f.args.values() {
            expr_calls(a, out);
        }
    }
    val_calls(&e.val, out);
}

fn val_calls(v: &ExprVal, out: &mut Vec<(String, String)>) {
    match v {
        ExprVal::MacroCall(m) => {
            out.push((m.namespace.clone(), m.name.clone()));
            for a in m.args.values() {
                expr_calls(a, out);
            }
        }
        ExprVal::FunctionCall(f) => f.args.values().for_each(|a| expr_calls(a, out)),
        ExprVal::Math(m) => {
            expr_calls(&m.lhs, out);
            expr_calls(&m.rhs, out);
        }
        ExprVal::Logic(l) => {
            expr_calls(&l.lhs, out);
            expr_calls(&l.rhs, out);
        }
        ExprVal::Test(t) => t.args.iter().for_each(|a| expr_calls(a, out)),
        ExprVal::Array(xs) => xs.iter().for_each(|a| expr_calls(a, out)),
        ExprVal::StringConcat(s) => s.values.iter().for_each(|x| val_calls(x, out)),
        ExprVal::In(i) => {
            expr_calls(&i.lhs, out);
            expr_calls(&i.rhs, out);
        }
        ExprVal::String(_)
        | ExprVal::Int(_)
        | ExprVal::Float(_)
        | ExprVal::Bool(_)
        | ExprVal::Ident(_) => {}
    }
}

/// Macro calls (namespace, name) and included template names in `nodes`, not descending into
/// macro definitions (those are units of their own).
fn node_calls(nodes: &[Node], calls: &mut Vec<(String, String)>, includes: &mut Vec<String>) {
    for n in nodes {
        match n {
            Node::VariableBlock(_, e) => expr_calls(e, calls),
            Node::Set(_, s) => expr_calls(&s.value, calls),
            Node::Include(_, names, _) => includes.extend(names.iter().cloned()),
            Node::FilterSection(_, f, _) => {
                f.filter.args.values().for_each(|a| expr_calls(a, calls));
                node_calls(&f.body, calls, includes);
            }
            Node::Block(_, b, _) => node_calls(&b.body, calls, includes),
            Node::Forloop(_, f, _) => {
                expr_calls(&f.container, calls);
                node_calls(&f.body, calls, includes);
                if let Some(e) = &f.empty_body {
                    node_calls(e, calls, includes);
                }
            }
            Node::If(i, _) => {
                for (_, e, body) in &i.conditions {
                    expr_calls(e, calls);
                    node_calls(body, calls, includes);
                }
                if let Some((_, body)) = &i.otherwise {
                    node_calls(body, calls, includes);
                }
            }
            Node::MacroDefinition(..)
            | Node::Super
            | Node::Text(_)
            | Node::Extends(..)
            | Node::ImportMacro(..)
            | Node::Raw(..)
            | Node::Break(_)
            | Node::Continue(_)
            | Node::Comment(..) => {}
        }
    }
}

/// The first cycle of macro calls or includes, as `a → b → a`, if any.
pub(crate) fn find_cycle(tera: &Tera) -> Option<String> {
    let mut edges: BTreeMap<Unit, BTreeSet<Unit>> = BTreeMap::new();
    for (name, t) in &tera.templates {
        let namespaces: BTreeMap<&str, &str> = t
            .imported_macro_files
            .iter()
            .map(|(file, ns)| (ns.as_str(), file.as_str()))
            .collect();
        let mut bodies: Vec<(String, &[Node])> = vec![(String::new(), t.ast.as_slice())];
        // Blocks are reached through the top level; macros are units of their own.
        for (m, def) in &t.macros {
            bodies.push((m.clone(), def.body.as_slice()));
        }
        for (unit, body) in bodies {
            let (mut calls, mut includes) = (Vec::new(), Vec::new());
            node_calls(body, &mut calls, &mut includes);
            let to = edges.entry((name.clone(), unit)).or_default();
            for (ns, m) in calls {
                let file = if ns == "self" {
                    Some(name.as_str())
                } else {
                    namespaces.get(ns.as_str()).copied()
                };
                if let Some(file) = file {
                    to.insert((file.to_owned(), m));
                }
            }
            for inc in includes {
                to.insert((inc, String::new()));
            }
        }
    }
    // Depth-first search with colours; iterative, so a long chain cannot overflow either.
    let mut state: BTreeMap<&Unit, u8> = BTreeMap::new(); // 1 on the path, 2 done
    for start in edges.keys() {
        if state.contains_key(start) {
            continue;
        }
        let mut path: Vec<&Unit> = vec![start];
        let mut stack: Vec<std::collections::btree_set::Iter<'_, Unit>> = Vec::new();
        state.insert(start, 1);
        stack.push(edges.get(start).map(|s| s.iter()).unwrap_or_default());
        while let Some(it) = stack.last_mut() {
            match it.next() {
                Some(next) => match state.get(next) {
                    Some(1) => {
                        let from = path.iter().position(|u| *u == next).unwrap_or(0);
                        let show = |u: &Unit| {
                            if u.1.is_empty() {
                                u.0.clone()
                            } else {
                                format!("{}::{}", u.0, u.1)
                            }
                        };
                        let mut names: Vec<String> =
                            path.iter().skip(from).map(|u| show(u)).collect();
                        names.push(show(next));
                        return Some(names.join(" → "));
                    }
                    Some(_) => {}
                    None => {
                        state.insert(next, 1);
                        path.push(next);
                        stack.push(edges.get(next).map(|s| s.iter()).unwrap_or_default());
                    }
                },
                None => {
                    if let Some(done) = path.pop() {
                        state.insert(done, 2);
                    }
                    stack.pop();
                }
            }
        }
    }
    None
}
