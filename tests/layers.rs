//! The house's rules of direction, read from the sources (docs/architecture.md):
//!
//! - `domain` uses no web types (leptos, web_sys, js_sys, gloo) and nothing of the other floors;
//! - `storage` uses nothing of `app` or `pages`;
//! - the shell (`app`) imports a page only to show it: in `app/mod.rs` (the layout) and
//!   `app/routes.rs` (the route table), nowhere else;
//! - no circles between modules: when one module uses another, the other does not use it back,
//!   directly or through others. A module's own submodules are part of it (a parent declaring
//!   and re-exporting its children is not a circle).
//!
//! The scan is textual: every `crate::…` and `super::…` path outside comments and outside the
//! `#[cfg(test)]` part of a file, resolved to the file that defines the module.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// A module as its path below the crate, e.g. `["pages", "intake"]`.
type Module = Vec<String>;

fn source_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .expect("src is readable")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            // A crate of its own (src/storage/fast) is not a module of this one.
            if !path.join("Cargo.toml").exists() {
                source_files(&path, found);
            }
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

/// The module a file defines: `src/pages/intake.rs` → pages::intake, `src/app/mod.rs` → app.
fn module_of(root: &Path, file: &Path) -> Module {
    let relative = file.strip_prefix(root).expect("below src");
    let mut parts: Module = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("a file name");
    let stem = last.trim_end_matches(".rs");
    if !matches!(stem, "mod" | "lib" | "main") {
        parts.push(stem.to_owned());
    }
    parts
}

/// The code of a file without comments and without its tests (from the first `#[cfg(test)]`).
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .map(|line| match line.find("//") {
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The module paths a file's code names: `crate::a::b::Item`, `crate::a::{b, c::D}` and
/// `super::x`, as paths from the crate root (items included; they are resolved later).
fn paths_named(module: &Module, is_mod_file: bool, code: &str) -> Vec<Module> {
    let mut found = Vec::new();
    for (start, prefix) in code
        .match_indices("crate::")
        .chain(code.match_indices("super::"))
    {
        if start > 0 && code[..start].ends_with(|c: char| is_ident(c) || c == ':') {
            continue;
        }
        let mut base: Module = if prefix == "crate::" {
            Vec::new()
        } else {
            // `super` of a `mod.rs` file's module is its parent; of `x.rs`, the parent too.
            let mut parent = module.clone();
            if !is_mod_file || !parent.is_empty() {
                parent.pop();
            }
            parent
        };
        let rest = &code[start + prefix.len()..];
        let mut cursor = rest;
        loop {
            let name: String = cursor.chars().take_while(|&c| is_ident(c)).collect();
            if !name.is_empty() {
                if name == "super" {
                    base.pop();
                } else {
                    base.push(name.clone());
                }
                cursor = &cursor[name.len()..];
                if let Some(next) = cursor.strip_prefix("::") {
                    cursor = next;
                    continue;
                }
                found.push(base);
                break;
            }
            if let Some(group) = cursor.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for member in group[..end].split(',') {
                    let mut path = base.clone();
                    for segment in member.trim().split("::") {
                        let segment: String =
                            segment.chars().take_while(|&c| is_ident(c)).collect();
                        if segment.is_empty() || segment == "self" {
                            break;
                        }
                        path.push(segment);
                    }
                    found.push(path);
                }
            } else {
                found.push(base);
            }
            break;
        }
    }
    found
}

/// The module (file) that defines `path`: its longest prefix that is a module.
fn resolve(modules: &BTreeSet<Module>, path: &Module) -> Option<Module> {
    (0..=path.len())
        .rev()
        .map(|n| path[..n].to_vec())
        .find(|prefix| modules.contains(prefix))
}

struct Graph {
    edges: BTreeMap<Module, BTreeSet<Module>>,
    code: BTreeMap<Module, String>,
}

fn graph() -> Graph {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&root, &mut files);
    let mut code = BTreeMap::new();
    let mut is_mod = BTreeMap::new();
    for file in &files {
        // main.rs is the binary, a crate of its own.
        if file.ends_with("main.rs") {
            continue;
        }
        let module = module_of(&root, file);
        let text = fs::read_to_string(file).expect("readable source");
        is_mod.insert(
            module.clone(),
            file.ends_with("mod.rs") || file.ends_with("lib.rs"),
        );
        code.insert(module, code_of(&text));
    }
    let modules: BTreeSet<Module> = code.keys().cloned().collect();
    let mut edges: BTreeMap<Module, BTreeSet<Module>> = BTreeMap::new();
    for (module, text) in &code {
        let targets = edges.entry(module.clone()).or_default();
        for path in paths_named(module, is_mod[module], text) {
            let Some(target) = resolve(&modules, &path) else {
                continue;
            };
            // Itself, or one of its own submodules: not a dependency between modules.
            if target.starts_with(module) {
                continue;
            }
            targets.insert(target);
        }
    }
    Graph { edges, code }
}

fn name(module: &Module) -> String {
    if module.is_empty() {
        "crate".into()
    } else {
        module.join("::")
    }
}

#[test]
fn the_domain_uses_no_web_types_and_no_other_floor() {
    let graph = graph();
    for (module, targets) in &graph.edges {
        if module.first().map(String::as_str) != Some("domain") {
            continue;
        }
        for target in targets {
            assert_eq!(
                target.first().map(String::as_str),
                Some("domain"),
                "{} uses {}",
                name(module),
                name(target)
            );
        }
        let code = &graph.code[module];
        for web in ["leptos", "web_sys", "js_sys", "gloo", "wasm_bindgen"] {
            assert!(
                !code.contains(&format!("{web}::")),
                "{} names {web}",
                name(module)
            );
        }
    }
}

#[test]
fn storage_uses_neither_the_shell_nor_the_pages() {
    let graph = graph();
    for (module, targets) in &graph.edges {
        if module.first().map(String::as_str) != Some("storage") {
            continue;
        }
        for target in targets {
            let floor = target.first().map(String::as_str);
            assert!(
                matches!(floor, Some("domain" | "storage")),
                "{} uses {}",
                name(module),
                name(target)
            );
        }
    }
}

#[test]
fn the_shell_imports_a_page_only_to_show_it() {
    let graph = graph();
    let showing: [Module; 2] = [vec!["app".into()], vec!["app".into(), "routes".into()]];
    for (module, targets) in &graph.edges {
        if module.first().map(String::as_str) != Some("app") || showing.contains(module) {
            continue;
        }
        for target in targets {
            assert_ne!(
                target.first().map(String::as_str),
                Some("pages"),
                "the shell's {} imports the page {}",
                name(module),
                name(target)
            );
        }
    }
}

#[test]
fn no_module_uses_one_that_uses_it_back() {
    let graph = graph();
    // Reachability from each module; a circle is a module that reaches itself.
    let mut circles = Vec::new();
    for start in graph.edges.keys() {
        let mut seen = BTreeSet::new();
        let mut stack: Vec<&Module> = graph.edges[start].iter().collect();
        while let Some(next) = stack.pop() {
            if !seen.insert(next.clone()) {
                continue;
            }
            if let Some(targets) = graph.edges.get(next) {
                stack.extend(targets.iter());
            }
        }
        if seen.contains(start) {
            // Name the modules of the circle: those that reach `start` back.
            let members: Vec<String> = seen
                .iter()
                .filter(|m| {
                    let mut inner = BTreeSet::new();
                    let mut stack: Vec<&Module> = vec![*m];
                    while let Some(next) = stack.pop() {
                        if inner.insert(next.clone()) {
                            if let Some(targets) = graph.edges.get(next) {
                                stack.extend(targets.iter());
                            }
                        }
                    }
                    inner.contains(start)
                })
                .map(name)
                .collect();
            circles.push(format!("{}: {}", name(start), members.join(", ")));
        }
    }
    assert!(circles.is_empty(), "circles:\n{}", circles.join("\n"));
}

#[test]
fn the_scan_sees_paths_in_groups_and_through_super() {
    let module: Module = vec!["pages".into(), "cases".into(), "detail".into()];
    let found = paths_named(
        &module,
        false,
        "use crate::app::{browser, format::date};\nuse super::feedback::Field;\nx = crate::domain::Case;",
    );
    let strings: Vec<String> = found.iter().map(name).collect();
    assert_eq!(
        strings,
        [
            "app::browser",
            "app::format::date",
            "domain::Case",
            "pages::cases::feedback::Field"
        ]
    );
    // A circle is found: the scan is not blind.
    let code = code_of("use crate::a::X; // crate::b::Y\n#[cfg(test)]\nuse crate::c::Z;");
    assert_eq!(code.matches("crate::").count(), 1);
}
