//! The coordinating office's collection at scale: 16 devices' exports of 1,250 cases each
//! (20,000 cases, about 100,000 events) previewed together with
//! `exchange::preview_collection`. Prints figures; not a timed test.
//! Run: `cargo test --release --test collection_scale -- --ignored --nocapture`
//! (also writes the 16 files for the browser benchmark `.ci/bench-collection.mjs`).

mod common;

use kim::domain::exchange::{self, FileOutcome, RulesChoice};
use kim::domain::rules::RuleSet;
use kim::domain::Dataset;
use std::time::Instant;

/// The 16 files' datasets: the synthetic register cut into 16 devices' shares.
fn shares() -> Vec<Dataset> {
    common::synthetic(20_000)
        .chunks(1_250)
        .map(|cases| Dataset {
            rules: RuleSet::default_rheine(),
            cases: cases.to_vec(),
            contacts: vec![],
            visits: vec![],
            yearly: vec![],
        })
        .collect()
}

#[test]
#[ignore = "a measurement; writes the browser benchmark's input"]
fn sixteen_files_of_1250_cases() {
    let files = shares();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench/collection");
    std::fs::create_dir_all(&dir).unwrap();
    for (i, data) in files.iter().enumerate() {
        let device = format!("{:016x}", 0xD0_0000 + i);
        let text = exchange::export(data, "2026-12-01T09:00:00Z", &device);
        std::fs::write(dir.join(format!("kim-export-{i:02}.json")), text).unwrap();
    }
    let ours = Dataset {
        rules: RuleSet::default_rheine(),
        cases: vec![],
        contacts: vec![],
        visits: vec![],
        yearly: vec![],
    };
    let texts: Vec<String> = (0..files.len())
        .map(|i| std::fs::read_to_string(dir.join(format!("kim-export-{i:02}.json"))).unwrap())
        .collect();
    let start = Instant::now();
    let parsed: Vec<Dataset> = texts
        .iter()
        .map(|t| exchange::parse_import(t).unwrap().data)
        .collect();
    let parse_ms = start.elapsed().as_secs_f64() * 1e3;
    let refs: Vec<&Dataset> = parsed.iter().collect();
    let start = Instant::now();
    let result = exchange::preview_collection(&ours, &refs, RulesChoice::Decide).unwrap();
    let preview_ms = start.elapsed().as_secs_f64() * 1e3;
    assert_eq!(result.accepted(), 16);
    assert!(result
        .files
        .iter()
        .all(|f| matches!(f, FileOutcome::Accepted { .. })));
    assert_eq!(result.total.new_cases, 20_000);
    println!(
        "collection: 16 files × 1,250 cases; parse {parse_ms:.0} ms, preview {preview_ms:.0} ms (native release)"
    );
}

#[test]
fn a_collection_of_shares_equals_the_whole() {
    // Small: 4 shares of 25 cases give the same data as all 100 cases at once.
    let all = common::synthetic(100);
    let shares: Vec<Dataset> = all
        .chunks(25)
        .map(|cases| Dataset {
            rules: RuleSet::default_rheine(),
            cases: cases.to_vec(),
            contacts: vec![],
            visits: vec![],
            yearly: vec![],
        })
        .collect();
    let whole = Dataset {
        rules: RuleSet::default_rheine(),
        cases: all,
        contacts: vec![],
        visits: vec![],
        yearly: vec![],
    };
    let empty = Dataset {
        cases: vec![],
        ..whole.clone()
    };
    let refs: Vec<&Dataset> = shares.iter().collect();
    let result = exchange::preview_collection(&empty, &refs, RulesChoice::Decide).unwrap();
    assert_eq!(result.data, exchange::canonical(&whole));
}
