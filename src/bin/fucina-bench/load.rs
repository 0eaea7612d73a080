//! Measuring reads: many GETs at a given concurrency, and their percentiles.

use std::time::Instant;

use futures::StreamExt;

/// The value at fraction `p` of sorted figures.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return 0.0;
    }
    let index = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[index.min(sorted.len() - 1)]
}

/// Where a read load goes: the client, and the server process whose CPU
/// time (and PostgreSQL's) is counted.
pub struct Target<'a> {
    pub client: &'a reqwest::Client,
    pub pid: u32,
    pub token: Option<&'a str>,
}

/// Sends `requests` GETs (the `i`th to `url(i)`), `concurrency` at a time,
/// and prints their rate, latencies and the CPU time each took in the server
/// and in PostgreSQL.
pub async fn read_load(
    target: &Target<'_>,
    label: &str,
    url: impl Fn(usize) -> String,
    requests: usize,
    concurrency: usize,
) {
    let (client, token) = (target.client, target.token);
    let cpu_before = (super::cpu_seconds(target.pid), super::postgres_cpu_seconds());
    let started = Instant::now();
    let results: Vec<(u16, f64)> = futures::stream::iter(0..requests)
        .map(|i| {
            let mut request = client.get(url(i));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            async move {
                let begun = Instant::now();
                let status = match request.send().await {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let _ = response.bytes().await;
                        status
                    }
                    Err(_) => 0,
                };
                (status, begun.elapsed().as_secs_f64() * 1000.0)
            }
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    let elapsed = started.elapsed().as_secs_f64();
    let server_ms = (super::cpu_seconds(target.pid) - cpu_before.0) * 1000.0 / requests as f64;
    let postgres_ms = (super::postgres_cpu_seconds() - cpu_before.1) * 1000.0 / requests as f64;
    let failed = results.iter().filter(|(status, _)| *status != 200).count();
    let mut latencies: Vec<f64> = results.iter().map(|(_, ms)| *ms).collect();
    latencies.sort_by(|a, b| a.total_cmp(b));
    println!(
        "{label}, {concurrency} in flight: {:.0} requests/s, p50 {:.1} ms, p99 {:.1} ms ({failed} failed); \
         CPU per request: Fucina {server_ms:.2} ms, PostgreSQL {postgres_ms:.2} ms",
        requests as f64 / elapsed,
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99)
    );
}
