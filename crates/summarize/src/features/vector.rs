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
/// branches of a sorted merge (this was the hottest loop).
pub(super) fn sim_matrix(vecs: &[Vec<(u32, f32)>], nterms: usize) -> Vec<f64> {
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

/// Continuous LexRank: PageRank (damping 0.85) over the cosine-similarity
/// graph `sim` (`n × n`), edges weighted by similarity, no self loops. At
/// most 30 iterations or until the total change is below 1e-4 (ranks, not
/// values, matter).
pub(super) fn lexrank(sim: &[f64], n: usize) -> Vec<f64> {
    if n == 0 {
        return vec![];
    }
    let row_sum: Vec<f64> = (0..n)
        .map(|i| sim[i * n..(i + 1) * n].iter().sum())
        .collect();
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
            let row = &sim[i * n..(i + 1) * n];
            for (x, s) in next.iter_mut().zip(row) {
                *x += k * s;
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
