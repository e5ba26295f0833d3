//! The classifier's cost per hit over a realistic mix of user agents and referrers.
//! `cargo bench --bench classify`

use criterion::{Criterion, criterion_group, criterion_main};
use lanterne::classify::{Signals, classify};

fn mix() -> Vec<(bool, Option<String>, String)> {
    include_str!("../tests/data/classify_cases.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|line| {
            let c: Vec<&str> = line.split('\t').collect();
            let referrer = (c[1] != "-").then(|| c[1].to_owned());
            (c[0] == "HEAD", referrer, c[2].to_owned())
        })
        .collect()
}

fn bench(c: &mut Criterion) {
    let hits = mix();
    // Build the tables before measuring.
    classify(false, None, "warm-up", Signals::default());
    let mut group = c.benchmark_group("classify");
    group.throughput(criterion::Throughput::Elements(hits.len() as u64));
    group.bench_function(format!("{} real-world hits", hits.len()), |b| {
        b.iter(|| {
            for (head, referrer, user_agent) in &hits {
                std::hint::black_box(classify(
                    *head,
                    referrer.as_deref(),
                    user_agent,
                    Signals::default(),
                ));
            }
        })
    });
    let user_agent = format!("Mozilla/5.0 {}", "x".repeat(100_000));
    let referrer = format!("https://example.org/{}", "a".repeat(100_000));
    group.throughput(criterion::Throughput::Elements(1));
    group.bench_function("one hit with 100 KB user agent and referrer", |b| {
        b.iter(|| {
            std::hint::black_box(classify(
                false,
                Some(&referrer),
                &user_agent,
                Signals::default(),
            ))
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
