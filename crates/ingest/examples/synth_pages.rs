//! Writes N synthetic Arabic news pages into a folder, to try `khulasa batch`
//! or measure its throughput without an archive at hand:
//!
//! ```sh
//! cargo run --release -p khulasa-ingest --example synth_pages -- /tmp/pages 5000
//! khulasa batch /tmp/pages --db /tmp/news.db
//! ```

use std::path::PathBuf;

fn main() -> std::io::Result<()> {
    let mut args = std::env::args().skip(1);
    let (Some(dir), n) = (args.next(), args.next()) else {
        eprintln!("usage: synth_pages DIR [N]  (N defaults to 1000)");
        std::process::exit(2);
    };
    let n: usize = n.as_deref().unwrap_or("1000").parse().unwrap_or(1000);
    let dir = PathBuf::from(dir);
    std::fs::create_dir_all(&dir)?;
    let mut bytes = 0usize;
    for i in 0..n {
        let page = khulasa_ingest::synth::news_page(i);
        bytes += page.len();
        std::fs::write(dir.join(format!("{i:06}.html")), page)?;
    }
    eprintln!(
        "wrote {n} pages ({} KB on average) to {}",
        bytes / n.max(1) / 1024,
        dir.display()
    );
    Ok(())
}
