//! `cargo run -p khulasa-extract --example why -- PAGE.html[.gz] "text"`:
//! shows the ancestors of the text and the flags the extractor gave them.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let bytes = std::fs::read(&args[1]).expect("read page");
    let html = khulasa_extract::decode(&bytes, None).expect("decode");
    print!("{}", khulasa_extract::debug_explain(&html, &args[2]));
}
