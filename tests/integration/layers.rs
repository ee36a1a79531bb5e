//! Imports run one way: a module of `src/` names only modules of its own layer or of
//! the layers below it (the order is written in `src/lib.rs`). Read from the source
//! text, so a new uphill `crate::` path fails here before it tangles the house.

use std::path::{Path, PathBuf};

/// The layers, lowest first. Modules on one line are one layer.
const LAYERS: &[&[&str]] = &[
    &["domain"],
    &["error"],
    &["i18n", "words"],
    &["store"],
    &["crypto"],
    &["live"],
    &["sync"],
    &["server"],
    &["api"],
    &["ui"],
    &["app"],
    // The crate root, the binary and the in-crate property tests sit on top.
    &["lib", "main", "decoder_props"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|layer| layer.contains(&module))
}

/// The top-level module a file of `src/` belongs to (`src/store/sql/mod.rs` -> store).
fn module_of(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap_or(file);
    let first = relative
        .components()
        .next()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .unwrap_or_default();
    first.trim_end_matches(".rs").to_string()
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .expect("read src")
        .map(|e| e.expect("entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Every `crate::<module>` a line of code (not a comment) names.
fn named_modules(line: &str) -> Vec<String> {
    let code = line.split("//").next().unwrap_or("");
    code.match_indices("crate::")
        .filter(|(at, _)| {
            // `$crate::` in macros and `ledgerlight_crate::` style names are not paths
            // into this crate's modules.
            !code[..*at].ends_with(|c: char| c == '$' || c == '_' || c.is_alphanumeric())
        })
        .map(|(at, _)| {
            code[at + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .filter(|name| !name.is_empty())
        .collect()
}

#[test]
fn no_module_imports_from_a_layer_above_its_own() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    assert!(
        files.len() > 100,
        "read the source tree ({} files)",
        files.len()
    );
    let mut uphill = Vec::new();
    for file in &files {
        let module = module_of(&src, file);
        let own = layer_of(&module)
            .unwrap_or_else(|| panic!("{} is in no layer: add it to LAYERS", file.display()));
        let text = std::fs::read_to_string(file).expect("read file");
        for (number, line) in text.lines().enumerate() {
            for named in named_modules(line) {
                // Macros and items of the crate root (`crate::hydrate`) are not layers.
                let Some(theirs) = layer_of(&named) else {
                    continue;
                };
                if theirs > own {
                    uphill.push(format!(
                        "{}:{}: {module} imports {named}",
                        file.strip_prefix(&src).unwrap_or(file).display(),
                        number + 1
                    ));
                }
            }
        }
    }
    assert!(
        uphill.is_empty(),
        "imports that run uphill:\n{}",
        uphill.join("\n")
    );
}

#[test]
fn the_check_sees_an_uphill_import() {
    assert_eq!(
        named_modules("use crate::server::ServerCtx; // crate::ui in a comment"),
        vec!["server"]
    );
    assert!(named_modules("$crate::support::sqlite()").is_empty());
    assert!(layer_of("server") > layer_of("sync"));
}
