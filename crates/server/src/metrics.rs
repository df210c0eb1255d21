//! Prometheus text-format metrics, kept in-process with no dependencies:
//! request counts and latencies per route, cache hits and misses, and the
//! time spent summarising and speaking.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

/// Upper bounds (seconds) of the latency histogram buckets.
const BUCKETS: [f64; 12] = [
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 5.0,
];

#[derive(Default, Clone)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

impl Histogram {
    fn observe(&mut self, secs: f64) {
        for (i, le) in BUCKETS.iter().enumerate() {
            if secs <= *le {
                self.counts[i] += 1;
            }
        }
        self.count += 1;
        self.sum += secs;
    }

    fn write(&self, out: &mut String, name: &str, labels: &str) {
        let sep = if labels.is_empty() { "" } else { "," };
        for (i, le) in BUCKETS.iter().enumerate() {
            let _ = writeln!(
                out,
                "{name}_bucket{{{labels}{sep}le=\"{le}\"}} {}",
                self.counts[i]
            );
        }
        let _ = writeln!(
            out,
            "{name}_bucket{{{labels}{sep}le=\"+Inf\"}} {}",
            self.count
        );
        let braces = if labels.is_empty() {
            String::new()
        } else {
            format!("{{{labels}}}")
        };
        let _ = writeln!(out, "{name}_sum{braces} {}", self.sum);
        let _ = writeln!(out, "{name}_count{braces} {}", self.count);
    }
}

/// Which cache a hit or miss is counted against.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Cache {
    /// Stored summaries.
    Summary,
    /// Stored audio.
    Audio,
}

/// The server's metrics. Cheap to update from every request.
#[derive(Default)]
pub(crate) struct Metrics {
    // (route, method, status) → count; route → latency.
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
    summarize: Mutex<Histogram>,
    speak: Mutex<Histogram>,
    summary_hits: AtomicU64,
    summary_misses: AtomicU64,
    audio_hits: AtomicU64,
    audio_misses: AtomicU64,
    // The LLM engine: points shown by origin, refused points by rule, and
    // summaries served extractive because the model failed.
    llm_points: AtomicU64,
    llm_replaced: AtomicU64,
    llm_refused: Mutex<BTreeMap<String, u64>>,
    llm_fallbacks: AtomicU64,
}

impl Metrics {
    /// Counts one answered request. `route` is the route pattern
    /// (`/v1/articles/{id}`), never the raw path, so the label set stays small.
    pub(crate) fn request(&self, route: &str, method: &str, status: u16, took: Duration) {
        let mut r = self.requests.lock().unwrap_or_else(|p| p.into_inner());
        *r.entry((route.to_string(), method.to_string(), status))
            .or_default() += 1;
        drop(r);
        let mut l = self.latency.lock().unwrap_or_else(|p| p.into_inner());
        l.entry(route.to_string())
            .or_default()
            .observe(took.as_secs_f64());
    }

    /// Counts a cache lookup.
    pub(crate) fn cache(&self, cache: Cache, hit: bool) {
        let c = match (cache, hit) {
            (Cache::Summary, true) => &self.summary_hits,
            (Cache::Summary, false) => &self.summary_misses,
            (Cache::Audio, true) => &self.audio_hits,
            (Cache::Audio, false) => &self.audio_misses,
        };
        c.fetch_add(1, Ordering::Relaxed);
    }

    /// Records the time one summarisation took.
    pub(crate) fn summarized(&self, took: Duration) {
        self.summarize
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .observe(took.as_secs_f64());
    }

    /// Records the time one synthesis (speech + encoding) took.
    pub(crate) fn spoke(&self, took: Duration) {
        self.speak
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .observe(took.as_secs_f64());
    }

    /// A summary made by the LLM engine (or, `fell_back`, the extractive
    /// summary served because the model failed).
    pub(crate) fn llm(&self, summary: &khulasa_core::Summary, fell_back: bool) {
        if fell_back {
            self.llm_fallbacks.fetch_add(1, Ordering::Relaxed);
            return;
        }
        for k in &summary.key_points {
            match k.origin {
                khulasa_core::Origin::Llm => &self.llm_points,
                khulasa_core::Origin::Extractive => &self.llm_replaced,
            }
            .fetch_add(1, Ordering::Relaxed);
        }
        let mut m = self.llm_refused.lock().unwrap_or_else(|p| p.into_inner());
        for r in &summary.refused {
            *m.entry(r.rule.clone()).or_default() += 1;
        }
    }

    /// The metrics in Prometheus text exposition format (0.0.4).
    pub(crate) fn render(&self) -> String {
        let mut out = String::new();
        out.push_str("# HELP khulasa_http_requests_total HTTP requests answered, by route, method and status.\n");
        out.push_str("# TYPE khulasa_http_requests_total counter\n");
        for ((route, method, status), n) in self
            .requests
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
        {
            let _ = writeln!(
                out,
                "khulasa_http_requests_total{{route=\"{}\",method=\"{}\",status=\"{status}\"}} {n}",
                label(route),
                label(method)
            );
        }
        out.push_str(
            "# HELP khulasa_http_request_duration_seconds Time to answer a request, by route.\n",
        );
        out.push_str("# TYPE khulasa_http_request_duration_seconds histogram\n");
        for (route, h) in self
            .latency
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
        {
            h.write(
                &mut out,
                "khulasa_http_request_duration_seconds",
                &format!("route=\"{}\"", label(route)),
            );
        }
        out.push_str("# HELP khulasa_cache_requests_total Cache lookups, by cache and result.\n");
        out.push_str("# TYPE khulasa_cache_requests_total counter\n");
        for (cache, result, c) in [
            ("summary", "hit", &self.summary_hits),
            ("summary", "miss", &self.summary_misses),
            ("audio", "hit", &self.audio_hits),
            ("audio", "miss", &self.audio_misses),
        ] {
            let _ = writeln!(
                out,
                "khulasa_cache_requests_total{{cache=\"{cache}\",result=\"{result}\"}} {}",
                c.load(Ordering::Relaxed)
            );
        }
        out.push_str(
            "# HELP khulasa_llm_points_total Key points of LLM-engine summaries, by origin.\n",
        );
        out.push_str("# TYPE khulasa_llm_points_total counter\n");
        for (origin, c) in [
            ("llm", &self.llm_points),
            ("extractive", &self.llm_replaced),
        ] {
            let _ = writeln!(
                out,
                "khulasa_llm_points_total{{origin=\"{origin}\"}} {}",
                c.load(Ordering::Relaxed)
            );
        }
        out.push_str(
            "# HELP khulasa_llm_refused_total Generated points the check refused, by rule.\n",
        );
        out.push_str("# TYPE khulasa_llm_refused_total counter\n");
        for (rule, n) in self
            .llm_refused
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
        {
            let _ = writeln!(
                out,
                "khulasa_llm_refused_total{{rule=\"{}\"}} {n}",
                label(rule)
            );
        }
        out.push_str("# HELP khulasa_llm_fallbacks_total Summaries served extractive because the language model failed.\n");
        out.push_str("# TYPE khulasa_llm_fallbacks_total counter\n");
        let _ = writeln!(
            out,
            "khulasa_llm_fallbacks_total {}",
            self.llm_fallbacks.load(Ordering::Relaxed)
        );
        out.push_str("# HELP khulasa_summarize_seconds Time to summarise one article.\n");
        out.push_str("# TYPE khulasa_summarize_seconds histogram\n");
        self.summarize
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .write(&mut out, "khulasa_summarize_seconds", "");
        out.push_str("# HELP khulasa_speak_seconds Time to synthesise and encode one summary.\n");
        out.push_str("# TYPE khulasa_speak_seconds histogram\n");
        self.speak.lock().unwrap_or_else(|p| p.into_inner()).write(
            &mut out,
            "khulasa_speak_seconds",
            "",
        );
        out
    }
}

/// Escapes a label value (backslash, quote, newline).
fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_counts_histograms_and_cache_results() {
        let m = Metrics::default();
        m.request("/v1/articles/{id}", "GET", 200, Duration::from_millis(3));
        m.request("/v1/articles/{id}", "GET", 200, Duration::from_millis(30));
        m.cache(Cache::Summary, true);
        m.cache(Cache::Audio, false);
        m.summarized(Duration::from_millis(12));
        let t = m.render();
        assert!(t.contains(
            "khulasa_http_requests_total{route=\"/v1/articles/{id}\",method=\"GET\",status=\"200\"} 2"
        ));
        assert!(t.contains(
            "khulasa_http_request_duration_seconds_bucket{route=\"/v1/articles/{id}\",le=\"0.005\"} 1"
        ));
        assert!(t.contains(
            "khulasa_http_request_duration_seconds_bucket{route=\"/v1/articles/{id}\",le=\"+Inf\"} 2"
        ));
        assert!(t.contains("khulasa_cache_requests_total{cache=\"summary\",result=\"hit\"} 1"));
        assert!(t.contains("khulasa_cache_requests_total{cache=\"audio\",result=\"miss\"} 1"));
        assert!(t.contains("khulasa_summarize_seconds_count 1"));
        assert!(t.contains("khulasa_summarize_seconds_bucket{le=\"0.025\"} 1"));
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
