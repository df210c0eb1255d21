//! The reader page in real headless Chromium, driven over WebDriver
//! (chromedriver): font −/+, show/hide summary, a key point, listen, the
//! paste form, and a hostile article whose script must not run.
//!
//! Skips with a notice when Chromium or chromedriver is missing
//! (`scripts/setup.sh --test` installs them; CI runs it). Set
//! `KHULASA_SCREENSHOT_DIR` to keep a screenshot of the reader page.

mod common;

use common::{TEXT, TITLE, client, start};
use khulasa_server::Config;
use serde_json::{Value, json};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

fn tool(env: &str, default: &str) -> Option<PathBuf> {
    let p = std::env::var_os(env)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(default));
    p.exists().then_some(p)
}

/// A minimal W3C WebDriver client: just what these tests use.
struct Driver {
    http: reqwest::Client,
    base: String,
    session: String,
    child: Child,
    _profile: tempfile::TempDir,
}

const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

impl Driver {
    async fn start(chromium: &Path, chromedriver: &Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let http = client();
        let base = format!("http://127.0.0.1:{port}");
        let t = Instant::now();
        loop {
            if let Ok(r) = http.get(format!("{base}/status")).send().await
                && r.json::<Value>()
                    .await
                    .is_ok_and(|v| v["value"]["ready"] == true)
            {
                break;
            }
            assert!(
                t.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = tempfile::tempdir().unwrap();
        // As root, Chromium needs --no-sandbox; the network flags keep it from
        // calling out (the machine's network is closed).
        let args = vec![
            "--headless".to_string(),
            "--no-sandbox".into(),
            "--disable-gpu".into(),
            "--disable-quic".into(),
            "--no-first-run".into(),
            "--disable-background-networking".into(),
            "--disable-component-update".into(),
            "--disable-sync".into(),
            "--disable-dev-shm-usage".into(),
            "--autoplay-policy=no-user-gesture-required".into(),
            "--window-size=1100,1500".into(),
            format!("--user-data-dir={}", profile.path().display()),
        ];
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {"binary": chromium, "args": args}
        }}});
        let r: Value = http
            .post(format!("{base}/session"))
            .json(&caps)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let session = r["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {r}"))
            .to_string();
        Driver {
            http,
            base,
            session,
            child,
            _profile: profile,
        }
    }

    async fn cmd(&self, method: reqwest::Method, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}/session/{}{}", self.base, self.session, path);
        let mut req = self.http.request(method, url);
        if let Some(b) = body {
            req = req.json(&b);
        }
        let v: Value = req.send().await.unwrap().json().await.unwrap();
        if v["value"].get("error").is_some() {
            panic!("webdriver {path}: {}", v["value"]);
        }
        v["value"].clone()
    }

    async fn goto(&self, url: &str) {
        self.cmd(reqwest::Method::POST, "/url", Some(json!({"url": url})))
            .await;
    }

    async fn js(&self, script: &str) -> Value {
        self.cmd(
            reqwest::Method::POST,
            "/execute/sync",
            Some(json!({"script": script, "args": []})),
        )
        .await
    }

    async fn click(&self, css: &str) {
        let el = self
            .cmd(
                reqwest::Method::POST,
                "/element",
                Some(json!({"using": "css selector", "value": css})),
            )
            .await;
        let id = el[ELEMENT].as_str().unwrap().to_string();
        self.cmd(
            reqwest::Method::POST,
            &format!("/element/{id}/click"),
            Some(json!({})),
        )
        .await;
    }

    /// Polls `script` until it returns true.
    async fn wait_for(&self, script: &str, what: &str) {
        let t = Instant::now();
        while self.js(script).await != json!(true) {
            assert!(
                t.elapsed() < Duration::from_secs(30),
                "timed out waiting for {what}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn screenshot(&self) -> Vec<u8> {
        let b64 = self.cmd(reqwest::Method::GET, "/screenshot", None).await;
        base64_decode(b64.as_str().unwrap())
    }

    async fn quit(mut self) {
        let _ = self
            .http
            .delete(format!("{}/session/{}", self.base, self.session))
            .send()
            .await;
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn base64_decode(s: &str) -> Vec<u8> {
    let val = |c: u8| match c {
        b'A'..=b'Z' => c - b'A',
        b'a'..=b'z' => c - b'a' + 26,
        b'0'..=b'9' => c - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => panic!("bad base64"),
    };
    let bytes: Vec<u8> = s
        .bytes()
        .filter(|c| !c.is_ascii_whitespace() && *c != b'=')
        .collect();
    let mut out = Vec::with_capacity(bytes.len() * 3 / 4);
    for chunk in bytes.chunks(4) {
        let mut n = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            n |= u32::from(val(c)) << (18 - 6 * i);
        }
        out.push((n >> 16) as u8);
        if chunk.len() > 2 {
            out.push((n >> 8) as u8);
        }
        if chunk.len() > 3 {
            out.push(n as u8);
        }
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reader_page_in_headless_chromium() {
    let (Some(chromium), Some(chromedriver)) = (
        tool("KHULASA_CHROMIUM", "/usr/bin/chromium"),
        tool("KHULASA_CHROMEDRIVER", "/usr/bin/chromedriver"),
    ) else {
        eprintln!(
            "NOTICE: skipping the browser test: chromium or chromedriver not found (run scripts/setup.sh --test)"
        );
        return;
    };
    let s = start(Config::default()).await;
    let id = khulasa_server::demo::load_demo_if_empty(&s.state)
        .await
        .unwrap()
        .expect("demo loaded");
    let speech_ok = client()
        .get(s.url(&format!("/v1/articles/{id}/summary/audio")))
        .send()
        .await
        .unwrap()
        .status()
        .is_success();
    let d = Driver::start(&chromium, &chromedriver).await;

    d.goto(&s.url(&format!("/a/{id}"))).await;
    let page = d
        .js("return [document.documentElement.lang, document.documentElement.dir, document.querySelector('h1').textContent, \
             document.getElementById('summary').hidden, document.querySelectorAll('.body .s').length, \
             document.querySelectorAll('.contributors li').length, !!document.querySelector('figure.lead img'), \
             document.querySelector('figcaption .credit').textContent]")
        .await;
    assert_eq!(page[0], "ar");
    assert_eq!(page[1], "rtl");
    assert_eq!(
        page[2],
        "افتتاح أكبر محطة لتحلية مياه البحر بالطاقة الشمسية في المنطقة"
    );
    assert_eq!(page[3], true, "the summary is hidden at first");
    assert!(page[4].as_u64().unwrap() >= 10, "sentences wrapped: {page}");
    assert_eq!(page[5], 2, "contributors shown");
    assert_eq!(page[6], true, "lead photo shown");
    assert_eq!(page[7], "(أخبار الساحل/ليلى حداد)");

    // Font +: the body grows, and the size is remembered on the next page.
    let size = "return parseFloat(getComputedStyle(document.querySelector('.body')).fontSize)";
    let before = d.js(size).await.as_f64().unwrap();
    d.click("#font-up").await;
    d.click("#font-up").await;
    let after = d.js(size).await.as_f64().unwrap();
    assert_eq!(after, before + 4.0);
    d.goto(&s.url(&format!("/a/{id}"))).await;
    assert_eq!(
        d.js(size).await.as_f64().unwrap(),
        after,
        "font size remembered"
    );
    d.click("#font-down").await;
    assert_eq!(d.js(size).await.as_f64().unwrap(), after - 2.0);

    // Show / hide the summary.
    d.click("#toggle-summary").await;
    let shown = d
        .js("var b = document.getElementById('toggle-summary'); return [document.getElementById('summary').hidden, b.getAttribute('aria-expanded'), b.textContent, document.querySelectorAll('#summary .point').length]")
        .await;
    assert_eq!(shown, json!([false, "true", "اخف الملخص", 3]));
    d.click("#toggle-summary").await;
    assert_eq!(
        d.js("return document.getElementById('summary').hidden")
            .await,
        true
    );
    d.click("#toggle-summary").await;

    // A key point highlights its source sentences and scrolls to them.
    d.js("window.scrollTo(0, 0); return true").await;
    d.click("#summary .point[data-point='2']").await;
    let hl = d
        .js("var p = document.querySelector('#summary .point[data-point=\"2\"]'); \
             var want = p.getAttribute('data-sources').split(' ').sort().join(' '); \
             var got = Array.prototype.map.call(document.querySelectorAll('.s.hl'), function (s) { return s.getAttribute('data-s'); }).sort().join(' '); \
             return [p.classList.contains('active'), want, got]")
        .await;
    assert_eq!(hl[0], true);
    assert!(
        !hl[1].as_str().unwrap().is_empty(),
        "the key point has sources"
    );
    assert_eq!(hl[1], hl[2], "exactly its sources are highlighted");
    d.wait_for(
        "var r = document.querySelector('.s.hl').getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight",
        "the source sentence to scroll into view",
    )
    .await;
    let text_matches = d
        .js("var p = document.querySelector('#summary .point[data-point=\"2\"]').textContent.split(' ').slice(0, 2).join(' '); \
             return Array.prototype.some.call(document.querySelectorAll('.s.hl'), function (s) { return s.textContent.indexOf(p) >= 0; })")
        .await;
    assert_eq!(
        text_matches, true,
        "the highlighted sentence holds the key point's words"
    );

    // Listen: audio fetched with its marks; the first key point is marked as spoken.
    d.js("window.scrollTo(0, 0); return true").await;
    d.click("#listen").await;
    d.wait_for(
        "var a = document.documentElement.getAttribute('data-audio'); return a === 'loaded' || a === 'error'",
        "the audio to load",
    )
    .await;
    if speech_ok {
        let st = d
            .js("return [document.documentElement.getAttribute('data-audio'), document.documentElement.getAttribute('data-speaking'), \
                 document.querySelectorAll('#summary .point.speaking').length, document.getElementById('listen').getAttribute('aria-pressed')]")
            .await;
        assert_eq!(st, json!(["loaded", "0", 1, "true"]));
        // Seek into the second key point: the highlight follows the audio.
        let marks: Value = client()
            .get(s.url(&format!("/v1/articles/{id}/summary/audio")))
            .send()
            .await
            .unwrap()
            .headers()["khulasa-marks"]
            .to_str()
            .unwrap()
            .parse()
            .unwrap();
        let t = (marks[1]["start_ms"].as_f64().unwrap() + 50.0) / 1000.0;
        d.wait_for(
            "var p = document.getElementById('player'); return !!p && p.readyState >= 1",
            "the audio's metadata",
        )
        .await;
        d.js(&format!(
            "var p = document.getElementById('player'); p.pause(); p.currentTime = {t}; return true"
        ))
        .await;
        d.wait_for(
            "var s = document.querySelectorAll('#summary .point.speaking'); \
             return s.length === 1 && s[0].getAttribute('data-point') === '1'",
            "the second key point to be marked as spoken",
        )
        .await;
    } else {
        eprintln!("NOTICE: speech unavailable here: checked that the page reports it");
        let msg = d
            .js("return document.getElementById('status').textContent")
            .await;
        assert!(msg.as_str().unwrap().contains("speech"), "{msg}");
    }
    if let Some(dir) = std::env::var_os("KHULASA_SCREENSHOT_DIR") {
        let png = d.screenshot().await;
        assert_eq!(&png[1..4], b"PNG");
        let path = Path::new(&dir).join("reader.png");
        std::fs::write(&path, png).unwrap();
        eprintln!("screenshot: {}", path.display());
    }

    // A hostile article: its markup is shown as text and never runs.
    let hostile = format!(
        "{TEXT}\n\nوقال الخبر <script>window.__pwned = 1</script> ثم <img src=x onerror=\"window.__pwned = 2\"> انتهى."
    );
    let r: Value = client()
        .post(s.url("/v1/articles"))
        .json(&json!({"text": hostile, "title": "<script>window.__pwned = 3</script>عنوان"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let hid = r["id"].as_str().unwrap();
    d.goto(&s.url(&format!("/a/{hid}"))).await;
    let safe = d
        .js("return [typeof window.__pwned, document.querySelectorAll('script:not([src]), .body img, h1 script').length, \
             document.querySelector('.body').textContent.indexOf('<script>window.__pwned = 1</script>') >= 0, \
             document.querySelector('h1').textContent]")
        .await;
    assert_eq!(
        safe,
        json!([
            "undefined",
            0,
            true,
            "<script>window.__pwned = 3</script>عنوان"
        ])
    );

    // The index lists the articles; its form stores a pasted text and opens it.
    d.goto(&s.url("/")).await;
    let listed = d
        .js("return document.querySelectorAll('ol.articles li').length")
        .await;
    assert_eq!(listed, 2);
    if let Some(dir) = std::env::var_os("KHULASA_SCREENSHOT_DIR") {
        std::fs::write(Path::new(&dir).join("index.png"), d.screenshot().await).unwrap();
    }
    d.js(&format!(
        "document.querySelector('textarea[name=text]').value = {}; document.querySelector('input[name=title]').value = {}; return true",
        json!(TEXT),
        json!(TITLE)
    ))
    .await;
    d.click(".paste button[type=submit]").await;
    d.wait_for(
        &format!("return document.querySelector('h1') && document.querySelector('h1').textContent === {}", json!(TITLE)),
        "the reader page of the pasted text",
    )
    .await;
    assert!(
        d.js("return location.pathname")
            .await
            .as_str()
            .unwrap()
            .starts_with("/a/")
    );
    // The remembered font size carries over to this page too.
    assert_eq!(d.js(size).await.as_f64().unwrap(), after - 2.0);
    d.quit().await;
}

/// The index page's search: snippets with marked (and escaped) words, the
/// filter form, the page count; the reader page's related articles.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_and_related_articles_in_headless_chromium() {
    let (Some(chromium), Some(chromedriver)) = (
        tool("KHULASA_CHROMIUM", "/usr/bin/chromium"),
        tool("KHULASA_CHROMEDRIVER", "/usr/bin/chromedriver"),
    ) else {
        eprintln!(
            "NOTICE: skipping the browser test: chromium or chromedriver not found (run scripts/setup.sh --test)"
        );
        return;
    };
    let s = start(Config::default()).await;
    let put = |title: &str, text: &str, date: &str| {
        let a = khulasa_core::Article {
            title: Some(title.to_string()),
            text: text.to_string(),
            published: Some(date.to_string()),
            url: Some(format!("https://news.example/{}", title.len() + text.len())),
            lang: khulasa_core::LangTag::parse("ar"),
            ..khulasa_core::Article::default()
        };
        let store = s.state.store().clone();
        async move { store.put_article(&a).unwrap().id }
    };
    let first = put(
        "انتخابات بلدية في تونس",
        "بدأ الناخبون في تونس التصويت في الانتخابات البلدية الأولى منذ الثورة. وقالت هيئة الانتخابات إن الإقبال كان جيدا.",
        "2018-05-06",
    )
    .await;
    put(
        "نتائج الانتخابات البلدية",
        "أعلنت هيئة الانتخابات في تونس نتائج الانتخابات البلدية <script>window.pwned=1</script> بعد فرز الأصوات.",
        "2018-05-09",
    )
    .await;
    put(
        "مهرجان للموسيقى",
        "تستضيف تونس مهرجانا للموسيقى هذا الصيف.",
        "2018-07-01",
    )
    .await;
    let d = Driver::start(&chromium, &chromedriver).await;

    d.goto(&s.url("/?q=%D8%A7%D9%84%D8%A7%D9%86%D8%AA%D8%AE%D8%A7%D8%A8%D8%A7%D8%AA")) // الانتخابات
        .await;
    let r = d
        .js(
            "return [document.querySelectorAll('ol.articles li').length, \
             Array.from(document.querySelectorAll('.snippet mark')).map(m => m.textContent), \
             !!document.querySelector('form.filters input[name=from]'), \
             document.querySelector('.snippet script') === null, window.pwned === undefined, \
             document.querySelector('h1 .total').textContent]",
        )
        .await;
    assert_eq!(r[0], 2, "two results: {r}");
    let marks: Vec<&str> = r[1]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert!(
        !marks.is_empty() && marks.iter().all(|m| m.contains("الانتخابات")),
        "{marks:?}"
    );
    assert_eq!(r[2], true, "filter form shown");
    assert_eq!(r[3], true, "a script in the text stays text");
    assert_eq!(r[4], true, "and never runs");
    assert_eq!(r[5], "(2 نتيجة)");
    if let Some(dir) = std::env::var_os("KHULASA_SCREENSHOT_DIR") {
        std::fs::write(Path::new(&dir).join("search.png"), d.screenshot().await).unwrap();
    }

    // Filter by date through the form: only the later article is left.
    d.js(
        "document.querySelector('form.filters input[name=from]').value = '2018-05-08'; return true",
    )
    .await;
    d.click("form.filters button[type=submit]").await;
    d.wait_for(
        "return location.search.includes('from=2018-05-08') && document.querySelectorAll('ol.articles li').length === 1",
        "the filtered results",
    )
    .await;
    let title = d
        .js("return document.querySelector('ol.articles li a').textContent")
        .await;
    assert_eq!(title, "نتائج الانتخابات البلدية");

    // The reader page lists related articles, nearest first.
    d.goto(&s.url(&format!("/a/{first}"))).await;
    let rel = d
        .js("return Array.from(document.querySelectorAll('.related li a')).map(a => a.textContent)")
        .await;
    assert_eq!(rel[0], "نتائج الانتخابات البلدية", "{rel}");
    d.click(".related li a").await;
    d.wait_for(
        "return document.querySelector('h1') && document.querySelector('h1').textContent === 'نتائج الانتخابات البلدية'",
        "the related article's page",
    )
    .await;
    d.quit().await;
}
