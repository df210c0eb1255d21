//! Prints the sentences of a file, one a line, with paragraph index:
//! `cargo run -p khulasa-text --example segment_file -- FILE`.
fn main() {
    let path = std::env::args().nth(1).expect("usage: segment_file FILE");
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 file");
    for (i, s) in khulasa_text::segment(&text).iter().enumerate() {
        println!(
            "{i:>3} p{} | {}",
            s.paragraph,
            &text[s.span.start..s.span.end]
        );
    }
}
