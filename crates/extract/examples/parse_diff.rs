//! `cargo run -p khulasa-extract --example parse_diff -- PAGE.html[.gz]...`:
//! where this crate's parser builds a different tree from html5ever's
//! (elements as tag paths with attributes, texts as paths), as a line diff.

fn html5ever_tree(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let mut out = Vec::new();
    for node in doc.tree.root().descendants() {
        let mut path: Vec<String> = node
            .ancestors()
            .filter_map(|a| {
                a.value()
                    .as_element()
                    .map(|e| e.name().to_ascii_lowercase())
            })
            .collect();
        path.reverse();
        let path = path.join("/");
        match node.value() {
            scraper::Node::Element(e) => {
                let mut attrs: Vec<String> = e.attrs().map(|(k, v)| format!("{k}={v:?}")).collect();
                attrs.sort();
                out.push(format!(
                    "{path}/{} {}",
                    e.name().to_ascii_lowercase(),
                    attrs.join(" ")
                ));
            }
            scraper::Node::Text(t) if !t.trim().is_empty() => {
                out.push(format!("{path}: {:?}", &**t));
            }
            _ => {}
        }
    }
    out
}

fn main() {
    for path in std::env::args().skip(1) {
        let bytes = std::fs::read(&path).expect("read page");
        let html = khulasa_extract::decode(&bytes, None).expect("decode");
        // SVG/MathML keep their case in html5ever (`viewBox`) and name
        // spaces on attributes (`xlink:href`): not compared.
        let norm = |v: Vec<String>| -> Vec<String> {
            v.into_iter()
                .map(|l| {
                    let l = l.to_ascii_lowercase();
                    let foreign = l
                        .split(' ')
                        .next()
                        .is_some_and(|p| p.contains("svg") || p.contains("math"));
                    if foreign && !l.split(' ').next().unwrap_or("").ends_with(':') {
                        l.split(' ').next().unwrap_or("").to_string()
                    } else {
                        l
                    }
                })
                .collect()
        };
        let theirs = norm(html5ever_tree(&html));
        let ours = norm(khulasa_extract::debug_tree(&html));
        if let Ok(dir) = std::env::var("PARSE_DIFF_DUMP") {
            let _ = std::fs::write(format!("{dir}/html5ever.txt"), theirs.join("\n"));
            let _ = std::fs::write(format!("{dir}/ours.txt"), ours.join("\n"));
        }
        let same = theirs.len().min(ours.len());
        let first = (0..same).find(|&i| theirs[i] != ours[i]);
        match first {
            None if theirs.len() == ours.len() => println!("{path}: same ({} lines)", ours.len()),
            _ => {
                let k = first.unwrap_or(same);
                println!(
                    "{path}: differ at line {k} of {}/{}",
                    theirs.len(),
                    ours.len()
                );
                for i in k.saturating_sub(2)..(k + 4).min(same.max(k + 1)) {
                    println!(
                        "  html5ever {}",
                        theirs
                            .get(i)
                            .map_or("-", |s| s.as_str())
                            .chars()
                            .take(200)
                            .collect::<String>()
                    );
                    println!(
                        "  ours      {}",
                        ours.get(i)
                            .map_or("-", |s| s.as_str())
                            .chars()
                            .take(200)
                            .collect::<String>()
                    );
                }
            }
        }
    }
}
