//! How long the allocation of 257 mio. kr. among all 98 municipalities takes.
//! Run: `cargo bench --bench allocation`. Prints the mean and best of many runs.

use std::hint::black_box;
use std::time::Instant;

use tilskud::domain::allocation::{allocate, Applicant};
use tilskud::domain::municipality;

fn main() {
    let applicants: Vec<Applicant> = municipality::all()
        .iter()
        .enumerate()
        .map(|(i, m)| Applicant {
            code: m.code,
            target_group: 50 + (i as u64 * 7919) % 900,
        })
        .collect();
    assert_eq!(applicants.len(), 98);
    let runs = 20_000u32;
    let mut best = f64::MAX;
    let start = Instant::now();
    for _ in 0..runs {
        let t = Instant::now();
        let lines = allocate(black_box(257_000_000), black_box(&applicants)).expect("allocates");
        black_box(lines);
        best = best.min(t.elapsed().as_secs_f64());
    }
    let mean = start.elapsed().as_secs_f64() / f64::from(runs);
    println!(
        "allocation of 257.000.000 kr. among 98 municipalities: mean {:.1} µs, best {:.1} µs ({runs} runs)",
        mean * 1e6,
        best * 1e6
    );
}
