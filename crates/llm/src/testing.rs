//! A chat-completions endpoint on loopback, for tests (feature `testing`):
//! each request is answered by a closure of the test's, after the delay the
//! reply asks for, and every request is kept for the test to look at. Plain
//! `std::net`, one thread a connection, `connection: close`: enough for the
//! client here, and no runtime to share with the code under test.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request as the endpoint saw it.
#[derive(Debug, Clone)]
pub struct Seen {
    /// The request path (`/v1/chat/completions`).
    pub path: String,
    /// Headers, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// The JSON body (`null` when it was not JSON).
    pub body: Value,
}

impl Seen {
    /// The model the request asked for.
    pub fn model(&self) -> &str {
        self.body["model"].as_str().unwrap_or("")
    }

    /// The content of the user's message (the prompt with the article).
    pub fn user_message(&self) -> &str {
        self.body["messages"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|m| m["role"] == "user")
            .and_then(|m| m["content"].as_str())
            .unwrap_or("")
    }
}

/// What the endpoint answers: a status, a body, a delay before it.
#[derive(Debug, Clone)]
pub struct Reply {
    /// The HTTP status.
    pub status: u16,
    /// The body, sent as `application/json`.
    pub body: String,
    /// How long to wait before answering (to test timeouts).
    pub delay: Duration,
}

impl Reply {
    /// A completion whose assistant message is `content`.
    pub fn chat(content: &str) -> Reply {
        Reply {
            status: 200,
            body: json!({"id": "x", "object": "chat.completion", "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}]}).to_string(),
            delay: Duration::ZERO,
        }
    }

    /// A completion giving `points` in the JSON shape the prompt asks for.
    pub fn points<S: AsRef<str>>(points: &[S]) -> Reply {
        let ps: Vec<&str> = points.iter().map(AsRef::as_ref).collect();
        Reply::chat(&json!({ "points": ps }).to_string())
    }

    /// An answer with `status` and `body` as given.
    pub fn status(status: u16, body: &str) -> Reply {
        Reply {
            status,
            body: body.to_string(),
            delay: Duration::ZERO,
        }
    }

    /// The same reply, after `delay`.
    pub fn after(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }
}

/// A running endpoint.
pub struct Endpoint {
    /// The API base to configure the client with (`http://127.0.0.1:PORT/v1`).
    pub base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

/// How a test answers: the request, and how many earlier requests asked
/// for the same model (so a model can fail first, then succeed).
type Answer = dyn Fn(&Seen, usize) -> Reply + Send + Sync;

impl Endpoint {
    /// Starts an endpoint on 127.0.0.1 (a free port) answering with `answer`.
    /// It runs until the test process ends.
    pub fn start(answer: impl Fn(&Seen, usize) -> Reply + Send + Sync + 'static) -> Endpoint {
        let listener = TcpListener::bind("127.0.0.1:0").expect("a loopback port");
        let base = format!("http://{}/v1", listener.local_addr().expect("its address"));
        let seen: Arc<Mutex<Vec<Seen>>> = Arc::default();
        let answer: Arc<Answer> = Arc::new(answer);
        let log = Arc::clone(&seen);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let (log, answer) = (Arc::clone(&log), Arc::clone(&answer));
                std::thread::spawn(move || serve(stream, &log, &*answer));
            }
        });
        Endpoint { base, seen }
    }

    /// Every request so far, oldest first.
    pub fn seen(&self) -> Vec<Seen> {
        self.seen.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

/// Reads one request from `stream`, logs it, and writes the reply.
fn serve(stream: TcpStream, log: &Mutex<Vec<Seen>>, answer: &Answer) {
    let Some(req) = read_request(&stream) else {
        return;
    };
    let call = {
        let Ok(mut l) = log.lock() else { return };
        let n = l.iter().filter(|s| s.model() == req.model()).count();
        l.push(req.clone());
        n
    };
    let reply = answer(&req, call);
    std::thread::sleep(reply.delay);
    let mut w = stream;
    let _ = write!(
        w,
        "HTTP/1.1 {} X\r\ncontent-type: application/json\r\ncontent-length: {}\r\nconnection: close\r\n\r\n{}",
        reply.status,
        reply.body.len(),
        reply.body
    );
}

fn read_request(stream: &TcpStream) -> Option<Seen> {
    let mut r = BufReader::new(stream.try_clone().ok()?);
    let mut line = String::new();
    if r.read_line(&mut line).ok()? == 0 {
        return None;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("").to_string();
    let mut headers = Vec::new();
    let mut len = 0usize;
    loop {
        let mut h = String::new();
        if r.read_line(&mut h).ok()? == 0 {
            return None;
        }
        let h = h.trim_end();
        if h.is_empty() {
            break;
        }
        let (k, v) = h.split_once(':')?;
        let (k, v) = (k.trim().to_ascii_lowercase(), v.trim().to_string());
        if k == "content-length" {
            len = v.parse().ok()?;
        }
        headers.push((k, v));
    }
    let mut body = vec![0; len];
    r.read_exact(&mut body).ok()?;
    Some(Seen {
        path,
        headers,
        body: serde_json::from_slice(&body).unwrap_or(Value::Null),
    })
}
