//! The process's Prometheus metrics: a small registry of atomic counters and fixed-bucket
//! histograms (docs/decisions.md says why not a crate), filled by one-line calls from
//! wherever something happens (`login_failed()`, `import_finished(rows, secs)`, …) and
//! written out in the text exposition format by `render` for `GET /metrics`.
//!
//! Everything here is in memory and per process: no I/O, no clock of its own (durations
//! are handed in). Gauges that live in the database (the outbox's queue) are read at
//! scrape time by the handler and passed to `render`.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, OnceLock, RwLock};
use std::time::Duration;

/// Upper bounds of the request latency buckets, in seconds.
const REQUEST_BUCKETS: [f64; 12] = [
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0,
];
/// Upper bounds of the import duration buckets, in seconds.
const IMPORT_BUCKETS: [f64; 9] = [0.1, 0.5, 1.0, 5.0, 10.0, 30.0, 60.0, 120.0, 600.0];

/// A histogram with fixed upper bounds: a count per bucket (not cumulative; summed when
/// rendered), the sum in microseconds, and the count.
struct Histogram {
    bounds: &'static [f64],
    /// One more than `bounds`: the last is +Inf.
    buckets: Vec<AtomicU64>,
    sum_micros: AtomicU64,
    count: AtomicU64,
}

impl Histogram {
    fn new(bounds: &'static [f64]) -> Histogram {
        Histogram {
            bounds,
            buckets: (0..=bounds.len()).map(|_| AtomicU64::new(0)).collect(),
            sum_micros: AtomicU64::new(0),
            count: AtomicU64::new(0),
        }
    }

    fn observe(&self, d: Duration) {
        let secs = d.as_secs_f64();
        let i = self
            .bounds
            .iter()
            .position(|b| secs <= *b)
            .unwrap_or(self.bounds.len());
        self.buckets[i].fetch_add(1, Ordering::Relaxed);
        let micros = u64::try_from(d.as_micros()).unwrap_or(u64::MAX);
        self.sum_micros.fetch_add(micros, Ordering::Relaxed);
        self.count.fetch_add(1, Ordering::Relaxed);
    }

    /// `name_bucket{labels,le=…}`, `name_sum{labels}`, `name_count{labels}`.
    fn render(&self, out: &mut String, name: &str, labels: &str) {
        let sep = if labels.is_empty() { "" } else { "," };
        let mut cumulative = 0;
        for (i, bucket) in self.buckets.iter().enumerate() {
            cumulative += bucket.load(Ordering::Relaxed);
            let le = self
                .bounds
                .get(i)
                .map_or_else(|| "+Inf".to_string(), |b| b.to_string());
            let _ = writeln!(
                out,
                "{name}_bucket{{{labels}{sep}le=\"{le}\"}} {cumulative}"
            );
        }
        let sum = self.sum_micros.load(Ordering::Relaxed) as f64 / 1e6;
        let braces = |s: &str| {
            if s.is_empty() {
                String::new()
            } else {
                format!("{{{s}}}")
            }
        };
        let _ = writeln!(out, "{name}_sum{} {sum}", braces(labels));
        let _ = writeln!(
            out,
            "{name}_count{} {}",
            braces(labels),
            self.count.load(Ordering::Relaxed)
        );
    }
}

/// A request series: route pattern, method, status class ("2xx").
type RequestKey = (String, String, &'static str);

struct Registry {
    requests: RwLock<HashMap<RequestKey, Arc<Histogram>>>,
    login_failures: AtomicU64,
    imports: Histogram,
    import_rows: AtomicU64,
    mail_sent: AtomicU64,
    mail_failures: AtomicU64,
}

fn registry() -> &'static Registry {
    static REGISTRY: OnceLock<Registry> = OnceLock::new();
    REGISTRY.get_or_init(|| Registry {
        requests: RwLock::new(HashMap::new()),
        login_failures: AtomicU64::new(0),
        imports: Histogram::new(&IMPORT_BUCKETS),
        import_rows: AtomicU64::new(0),
        mail_sent: AtomicU64::new(0),
        mail_failures: AtomicU64::new(0),
    })
}

/// Most distinct request series kept: route patterns are a fixed set, but an unknown
/// method string could otherwise grow the map without bound.
const MAX_SERIES: usize = 2000;

/// One HTTP request answered: `route` is the matched pattern ("/pools/{pool}"), never the
/// raw path, or "unmatched".
pub fn request_finished(route: &str, method: &str, status: u16, took: Duration) {
    let class = match status {
        100..=199 => "1xx",
        200..=299 => "2xx",
        300..=399 => "3xx",
        400..=499 => "4xx",
        _ => "5xx",
    };
    let reg = registry();
    let key = (route.to_string(), method.to_string(), class);
    if let Some(h) = reg.requests.read().ok().and_then(|m| m.get(&key).cloned()) {
        h.observe(took);
        return;
    }
    let Ok(mut map) = reg.requests.write() else {
        return;
    };
    if map.len() >= MAX_SERIES && !map.contains_key(&key) {
        return;
    }
    map.entry(key)
        .or_insert_with(|| Arc::new(Histogram::new(&REQUEST_BUCKETS)))
        .observe(took);
}

/// A login refused (wrong password, unknown user, or throttled).
pub fn login_failed() {
    registry().login_failures.fetch_add(1, Ordering::Relaxed);
}

/// A monitoring import committed `rows` rows in `took`.
pub fn import_finished(rows: u64, took: Duration) {
    let reg = registry();
    reg.import_rows.fetch_add(rows, Ordering::Relaxed);
    reg.imports.observe(took);
}

/// The mail worker handed an email to the transport.
pub fn mail_sent() {
    registry().mail_sent.fetch_add(1, Ordering::Relaxed);
}

/// The mail worker could not deliver an email (it is retried or given up).
pub fn mail_failed() {
    registry().mail_failures.fetch_add(1, Ordering::Relaxed);
}

/// What `render` reads from the database at scrape time.
#[derive(Clone, Copy, Debug, Default)]
pub struct Scraped {
    /// Outbox rows waiting to be sent (pending or being sent).
    pub outbox_queued: i64,
    /// Outbox rows given up on.
    pub outbox_failed: i64,
}

/// Escapes a label value (backslash, double quote, newline).
fn label(v: &str) -> String {
    v.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

/// Every metric in the text exposition format (version 0.0.4).
pub fn render(scraped: Scraped) -> String {
    let reg = registry();
    let mut out = String::with_capacity(16 * 1024);
    out.push_str(
        "# HELP tilskud_http_requests_total HTTP requests answered, by route pattern, method and status class.\n\
         # TYPE tilskud_http_requests_total counter\n",
    );
    let mut series: Vec<(RequestKey, Arc<Histogram>)> = reg
        .requests
        .read()
        .map(|m| m.iter().map(|(k, v)| (k.clone(), v.clone())).collect())
        .unwrap_or_default();
    series.sort_by(|a, b| a.0.cmp(&b.0));
    let labels = |(route, method, class): &RequestKey| {
        format!(
            "route=\"{}\",method=\"{}\",status=\"{class}\"",
            label(route),
            label(method)
        )
    };
    for (key, h) in &series {
        let _ = writeln!(
            out,
            "tilskud_http_requests_total{{{}}} {}",
            labels(key),
            h.count.load(Ordering::Relaxed)
        );
    }
    out.push_str(
        "# HELP tilskud_http_request_duration_seconds Time to answer an HTTP request, by route pattern, method and status class.\n\
         # TYPE tilskud_http_request_duration_seconds histogram\n",
    );
    for (key, h) in &series {
        h.render(
            &mut out,
            "tilskud_http_request_duration_seconds",
            &labels(key),
        );
    }
    let counter = |out: &mut String, name: &str, help: &str, v: u64| {
        let _ = write!(
            out,
            "# HELP {name} {help}\n# TYPE {name} counter\n{name} {v}\n"
        );
    };
    let gauge = |out: &mut String, name: &str, help: &str, v: i64| {
        let _ = write!(
            out,
            "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {v}\n"
        );
    };
    counter(
        &mut out,
        "tilskud_login_failures_total",
        "Logins refused (wrong password, unknown user or throttled).",
        reg.login_failures.load(Ordering::Relaxed),
    );
    counter(
        &mut out,
        "tilskud_monitoring_import_rows_total",
        "Monitoring rows imported.",
        reg.import_rows.load(Ordering::Relaxed),
    );
    out.push_str(
        "# HELP tilskud_monitoring_import_duration_seconds Time a monitoring import took.\n\
         # TYPE tilskud_monitoring_import_duration_seconds histogram\n",
    );
    reg.imports
        .render(&mut out, "tilskud_monitoring_import_duration_seconds", "");
    counter(
        &mut out,
        "tilskud_outbox_sent_total",
        "Emails the mail worker of this instance delivered.",
        reg.mail_sent.load(Ordering::Relaxed),
    );
    counter(
        &mut out,
        "tilskud_outbox_delivery_failures_total",
        "Delivery attempts of this instance's mail worker that failed.",
        reg.mail_failures.load(Ordering::Relaxed),
    );
    gauge(
        &mut out,
        "tilskud_outbox_queue_depth",
        "Emails waiting in the outbox (all instances; read from the database).",
        scraped.outbox_queued,
    );
    gauge(
        &mut out,
        "tilskud_outbox_failed",
        "Emails in the outbox given up on (all instances; read from the database).",
        scraped.outbox_failed,
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_histogram_renders_cumulative_buckets_with_sum_and_count() {
        let h = Histogram::new(&[0.1, 1.0]);
        h.observe(Duration::from_millis(50));
        h.observe(Duration::from_millis(500));
        h.observe(Duration::from_secs(5));
        let mut out = String::new();
        h.render(&mut out, "x", "a=\"b\"");
        assert_eq!(
            out,
            "x_bucket{a=\"b\",le=\"0.1\"} 1\n\
             x_bucket{a=\"b\",le=\"1\"} 2\n\
             x_bucket{a=\"b\",le=\"+Inf\"} 3\n\
             x_sum{a=\"b\"} 5.55\n\
             x_count{a=\"b\"} 3\n"
        );
    }

    #[test]
    fn requests_are_counted_by_pattern_method_and_status_class() {
        request_finished("/test-only/{id}", "GET", 204, Duration::from_millis(3));
        request_finished("/test-only/{id}", "GET", 200, Duration::from_millis(3));
        request_finished("/test-only/{id}", "GET", 404, Duration::from_millis(3));
        let text = render(Scraped {
            outbox_queued: 7,
            outbox_failed: 1,
        });
        assert!(text.contains(
            "tilskud_http_requests_total{route=\"/test-only/{id}\",method=\"GET\",status=\"2xx\"} 2\n"
        ));
        assert!(text.contains(
            "tilskud_http_requests_total{route=\"/test-only/{id}\",method=\"GET\",status=\"4xx\"} 1\n"
        ));
        assert!(text.contains("tilskud_outbox_queue_depth 7\n"));
        assert!(text.contains("# TYPE tilskud_http_request_duration_seconds histogram\n"));
    }

    #[test]
    fn label_values_are_escaped() {
        assert_eq!(label("a\"b\\c\nd"), "a\\\"b\\\\c\\nd");
    }
}
