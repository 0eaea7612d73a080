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
    // Warm-up, not measured: a live server's caches are warm.
    futures::stream::iter(0..concurrency * 2)
        .map(|i| {
            let mut request = client.get(url(i));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            async move {
                if let Ok(response) = request.send().await {
                    let _ = response.bytes().await;
                }
            }
        })
        .buffer_unordered(concurrency)
        .collect::<Vec<()>>()
        .await;
    let cpu_before = (super::cpu_seconds(target.pid), super::postgres_cpu_seconds());
    let started = Instant::now();
    let results: Vec<(u16, f64, usize)> = futures::stream::iter(0..requests)
        .map(|i| {
            let mut request = client.get(url(i));
            if let Some(token) = token {
                request = request.bearer_auth(token);
            }
            async move {
                let begun = Instant::now();
                let (status, size) = match request.send().await {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        let size = response.bytes().await.map_or(0, |b| b.len());
                        (status, size)
                    }
                    Err(_) => (0, 0),
                };
                (status, begun.elapsed().as_secs_f64() * 1000.0, size)
            }
        })
        .buffer_unordered(concurrency)
        .collect()
        .await;
    let elapsed = started.elapsed().as_secs_f64();
    let server_ms = (super::cpu_seconds(target.pid) - cpu_before.0) * 1000.0 / requests as f64;
    let postgres_ms = (super::postgres_cpu_seconds() - cpu_before.1) * 1000.0 / requests as f64;
    let failed = results.iter().filter(|(status, _, _)| *status != 200).count();
    // The answers' size shows the work was real (an empty list is fast).
    let kib = results.iter().map(|(_, _, size)| *size).sum::<usize>() as f64 / 1024.0 / requests.max(1) as f64;
    let mut latencies: Vec<f64> = results.iter().map(|(_, ms, _)| *ms).collect();
    latencies.sort_by(|a, b| a.total_cmp(b));
    println!(
        "{label}, {concurrency} in flight: {:.0} requests/s, p50 {:.1} ms, p99 {:.1} ms ({failed} failed, {kib:.1} KiB per answer); \
         CPU per request: Fucina {server_ms:.2} ms, PostgreSQL {postgres_ms:.2} ms",
        requests as f64 / elapsed,
        percentile(&latencies, 0.5),
        percentile(&latencies, 0.99)
    );
}

/// A token for the benchmark account, the way an app gets one (an app, then
/// the password grant).
pub async fn token(base: &str) -> anyhow::Result<String> {
    use anyhow::Context;
    let client = reqwest::Client::new();
    let app: serde_json::Value = client
        .post(format!("{base}/api/v1/apps"))
        .form(&[
            ("client_name", "bench"),
            ("redirect_uris", "urn:ietf:wg:oauth:2.0:oob"),
            ("scopes", "read write"),
        ])
        .send()
        .await?
        .json()
        .await?;
    let token: serde_json::Value = client
        .post(format!("{base}/oauth/token"))
        .form(&[
            ("grant_type", "password"),
            ("client_id", app["client_id"].as_str().unwrap_or_default()),
            ("client_secret", app["client_secret"].as_str().unwrap_or_default()),
            ("username", "bench"),
            ("password", "bench password 123"),
            ("scope", "read write"),
        ])
        .send()
        .await?
        .json()
        .await?;
    Ok(token["access_token"].as_str().context("no token")?.to_owned())
}
