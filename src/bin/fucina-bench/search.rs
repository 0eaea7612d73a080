//! The find-and-match workloads: full-text search over many proposals and
//! posts (mixed Italian and English, generated in SQL: a dozen words from a
//! vocabulary of 50,000, and in one item of twenty a topic word that the
//! queries look for in another inflection), and "proposals for you" for a
//! person with ten competences who follows two themes and one kind of
//! proposal, each at a given concurrency.

use std::path::PathBuf;
use std::time::Instant;

use diesel_async::RunQueryDsl;

use super::Server;
use super::load::{Target, read_load};

/// Words the generated texts are made of; the queries pick among them.
const ITALIAN: [&str; 16] = [
    "riciclo",
    "finanziamenti",
    "compositi",
    "agricoltura",
    "sensori",
    "energia",
    "filiera",
    "stampaggio",
    "logistica",
    "prototipo",
    "brevetto",
    "ricerca",
    "formazione",
    "impresa",
    "vigneto",
    "acqua",
];
const ENGLISH: [&str; 16] = [
    "recycling",
    "funding",
    "composites",
    "farming",
    "sensors",
    "energy",
    "supply",
    "moulding",
    "logistics",
    "prototype",
    "patent",
    "research",
    "training",
    "company",
    "vineyard",
    "water",
];
/// What people type: other inflections of the words above.
const QUERIES: [&str; 12] = [
    "riciclare",
    "finanziamento",
    "composito",
    "sensore",
    "energetica",
    "prototipi",
    "recycled",
    "sensor",
    "prototypes",
    "patents",
    "vineyards",
    "researching",
];

fn words(list: &[&str]) -> String {
    let quoted: Vec<String> = list.iter().map(|w| format!("'{w}'")).collect();
    format!("ARRAY[{}]", quoted.join(", "))
}

pub async fn search(
    database_url: &str,
    bin: &PathBuf,
    proposals: usize,
    posts: usize,
    requests: usize,
    concurrency: usize,
) -> anyhow::Result<()> {
    println!(
        "\n== find and match: {proposals} proposals, {posts} posts (half Italian, half English), {requests} searches, {concurrency} in flight"
    );
    let server = Server::start(database_url, bin).await?;
    // Someone else writes the proposals and posts (one's own are never suggested).
    server.create_account(bin, "author")?;
    let mut conn = server.db().await?;
    let seeded = Instant::now();
    let (it, en) = (words(&ITALIAN), words(&ENGLISH));
    // A dozen words from a large vocabulary (as real text has), and one time
    // in twenty a topic word of the item's language, which queries look for.
    let text = |n: &str| {
        format!(
            "array_to_string(ARRAY(SELECT 'w' || floor(random() * 50000)::int FROM generate_series(1, 12 + {n} % 5)), ' ') \
             || CASE WHEN random() < 0.05 THEN ' ' || CASE WHEN {n} % 2 = 0 THEN ({it})[1 + floor(random() * 16)::int] \
                     ELSE ({en})[1 + floor(random() * 16)::int] END ELSE '' END"
        )
    };
    diesel::sql_query(format!(
        "INSERT INTO proposals (author_id, local, state, title, short_description, description, kind, stage, ip,
                                languages, competences, published_at)
         SELECT (SELECT id FROM actors WHERE username = 'author' AND domain IS NULL), true, 'open',
                'Proposal ' || n || ' ' || {title}, {short}, {long},
                CASE WHEN n % 10 = 0 THEN 'research' ELSE 'technology_offer' END, 'idea', 'none',
                CASE WHEN n % 2 = 0 THEN ARRAY['it'] ELSE ARRAY['en'] END,
                ARRAY['skill_' || (n % 200), 'skill_' || (n % 37)], now() - (n || ' seconds')::interval
         FROM generate_series(1, {proposals}) AS n",
        title = text("n"),
        short = text("(n + 1)"),
        long = text("(n + 2)"),
    ))
    .execute(&mut conn)
    .await?;
    diesel::sql_query(format!(
        "INSERT INTO statuses (ap_id, actor_id, local, content, language, visibility, published_at)
         SELECT 'https://bench.example/posts/' || n, (SELECT id FROM actors WHERE username = 'author' AND domain IS NULL),
                true, '<p>' || {body} || '</p>', CASE WHEN n % 2 = 0 THEN 'it' ELSE 'en' END, 'public',
                now() - (n || ' seconds')::interval
         FROM generate_series(1, {posts}) AS n",
        body = text("n"),
    ))
    .execute(&mut conn)
    .await?;
    // Each proposal is in one theme (if the instance has themes).
    diesel::sql_query(
        "INSERT INTO proposal_groups (proposal_id, group_id)
         SELECT p.id, t.ids[1 + p.id % cardinality(t.ids)]
         FROM proposals p, (SELECT array_agg(id ORDER BY id) AS ids FROM actors WHERE actor_type = 'Group' AND domain IS NULL) t
         WHERE cardinality(t.ids) > 0",
    )
    .execute(&mut conn)
    .await?;
    // The person asking for suggestions knows ten competences, follows two
    // themes and one kind of proposal.
    for sql in [
        "INSERT INTO actor_competences (actor_id, competence)
         SELECT (SELECT id FROM actors WHERE username = 'bench' AND domain IS NULL), 'skill_' || k FROM generate_series(1, 10) k",
        "INSERT INTO follows (follower_id, followed_id, state, ap_id)
         SELECT (SELECT id FROM actors WHERE username = 'bench' AND domain IS NULL), g.id, 'accepted',
                'https://bench.example/follows/' || g.id
         FROM (SELECT id FROM actors WHERE actor_type = 'Group' AND domain IS NULL ORDER BY id LIMIT 2) g",
        "UPDATE users SET followed_kinds = ARRAY['research'] WHERE actor_id = (SELECT id FROM actors WHERE username = 'bench' AND domain IS NULL)",
    ] {
        diesel::sql_query(sql).execute(&mut conn).await?;
    }
    // As a live server's tables are: vacuumed (which also merges the GIN
    // indexes' pending lists) and analysed.
    diesel::sql_query("VACUUM ANALYZE").execute(&mut conn).await?;
    println!("seeded in {:.1} s", seeded.elapsed().as_secs_f64());
    drop(conn);

    let token = super::load::token(&server.base).await?;
    let client = reqwest::Client::new();
    let workloads = [
        ("proposals, q= (API)", "/api/fucina/v1/proposals?q="),
        ("posts, /api/v2/search", "/api/v2/search?type=statuses&q="),
        ("proposals for you", "/api/fucina/v1/suggestions/proposals?any="),
    ];
    let target = Target {
        client: &client,
        pid: server.pid(),
        token: Some(&token),
    };
    for (label, path) in workloads {
        let url = |i: usize| format!("{}{path}{}", server.base, QUERIES[i % QUERIES.len()]);
        read_load(&target, label, url, requests, concurrency).await;
    }
    // The searches again with fewer in flight, for the latency a lighter load sees.
    for (label, path) in &workloads[..2] {
        let url = |i: usize| format!("{}{path}{}", server.base, QUERIES[i % QUERIES.len()]);
        read_load(&target, label, url, requests, 8).await;
    }
    // One person asking at a time, as a page load does.
    let url = |_| format!("{}/api/fucina/v1/suggestions/proposals", server.base);
    read_load(&target, "proposals for you", url, requests / 4, 1).await;
    server.stop().await
}
