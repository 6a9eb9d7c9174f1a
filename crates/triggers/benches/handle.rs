//! Benchmarks of `handle()` (written next).
fn main() {}
