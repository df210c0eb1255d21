//! Instruction counts for extraction beside the html5ever parse-only
//! baseline, on the same pages: wall time moves with the load of a shared
//! machine, instruction counts do not.
//!
//! ```sh
//! cargo build --release -p khulasa-extract --example speed
//! valgrind --tool=callgrind --callgrind-out-file=/tmp/cg.out \
//!   target/release/examples/speed ../shared/data/extraction/aeb/html 20
//! callgrind_annotate --inclusive=yes /tmp/cg.out | grep -E 'speed::(extract_all|parse_all)'
//! ```
//!
//! Without valgrind it prints wall and CPU time per page for both.

use std::hint::black_box;
use std::time::Instant;

/// Extracts every page once (its inclusive cost is extraction's count).
#[inline(never)]
fn extract_all(pages: &[String]) -> usize {
    let mut n = 0;
    for p in pages {
        if let Ok(a) = khulasa_extract::extract(black_box(p.as_bytes()), None) {
            n += a.text.len();
        }
    }
    n
}

/// Parses every page with `scraper` (html5ever) only: the baseline.
#[inline(never)]
fn parse_all(pages: &[String]) -> usize {
    let mut n = 0;
    for p in pages {
        let doc = scraper::Html::parse_document(black_box(p));
        n += doc.tree.nodes().count();
    }
    n
}

fn cpu_ms() -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or(0.0, |ns| ns / 1e6)
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let dir = args.get(1).expect("usage: speed DIR [N] [ROUNDS]");
    let n: usize = args
        .get(2)
        .and_then(|a| a.parse().ok())
        .unwrap_or(usize::MAX);
    let rounds: usize = args.get(3).and_then(|a| a.parse().ok()).unwrap_or(1);
    let mut paths: Vec<_> = std::fs::read_dir(dir)
        .expect("read dir")
        .flatten()
        .map(|e| e.path())
        .collect();
    paths.sort();
    let pages: Vec<String> = paths
        .iter()
        .take(n)
        .map(|p| khulasa_extract::decode(&std::fs::read(p).expect("read"), None).expect("decode"))
        .collect();
    let per = |f: &dyn Fn(&[String]) -> usize| {
        let (c0, t0) = (cpu_ms(), Instant::now());
        for _ in 0..rounds {
            black_box(f(&pages));
        }
        let k = (rounds * pages.len()) as f64;
        (t0.elapsed().as_secs_f64() * 1e3 / k, (cpu_ms() - c0) / k)
    };
    let (ew, ec) = per(&extract_all);
    let (pw, pc) = per(&parse_all);
    println!(
        "{} pages x {rounds}: extract {ew:.2} ms wall {ec:.2} ms CPU per page; baseline parse-only {pw:.2} ms wall {pc:.2} ms CPU",
        pages.len()
    );
}
