//! The job queue: a table in the store's database (the pattern of River,
//! Oban and good_job), so PostgreSQL alone coordinates the workers.
//!
//! - **Enqueue** is idempotent: a job's `key` is unique, so enqueueing the
//!   same work twice queues it once. The insert notifies `khulasa_jobs`.
//! - **Claim**: `FOR UPDATE SKIP LOCKED` picks the oldest ready job no
//!   other worker is taking, and leases it until `lease_until`. A job whose
//!   lease ran out (its worker died) is ready again.
//! - **Finish**: done (with a result word), or failed: retried after a
//!   backoff (`2^attempts` seconds, at most [`MAX_BACKOFF_SECS`]) until
//!   `max_attempts`, then left `failed` (the dead letters, kept for a look).
//! - **Wake**: idle workers `LISTEN khulasa_jobs` instead of polling fast.
//!
//! A job's effect must be idempotent (the store's writes are: articles by
//! content hash, summaries and the ledger by key), since a job whose
//! worker died after its effect but before `complete` runs again.

use super::conn::{Pool, StmtCache};
use crate::StoreError;
use crate::error::Ctx;
use postgres::fallible_iterator::FallibleIterator;
use serde::Serialize;
use std::time::Duration;

/// The notification channel of new jobs.
pub const CHANNEL: &str = "khulasa_jobs";
/// Longest wait before a failed job is tried again.
pub const MAX_BACKOFF_SECS: i64 = 300;

/// A job to enqueue.
#[derive(Debug, Clone)]
pub struct NewJob {
    /// What to do: `page`, `url`, `feed`, `speak` (the worker knows them).
    pub kind: String,
    /// Unique: a job with the same key is queued once.
    pub key: String,
    /// The job's parameters.
    pub payload: serde_json::Value,
    /// Bytes the job works on (a page), kept out of the JSON.
    pub body: Option<Vec<u8>>,
    /// Tries before the job is left failed.
    pub max_attempts: i32,
}

/// A claimed job.
#[derive(Debug, Clone)]
pub struct Job {
    /// Its id.
    pub id: i64,
    /// What to do.
    pub kind: String,
    /// Its unique key.
    pub key: String,
    /// The run that enqueued it.
    pub run: String,
    /// Its parameters.
    pub payload: serde_json::Value,
    /// Its bytes, if any.
    pub body: Option<Vec<u8>>,
    /// This is try number `attempts` (from 1).
    pub attempts: i32,
    /// Tries allowed.
    pub max_attempts: i32,
}

/// Where a failed job went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobState {
    /// It will be tried again after a backoff.
    Retrying,
    /// It used its tries: left failed (dead letter).
    Dead,
    /// Another worker holds it now (our lease ran out): nothing changed.
    Lost,
}

/// How many jobs are in each state.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct QueueCounts {
    /// Waiting (new, or to be retried).
    pub pending: u64,
    /// Leased by a worker.
    pub running: u64,
    /// Finished.
    pub done: u64,
    /// Used their tries (dead letters).
    pub failed: u64,
}

/// The jobs of one run, by state, and the finished ones by result.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RunCounts {
    /// Jobs in each state.
    pub states: QueueCounts,
    /// Finished jobs by their result word (`stored`, `existing`, `failed`,
    /// `skipped`, …).
    pub results: Vec<(String, u64)>,
}

/// The queue of one database.
#[derive(Clone)]
pub struct PgQueue {
    pool: Pool,
    config: postgres::Config,
    target: String,
}

impl std::fmt::Debug for PgQueue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgQueue")
            .field("target", &self.target)
            .finish()
    }
}

/// A connection that listens for new jobs.
pub struct Listener {
    client: postgres::Client,
}

impl Listener {
    /// Waits up to `timeout` for a notification of new jobs; true when one
    /// came. Several pending notifications are taken at once.
    pub fn wait(&mut self, timeout: Duration) -> Result<bool, StoreError> {
        let mut n = self.client.notifications();
        let got = n
            .timeout_iter(timeout)
            .next()
            .ctx("waiting for new jobs")?
            .is_some();
        // Drain the rest without waiting.
        while n.iter().next().ctx("waiting for new jobs")?.is_some() {}
        Ok(got)
    }
}

const CLAIM: &str = "UPDATE jobs SET state = 'running', attempts = attempts + 1, worker = $1, \
       lease_until = now() + make_interval(secs => $2) \
     WHERE id = (SELECT id FROM jobs \
       WHERE (state = 'pending' AND run_at <= now()) \
          OR (state = 'running' AND lease_until < now() AND attempts < max_attempts) \
       ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED) \
     RETURNING id, kind, key, run, payload, body, attempts, max_attempts";

impl PgQueue {
    pub(crate) fn new(pool: Pool, config: postgres::Config, target: String) -> PgQueue {
        PgQueue {
            pool,
            config,
            target,
        }
    }

    fn conn(
        &self,
        op: &'static str,
    ) -> Result<r2d2::PooledConnection<super::conn::Manager>, StoreError> {
        self.pool.get().map_err(|e| StoreError::Pool {
            op,
            reason: e.to_string(),
        })
    }

    /// Enqueues `jobs` as part of `run`, in one transaction, and wakes the
    /// workers. A job whose key is queued already is not queued again (it
    /// joins `run` unless finished). Returns how many were new.
    pub fn enqueue(&self, run: &str, jobs: &[NewJob]) -> Result<u64, StoreError> {
        let op = "enqueueing jobs";
        let mut c = self.conn(op)?;
        let super::conn::PgConn { client, stmts } = &mut *c;
        let mut tx = client.transaction().ctx(op)?;
        let st = stmts
            .get(
                &mut tx,
                "INSERT INTO jobs (kind, key, run, payload, body, max_attempts) \
                 VALUES ($1, $2, $3, $4, $5, $6) \
                 ON CONFLICT (key) DO UPDATE SET run = excluded.run \
                   WHERE jobs.state IN ('pending', 'running') \
                 RETURNING (xmax = 0)",
            )
            .ctx(op)?;
        let mut new = 0;
        for j in jobs {
            let rows = tx
                .query(
                    &st,
                    &[
                        &j.kind,
                        &j.key,
                        &run,
                        &j.payload,
                        &j.body,
                        &j.max_attempts.max(1),
                    ],
                )
                .ctx(op)?;
            if rows.first().is_some_and(|r| r.get::<_, bool>(0)) {
                new += 1;
            }
        }
        tx.execute(&format!("NOTIFY {CHANNEL}"), &[]).ctx(op)?;
        tx.commit().ctx(op)?;
        Ok(new)
    }

    /// Whether a job with this key is queued (in any state).
    pub fn has_key(&self, key: &str) -> Result<bool, StoreError> {
        let mut c = self.conn("looking up a job")?;
        Ok(c.client
            .query_opt("SELECT 1 FROM jobs WHERE key = $1", &[&key])
            .ctx("looking up a job")?
            .is_some())
    }

    /// Claims the oldest ready job for `worker`, leased for `lease`. Jobs
    /// whose lease ran out with no tries left are first marked failed.
    pub fn claim(&self, worker: &str, lease: Duration) -> Result<Option<Job>, StoreError> {
        let op = "claiming a job";
        let mut c = self.conn(op)?;
        let super::conn::PgConn { client, stmts } = &mut *c;
        let st = stmts
            .get(
                client,
                "UPDATE jobs SET state = 'failed', finished = now(), \
                   last_error = coalesce(last_error, 'its worker stopped answering') \
                 WHERE state = 'running' AND lease_until < now() AND attempts >= max_attempts",
            )
            .ctx(op)?;
        client.execute(&st, &[]).ctx(op)?;
        let st = claim_stmt(stmts, client)?;
        let secs = lease.as_secs_f64().max(1.0);
        let row = client.query_opt(&st, &[&worker, &secs]).ctx(op)?;
        Ok(row.map(|r| Job {
            id: r.get(0),
            kind: r.get(1),
            key: r.get(2),
            run: r.get(3),
            payload: r.get(4),
            body: r.get(5),
            attempts: r.get(6),
            max_attempts: r.get(7),
        }))
    }

    /// Extends the lease of a job `worker` holds; false when it no longer
    /// holds it.
    pub fn extend(&self, job: &Job, worker: &str, lease: Duration) -> Result<bool, StoreError> {
        let mut c = self.conn("extending a lease")?;
        let n = c
            .client
            .execute(
                "UPDATE jobs SET lease_until = now() + make_interval(secs => $3) \
                 WHERE id = $1 AND worker = $2 AND state = 'running'",
                &[&job.id, &worker, &lease.as_secs_f64().max(1.0)],
            )
            .ctx("extending a lease")?;
        Ok(n == 1)
    }

    /// Marks a job done with a `result` word; false when `worker` no longer
    /// held it (its lease ran out and another worker took it: the effect,
    /// being idempotent, is then done twice but stored once).
    pub fn complete(&self, job: &Job, worker: &str, result: &str) -> Result<bool, StoreError> {
        let mut c = self.conn("finishing a job")?;
        let n = c
            .client
            .execute(
                "UPDATE jobs SET state = 'done', result = $3, finished = now(), lease_until = NULL, \
                   body = NULL \
                 WHERE id = $1 AND worker = $2 AND state = 'running'",
                &[&job.id, &worker, &result],
            )
            .ctx("finishing a job")?;
        Ok(n == 1)
    }

    /// Records that a try of `job` failed with `error`: retried after a
    /// backoff, or (out of tries, or `retry` false) left failed.
    pub fn fail(
        &self,
        job: &Job,
        worker: &str,
        error: &str,
        retry: bool,
    ) -> Result<JobState, StoreError> {
        let dead = !retry || job.attempts >= job.max_attempts;
        let backoff = 2i64
            .saturating_pow(job.attempts.clamp(0, 20) as u32)
            .min(MAX_BACKOFF_SECS);
        let mut c = self.conn("recording a failed job")?;
        let n = if dead {
            c.client.execute(
                "UPDATE jobs SET state = 'failed', result = 'failed', last_error = $3, \
                   finished = now(), lease_until = NULL \
                 WHERE id = $1 AND worker = $2 AND state = 'running'",
                &[&job.id, &worker, &error],
            )
        } else {
            c.client.execute(
                "UPDATE jobs SET state = 'pending', last_error = $3, lease_until = NULL, \
                   run_at = now() + make_interval(secs => $4) \
                 WHERE id = $1 AND worker = $2 AND state = 'running'",
                &[&job.id, &worker, &error, &(backoff as f64)],
            )
        }
        .ctx("recording a failed job")?;
        Ok(match (n, dead) {
            (0, _) => JobState::Lost,
            (_, true) => JobState::Dead,
            (_, false) => JobState::Retrying,
        })
    }

    /// Gives a claimed job back untried (a worker told to stop): it is
    /// ready again at once and this try is not counted.
    pub fn release(&self, job: &Job, worker: &str) -> Result<bool, StoreError> {
        let mut c = self.conn("releasing a job")?;
        let n = c
            .client
            .execute(
                "UPDATE jobs SET state = 'pending', attempts = greatest(attempts - 1, 0), \
                   lease_until = NULL, worker = NULL \
                 WHERE id = $1 AND worker = $2 AND state = 'running'",
                &[&job.id, &worker],
            )
            .ctx("releasing a job")?;
        if n == 1 {
            c.client
                .execute(&format!("NOTIFY {CHANNEL}"), &[])
                .ctx("releasing a job")?;
        }
        Ok(n == 1)
    }

    /// Jobs in each state, across runs.
    pub fn counts(&self) -> Result<QueueCounts, StoreError> {
        let mut c = self.conn("counting jobs")?;
        let rows = c
            .client
            .query("SELECT state, count(*) FROM jobs GROUP BY state", &[])
            .ctx("counting jobs")?;
        Ok(tally(rows.iter().map(|r| (r.get(0), r.get(1)))))
    }

    /// The jobs of `run`: by state, and finished ones by result.
    pub fn run_counts(&self, run: &str) -> Result<RunCounts, StoreError> {
        let mut c = self.conn("counting a run's jobs")?;
        let rows = c
            .client
            .query(
                "SELECT state, coalesce(result, ''), count(*) FROM jobs WHERE run = $1 \
                 GROUP BY state, result ORDER BY 1, 2",
                &[&run],
            )
            .ctx("counting a run's jobs")?;
        let states = tally(
            rows.iter()
                .map(|r| (r.get::<_, &str>(0), r.get::<_, i64>(2))),
        );
        let mut results: Vec<(String, u64)> = Vec::new();
        for r in &rows {
            let (state, result, n): (&str, &str, i64) = (r.get(0), r.get(1), r.get(2));
            if matches!(state, "done" | "failed") {
                let word = if result.is_empty() { state } else { result };
                match results.iter_mut().find(|(w, _)| w == word) {
                    Some((_, c)) => *c += n as u64,
                    None => results.push((word.to_string(), n as u64)),
                }
            }
        }
        Ok(RunCounts { states, results })
    }

    /// A connection listening for new jobs (its own, outside the pool).
    pub fn listener(&self) -> Result<Listener, StoreError> {
        let mut client = self
            .config
            .connect(postgres::NoTls)
            .map_err(|e| StoreError::Connect {
                target: self.target.clone(),
                reason: crate::error::pg_reason(&e),
            })?;
        client
            .batch_execute(&format!("LISTEN {CHANNEL}"))
            .ctx("listening for new jobs")?;
        Ok(Listener { client })
    }
}

fn claim_stmt(
    stmts: &mut StmtCache,
    client: &mut postgres::Client,
) -> Result<postgres::Statement, StoreError> {
    stmts.get(client, CLAIM).ctx("claiming a job")
}

fn tally<'a>(rows: impl Iterator<Item = (&'a str, i64)>) -> QueueCounts {
    let mut q = QueueCounts::default();
    for (state, n) in rows {
        let n = n as u64;
        match state {
            "pending" => q.pending += n,
            "running" => q.running += n,
            "done" => q.done += n,
            "failed" => q.failed += n,
            _ => {}
        }
    }
    q
}
