//! `/openapi.json` against the answers themselves: every answer of a
//! documented operation, made by the real router over a real SQLite store,
//! must fit the schema the document gives for it — no key the schema does
//! not name, every required key present, types as stated. A wire type that
//! changes without its description (or the reverse) fails here.

mod common;

use common::{TEXT, TITLE, client, start};
use khulasa_server::Config;
use serde_json::{Value, json};

/// Follows `$ref`s to the schema they name.
fn resolve<'a>(doc: &'a Value, mut s: &'a Value) -> &'a Value {
    while let Some(r) = s.get("$ref").and_then(Value::as_str) {
        let mut node = doc;
        for part in r.trim_start_matches("#/").split('/') {
            node = &node[part];
        }
        assert!(!node.is_null(), "dangling $ref {r}");
        s = node;
    }
    s
}

/// The object properties a schema allows (following `allOf`), and the
/// required ones. `None` when the schema is not an object schema.
fn object_shape<'a>(
    doc: &'a Value,
    s: &'a Value,
    props: &mut Vec<(String, &'a Value)>,
    req: &mut Vec<String>,
) -> bool {
    let s = resolve(doc, s);
    let mut object = false;
    if let Some(all) = s.get("allOf").and_then(Value::as_array) {
        for part in all {
            object |= object_shape(doc, part, props, req);
        }
    }
    if let Some(p) = s.get("properties").and_then(Value::as_object) {
        object = true;
        props.extend(p.iter().map(|(k, v)| (k.clone(), v)));
    }
    if let Some(r) = s.get("required").and_then(Value::as_array) {
        req.extend(r.iter().filter_map(Value::as_str).map(String::from));
    }
    object
}

fn type_ok(t: &str, v: &Value) -> bool {
    match t {
        "null" => v.is_null(),
        "string" => v.is_string(),
        "boolean" => v.is_boolean(),
        "integer" => v.is_i64() || v.is_u64(),
        "number" => v.is_number(),
        "array" => v.is_array(),
        "object" => v.is_object(),
        _ => true,
    }
}

/// Checks `v` against schema `s`, naming the path of the first misfit.
fn check(doc: &Value, s: &Value, v: &Value, at: &str) {
    let s = resolve(doc, s);
    for key in ["oneOf", "anyOf"] {
        if let Some(alts) = s.get(key).and_then(Value::as_array) {
            let fits = alts
                .iter()
                .any(|alt| std::panic::catch_unwind(|| check(doc, alt, v, at)).is_ok());
            assert!(fits, "{at}: {v} fits none of {key}");
            return;
        }
    }
    match s.get("type") {
        Some(Value::String(t)) => assert!(type_ok(t, v), "{at}: {v} is not {t}"),
        Some(Value::Array(ts)) => assert!(
            ts.iter().filter_map(Value::as_str).any(|t| type_ok(t, v)),
            "{at}: {v} is none of {ts:?}"
        ),
        _ => {}
    }
    if let Some(e) = s.get("enum").and_then(Value::as_array) {
        assert!(e.contains(v), "{at}: {v} is not one of {e:?}");
    }
    let (mut props, mut req) = (Vec::new(), Vec::new());
    if let (true, Some(obj)) = (object_shape(doc, s, &mut props, &mut req), v.as_object()) {
        for r in &req {
            assert!(obj.contains_key(r), "{at}: required key {r:?} missing");
        }
        for (k, val) in obj {
            let Some((_, ps)) = props.iter().find(|(p, _)| p == k) else {
                panic!("{at}: key {k:?} is not in the schema");
            };
            check(doc, ps, val, &format!("{at}.{k}"));
        }
    }
    if let (Some(items), Some(arr)) = (s.get("items"), v.as_array()) {
        for (i, item) in arr.iter().enumerate() {
            check(doc, items, item, &format!("{at}[{i}]"));
        }
    }
}

/// The schema of `method path`'s answer with `status`.
fn answer_schema<'a>(doc: &'a Value, method: &str, path: &str, status: u16) -> &'a Value {
    let op = &doc["paths"][path][method];
    assert!(!op.is_null(), "{method} {path} is not documented");
    let res = resolve(doc, &op["responses"][status.to_string()]);
    assert!(!res.is_null(), "{method} {path} does not document {status}");
    let schema = &res["content"]["application/json"]["schema"];
    assert!(
        !schema.is_null(),
        "{method} {path} {status} has no JSON schema"
    );
    schema
}

/// A running server, a client, and the document it serves.
async fn served_doc() -> (common::TestServer, reqwest::Client, Value) {
    let s = start(Config::default()).await;
    let c = client();
    let doc: Value = c
        .get(s.url("/openapi.json"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    (s, c, doc)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_answer_fits_its_documented_schema() {
    let (s, c, doc) = served_doc().await;
    let answer = async |method: &str, path: &str, url: String, body: Option<Value>| {
        let req = match method {
            "post" => c.post(url).json(&body.unwrap_or(Value::Null)),
            _ => c.get(url),
        };
        let r = req.send().await.unwrap();
        let status = r.status().as_u16();
        let v: Value = r.json().await.unwrap();
        check(
            &doc,
            answer_schema(&doc, method, path, status),
            &v,
            &format!("{method} {path} {status}"),
        );
        v
    };
    let created = answer(
        "post",
        "/v1/articles",
        s.url("/v1/articles"),
        Some(json!({"text": TEXT, "title": TITLE})),
    )
    .await;
    let id = created["id"].as_str().unwrap().to_string();
    answer(
        "post",
        "/v1/articles",
        s.url("/v1/articles"),
        Some(json!({"text": TEXT, "title": TITLE})),
    )
    .await;
    answer(
        "get",
        "/v1/articles/{id}",
        s.url(&format!("/v1/articles/{id}")),
        None,
    )
    .await;
    answer(
        "get",
        "/v1/articles/{id}/summary",
        s.url(&format!("/v1/articles/{id}/summary?bullets=2")),
        None,
    )
    .await;
    answer("get", "/v1/articles", s.url("/v1/articles"), None).await;
    answer(
        "get",
        "/v1/articles",
        s.url("/v1/articles?q=%D8%AD%D9%85%D9%84%D8%A9"),
        None,
    )
    .await;
    answer(
        "post",
        "/v1/summarize",
        s.url("/v1/summarize"),
        Some(json!({"text": TEXT, "ratio": 0.3})),
    )
    .await;
    answer("get", "/healthz", s.url("/healthz"), None).await;
    // A page not stored, of no embed origin: refused, never fetched.
    answer(
        "get",
        "/v1/articles/by-url",
        s.url("/v1/articles/by-url?url=https%3A%2F%2Fnews.example%2Fa"),
        None,
    )
    .await;
    answer(
        "get",
        "/v1/articles/by-url",
        s.url("/v1/articles/by-url?url=not-a-url"),
        None,
    )
    .await;
    // Errors, too.
    answer(
        "post",
        "/v1/summarize",
        s.url("/v1/summarize"),
        Some(json!({"text": TEXT, "bullets": 99})),
    )
    .await;
    answer(
        "get",
        "/v1/articles/{id}/summary",
        s.url(&format!("/v1/articles/{}/summary", "0".repeat(64))),
        None,
    )
    .await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_hand_written_part_does_not_redefine_a_wire_type() {
    let paths: Value = serde_json::from_str(include_str!("../assets/openapi.json")).unwrap();
    let hand = paths["components"]["schemas"].as_object().unwrap();
    for (name, _) in khulasa_pipeline::wire::schemas() {
        assert!(
            !hand.contains_key(&name),
            "assets/openapi.json defines {name}, which is generated from the wire type"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_check_catches_a_drifted_answer() {
    let (s, c, doc) = served_doc().await;
    let r = c
        .post(s.url("/v1/summarize"))
        .json(&json!({"text": TEXT}))
        .send()
        .await
        .unwrap();
    let good: Value = r.json().await.unwrap();
    let schema = answer_schema(&doc, "post", "/v1/summarize", 200);
    check(&doc, schema, &good, "good");
    let drifted = |f: &dyn Fn(&mut Value)| {
        let mut v = good.clone();
        f(&mut v);
        std::panic::catch_unwind(|| check(&doc, schema, &v, "drifted")).is_err()
    };
    // An undocumented key (the old name of the version key), a missing
    // required one, a wrong type deep inside.
    assert!(drifted(&|v| v["engine"] = json!("5")));
    assert!(drifted(&|v| {
        v.as_object_mut().unwrap().remove("engine_version");
    }));
    assert!(drifted(&|v| v["key_points"][0]["sources"] = json!("0")));
}
