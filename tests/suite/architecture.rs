//! The layers of docs/architecture.md, checked on the source so that they
//! cannot rot: which module may import which, no import cycles between
//! modules, and no source file grown into a grab-bag. The module graph is
//! read from `use crate::…` trees, inline `crate::…` paths, and paths through
//! an imported module's name (`groups::relay::…` after `use crate::services::groups`).

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

use regex::Regex;

/// Every source file of the library, by module path (`services::statuses::inbound`).
fn modules() -> BTreeMap<String, PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                out.push(path);
            }
        }
    }
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files
        .into_iter()
        .filter_map(|path| {
            let relative = path.strip_prefix(&root).unwrap().with_extension("");
            let mut parts: Vec<String> = relative.iter().map(|p| p.to_string_lossy().into_owned()).collect();
            if parts.first().is_some_and(|p| p == "bin") {
                return None;
            }
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            let name = parts.join("::");
            (name != "lib" && name != "main").then_some((name, path))
        })
        .collect()
}

/// The code of a file without its unit tests (always last, by convention).
fn code_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    match text.find("#[cfg(test)]\nmod tests") {
        Some(at) => text[..at].to_owned(),
        None => text,
    }
}

/// Expands a `use` tree (`a::{b, c::{d, e as f}}`) into `(path, alias)` pairs.
fn expand(prefix: &str, tree: &str, out: &mut Vec<(String, String)>) {
    let tree = tree.trim();
    if let Some(open) = tree.find('{') {
        let head = tree[..open].trim_end_matches("::").trim();
        let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
        let base = join(prefix, head);
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    expand(&base, &inner[start..i], out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        expand(&base, &inner[start..], out);
    } else if !tree.is_empty() {
        let (path, alias) = match tree.split_once(" as ") {
            Some((path, alias)) => (path.trim(), alias.trim()),
            None => (tree, tree.rsplit("::").next().unwrap_or(tree)),
        };
        let full = if path == "self" {
            prefix.to_owned()
        } else {
            join(prefix, path)
        };
        let alias = if tree == "self" {
            prefix.rsplit("::").next().unwrap_or(prefix)
        } else {
            alias
        };
        out.push((full, alias.to_owned()));
    }
}

fn join(prefix: &str, rest: &str) -> String {
    match (prefix.is_empty(), rest.is_empty()) {
        (true, _) => rest.to_owned(),
        (_, true) => prefix.to_owned(),
        _ => format!("{prefix}::{rest}"),
    }
}

/// The module a path names or lives in: its longest prefix that is a module.
fn resolve<'a>(path: &str, known: &'a BTreeMap<String, PathBuf>) -> Option<&'a str> {
    let parts: Vec<&str> = path.split("::").collect();
    (1..=parts.len())
        .rev()
        .map(|n| parts[..n].join("::"))
        .find_map(|candidate| known.get_key_value(&candidate).map(|(k, _)| k.as_str()))
}

fn related(a: &str, b: &str) -> bool {
    a == b || a.starts_with(&format!("{b}::")) || b.starts_with(&format!("{a}::"))
}

/// Which module uses which.
fn graph() -> (BTreeMap<String, PathBuf>, BTreeMap<String, BTreeSet<String>>) {
    let known = modules();
    let use_statement = Regex::new(r"(?s)\buse crate::(.*?);").unwrap();
    let inline = Regex::new(r"\bcrate::([a-z_0-9]+(?:::[a-z_0-9]+)*)").unwrap();
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, path) in &known {
        let code = code_of(path);
        let mut targets = BTreeSet::new();
        let mut aliases: HashMap<String, String> = HashMap::new();
        for captures in use_statement.captures_iter(&code) {
            let mut pairs = Vec::new();
            expand("", &captures[1], &mut pairs);
            for (full, alias) in pairs {
                if let Some(target) = resolve(&full, &known) {
                    targets.insert(target.to_owned());
                    if target == full {
                        aliases.insert(alias, full);
                    }
                }
            }
        }
        for captures in inline.captures_iter(&code) {
            if let Some(target) = resolve(&captures[1], &known) {
                targets.insert(target.to_owned());
            }
        }
        for (alias, full) in &aliases {
            let through = Regex::new(&format!(r"\b{alias}::([a-z_0-9]+(?:::[a-z_0-9]+)*)")).unwrap();
            for captures in through.captures_iter(&code) {
                if let Some(target) = resolve(&format!("{full}::{}", &captures[1]), &known) {
                    targets.insert(target.to_owned());
                }
            }
        }
        targets.retain(|t| !related(t, module));
        edges.insert(module.clone(), targets);
    }
    (known, edges)
}

fn top(module: &str) -> &str {
    module.split("::").next().unwrap_or(module)
}

#[test]
fn each_layer_imports_only_what_lies_below_it() {
    let (_, edges) = graph();
    // (importer's top module, forbidden top modules)
    let rules: &[(&str, &[&str])] = &[
        ("web", &["activitypub", "federation", "api", "startup", "cli"]),
        ("api", &["activitypub", "federation", "web", "startup", "cli"]),
        ("federation", &["web", "api", "startup", "cli"]),
        ("services", &["web", "api", "federation", "startup", "cli"]),
        (
            "activitypub",
            &["services", "web", "api", "federation", "startup", "cli"],
        ),
        (
            "db",
            &["services", "web", "api", "federation", "activitypub", "startup", "cli"],
        ),
        (
            "domain",
            &[
                "services",
                "web",
                "api",
                "federation",
                "activitypub",
                "db",
                "startup",
                "cli",
                "state",
            ],
        ),
    ];
    let mut broken = Vec::new();
    for (module, targets) in &edges {
        for (layer, forbidden) in rules {
            if top(module) != *layer {
                continue;
            }
            for target in targets.iter().filter(|t| forbidden.contains(&top(t))) {
                broken.push(format!("{module} imports {target}"));
            }
        }
    }
    assert!(broken.is_empty(), "imports against the layers:\n{}", broken.join("\n"));
}

#[test]
fn no_two_modules_import_each_other_even_through_others() {
    let (known, edges) = graph();
    // Tarjan's strongly connected components.
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: HashMap<&'a str, usize>,
        low: HashMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        next: usize,
        cycles: Vec<Vec<&'a str>>,
    }
    fn visit<'a>(state: &mut State<'a>, v: &'a str) {
        state.index.insert(v, state.next);
        state.low.insert(v, state.next);
        state.next += 1;
        state.stack.push(v);
        state.on_stack.insert(v);
        let edges = state.edges;
        for w in edges.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !state.index.contains_key(w) {
                visit(state, w);
                let low = state.low[v].min(state.low[w]);
                state.low.insert(v, low);
            } else if state.on_stack.contains(w) {
                let low = state.low[v].min(state.index[w]);
                state.low.insert(v, low);
            }
        }
        if state.low[v] == state.index[v] {
            let mut component = Vec::new();
            while let Some(w) = state.stack.pop() {
                state.on_stack.remove(w);
                component.push(w);
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                state.cycles.push(component);
            }
        }
    }
    let mut state = State {
        edges: &edges,
        index: HashMap::new(),
        low: HashMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        next: 0,
        cycles: Vec::new(),
    };
    for module in known.keys() {
        if !state.index.contains_key(module.as_str()) {
            visit(&mut state, module);
        }
    }
    let cycles: Vec<String> = state
        .cycles
        .iter()
        .map(|c| {
            let mut c = c.clone();
            c.sort();
            c.join(" ↔ ")
        })
        .collect();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn no_source_file_is_over_eight_hundred_lines() {
    let long: Vec<String> = modules()
        .into_iter()
        .filter(|(_, path)| !path.ends_with("db/schema.rs"))
        .filter_map(|(module, path)| {
            let lines = std::fs::read_to_string(&path).unwrap().lines().count();
            (lines > 800).then(|| format!("{module}: {lines} lines"))
        })
        .collect();
    assert!(long.is_empty(), "files over 800 lines:\n{}", long.join("\n"));
}

#[test]
fn the_use_tree_reader_reads_nested_groups_and_aliases() {
    let mut pairs = Vec::new();
    expand(
        "",
        "services::{self, groups::{relay, self as g}, statuses as s}",
        &mut pairs,
    );
    let expected = [
        ("services", "services"),
        ("services::groups::relay", "relay"),
        ("services::groups", "g"),
        ("services::statuses", "s"),
    ];
    let expected: Vec<(String, String)> = expected
        .iter()
        .map(|(a, b)| ((*a).to_owned(), (*b).to_owned()))
        .collect();
    assert_eq!(pairs, expected);
}
