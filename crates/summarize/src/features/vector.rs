//! Sparse tf-idf vectors, their cosines, and LexRank over them.

/// Cosine of two sorted, L2-normalised sparse vectors.
pub fn cosine(a: &[(u32, f32)], b: &[(u32, f32)]) -> f64 {
    let (mut i, mut j, mut s) = (0, 0, 0f32);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                s += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    f64::from(s)
}

/// [`cosine`] of a sparse vector `a` and a vector spread out by term id
/// (`dense[t]`, 0 where it has no weight): the same sum, in the same order
/// (ascending id), so the same value to the bit.
pub(super) fn cosine_dense(a: &[(u32, f32)], dense: &[f32]) -> f64 {
    let mut s = 0f32;
    for &(t, w) in a {
        let d = dense[t as usize];
        if d != 0.0 {
            s += w * d;
        }
    }
    f64::from(s)
}

/// The L2-normalised tf-idf vector of a bag of term ids, sorted by id.
/// `sorted` is scratch space.
pub(super) fn tfidf(
    terms: impl Iterator<Item = u32>,
    idf: &[f32],
    sorted: &mut Vec<u32>,
) -> Vec<(u32, f32)> {
    sorted.clear();
    sorted.extend(terms);
    sorted.sort_unstable();
    let mut v: Vec<(u32, f32)> = Vec::with_capacity(sorted.len());
    for &t in sorted.iter() {
        match v.last_mut() {
            Some((id, w)) if *id == t => *w += 1.0,
            _ => v.push((t, 1.0)),
        }
    }
    let mut norm = 0f32;
    for (id, w) in v.iter_mut() {
        *w *= idf[*id as usize];
        norm += *w * *w;
    }
    let norm = norm.sqrt();
    if norm > 0.0 {
        for (_, w) in v.iter_mut() {
            *w /= norm;
        }
    }
    v
}

/// All pairwise cosines. Each row's vector is scattered into a dense array
/// once, so a pair costs one pass over the other vector, without the
/// branches of a sorted merge (this was the hottest loop). Only pairs that
/// share a term are computed (found through each term's list of
/// sentences): the others are 0, and on a long page most pairs are others.
pub(super) fn sim_matrix(vecs: &[Vec<(u32, f32)>], nterms: usize) -> Vec<f64> {
    let n = vecs.len();
    let mut sim = vec![0f64; n * n];
    // The sentences holding each term, ascending (compressed rows).
    let mut start = vec![0u32; nterms + 1];
    for v in vecs {
        for &(t, _) in v {
            start[t as usize + 1] += 1;
        }
    }
    for t in 0..nterms {
        start[t + 1] += start[t];
    }
    let mut holders = vec![0u32; start[nterms] as usize];
    let mut fill = start.clone();
    for (j, v) in vecs.iter().enumerate() {
        for &(t, _) in v {
            holders[fill[t as usize] as usize] = j as u32;
            fill[t as usize] += 1;
        }
    }
    let mut dense = vec![0f32; nterms];
    let mut marked = vec![usize::MAX; n];
    let mut pairs = Vec::new();
    for i in 0..n {
        pairs.clear();
        for &(t, w) in &vecs[i] {
            dense[t as usize] = w;
            let holding = &holders[start[t as usize] as usize..start[t as usize + 1] as usize];
            // Ascending: skip to the sentences after `i`.
            let after = holding.partition_point(|&j| j as usize <= i);
            for &j in &holding[after..] {
                if marked[j as usize] != i {
                    marked[j as usize] = i;
                    pairs.push(j as usize);
                }
            }
        }
        for &j in &pairs {
            // The same sum, in the same order, as over every pair.
            let c: f32 = vecs[j].iter().map(|&(t, w)| w * dense[t as usize]).sum();
            sim[i * n + j] = f64::from(c);
            sim[j * n + i] = f64::from(c);
        }
        for &(t, _) in &vecs[i] {
            dense[t as usize] = 0.0;
        }
    }
    sim
}

/// Continuous LexRank: PageRank (damping 0.85) over the cosine-similarity
/// graph `sim` (`n × n`), edges weighted by similarity, no self loops. At
/// most 30 iterations or until the total change is below 1e-4 (ranks, not
/// values, matter).
///
/// When under a quarter of the pairs are similar at all, each iteration
/// walks only the non-zero entries, row by row in the same order: adding a
/// zero changes nothing, so the ranks are the dense walk's to the bit. (A
/// non-zero entry walked costs about four entries of the dense walk, which
/// the compiler vectorises: a quarter is where the two meet, measured in
/// instructions on the extraction pages.)
pub(super) fn lexrank(sim: &[f64], n: usize) -> Vec<f64> {
    let nonzero = sim.iter().filter(|&&s| s != 0.0).count();
    lexrank_by(sim, n, nonzero * 4 < n * n)
}

/// [`lexrank`], walking only the non-zero entries when `sparse`.
fn lexrank_by(sim: &[f64], n: usize, sparse: bool) -> Vec<f64> {
    if n == 0 {
        return vec![];
    }
    let row_sum: Vec<f64> = (0..n)
        .map(|i| sim[i * n..(i + 1) * n].iter().sum())
        .collect();
    // Compressed rows of the non-zero entries.
    let sparse = sparse.then(|| {
        let nonzero = sim.iter().filter(|&&s| s != 0.0).count();
        let mut start = Vec::with_capacity(n + 1);
        let mut entries = Vec::with_capacity(nonzero);
        start.push(0);
        for row in sim.chunks_exact(n) {
            entries.extend(
                row.iter()
                    .enumerate()
                    .filter(|&(_, &s)| s != 0.0)
                    .map(|(j, &s)| (j as u32, s)),
            );
            start.push(entries.len());
        }
        (start, entries)
    });
    let d = 0.85;
    let mut p = vec![1.0 / n as f64; n];
    let mut next = vec![0f64; n];
    for _ in 0..30 {
        next.iter_mut().for_each(|x| *x = (1.0 - d) / n as f64);
        for i in 0..n {
            if row_sum[i] <= 0.0 {
                // Dangling: spread evenly.
                let share = d * p[i] / n as f64;
                next.iter_mut().for_each(|x| *x += share);
                continue;
            }
            let k = d * p[i] / row_sum[i];
            match &sparse {
                Some((start, entries)) => {
                    for &(j, s) in &entries[start[i]..start[i + 1]] {
                        next[j as usize] += k * s;
                    }
                }
                None => {
                    let row = &sim[i * n..(i + 1) * n];
                    for (x, s) in next.iter_mut().zip(row) {
                        *x += k * s;
                    }
                }
            }
        }
        let delta: f64 = p.iter().zip(&next).map(|(a, b)| (a - b).abs()).sum();
        std::mem::swap(&mut p, &mut next);
        if delta < 1e-4 {
            break;
        }
    }
    p
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// Every pair, densely: what [`sim_matrix`] was first.
    fn every_pair(vecs: &[Vec<(u32, f32)>], nterms: usize) -> Vec<f64> {
        let n = vecs.len();
        let mut sim = vec![0f64; n * n];
        let mut dense = vec![0f32; nterms];
        for i in 0..n {
            for &(t, w) in &vecs[i] {
                dense[t as usize] = w;
            }
            for j in (i + 1)..n {
                let c: f32 = vecs[j].iter().map(|&(t, w)| w * dense[t as usize]).sum();
                sim[i * n + j] = f64::from(c);
                sim[j * n + i] = f64::from(c);
            }
            for &(t, _) in &vecs[i] {
                dense[t as usize] = 0.0;
            }
        }
        sim
    }

    /// Sentences as bags of term ids from a vocabulary of `nterms`: small
    /// vocabularies make dense graphs, large ones sparse graphs.
    fn sentences() -> impl Strategy<Value = (Vec<Vec<(u32, f32)>>, usize)> {
        (1usize..400)
            .prop_flat_map(|nterms| {
                let sentence = proptest::collection::vec(0..nterms as u32, 0..12);
                (proptest::collection::vec(sentence, 0..60), Just(nterms))
            })
            .prop_map(|(bags, nterms)| {
                let idf: Vec<f32> = (0..nterms).map(|t| 1.0 + (t % 7) as f32 / 3.0).collect();
                let mut scratch = Vec::new();
                let vecs = bags
                    .iter()
                    .map(|b| tfidf(b.iter().copied(), &idf, &mut scratch))
                    .collect();
                (vecs, nterms)
            })
    }

    proptest! {
        /// Skipping pairs without a shared term, and walking only non-zero
        /// entries, give the dense results bit for bit.
        #[test]
        fn shortcuts_give_the_dense_results((vecs, nterms) in sentences()) {
            let sim = sim_matrix(&vecs, nterms);
            let dense = every_pair(&vecs, nterms);
            prop_assert_eq!(sim.len(), dense.len());
            for (a, b) in sim.iter().zip(&dense) {
                prop_assert!(a == b, "{a} != {b}");
            }
            let n = vecs.len();
            // Small vocabularies give graphs past a quarter full, large
            // ones sparse graphs: both walks on both kinds.
            let dense_walk = lexrank_by(&sim, n, false);
            let sparse_walk = lexrank_by(&sim, n, true);
            prop_assert_eq!(dense_walk.len(), n);
            for (a, b) in dense_walk.iter().zip(&sparse_walk) {
                prop_assert_eq!(a.to_bits(), b.to_bits());
            }
            prop_assert_eq!(lexrank(&sim, n), dense_walk);
        }
    }
}
