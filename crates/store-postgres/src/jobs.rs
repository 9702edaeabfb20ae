//! The job queue. Claims lock the rows they take with `FOR UPDATE SKIP LOCKED`, so racing
//! workers (in any process) pass over each other's rows instead of waiting or taking them too.

use chrono::{DateTime, Utc};
use domain::jobs::JobKind;
use sqlx::{PgConnection, PgPool};
use store::rows::{JOB_COLUMNS, JobRow, backend, jobs_from_rows};
use store::{BookingId, Job, JobId, JobPlan, NewJob, StoreError};

/// Inserts jobs on an open connection or transaction, skipping those whose dedupe key exists;
/// returns how many were new. Callers that change a booking call it in their transaction.
pub(crate) async fn insert_jobs(
    connection: &mut PgConnection,
    jobs: &[NewJob],
) -> Result<usize, sqlx::Error> {
    let mut inserted = 0;
    for job in jobs {
        let result = sqlx::query(
            "INSERT INTO jobs (studio_id, booking_id, kind, dedupe_key, payload, run_at, state, \
             attempts, created_at) VALUES ($1, $2, $3, $4, $5, $6, 'pending', 0, $7) \
             ON CONFLICT (dedupe_key) DO NOTHING",
        )
        .bind(job.studio_id)
        .bind(job.booking_id)
        .bind(job.kind.as_str())
        .bind(job.dedupe_key.as_str())
        .bind(&job.payload)
        .bind(job.run_at)
        .bind(job.created_at)
        .execute(&mut *connection)
        .await?;
        inserted += usize::try_from(result.rows_affected()).unwrap_or(usize::MAX);
    }
    Ok(inserted)
}

pub async fn enqueue_jobs(pool: &PgPool, jobs: &[NewJob]) -> Result<usize, StoreError> {
    if jobs.is_empty() {
        return Ok(0);
    }
    let mut transaction = pool.begin().await.map_err(backend)?;
    let inserted = insert_jobs(&mut transaction, jobs).await.map_err(backend)?;
    transaction.commit().await.map_err(backend)?;
    Ok(inserted)
}

pub async fn claim_jobs(
    pool: &PgPool,
    worker: &str,
    now: DateTime<Utc>,
    lease: chrono::Duration,
    limit: u32,
) -> Result<Vec<Job>, StoreError> {
    // The subquery locks the rows it picks and skips those another claim holds; under READ
    // COMMITTED a row claimed and committed meanwhile is re-checked and no longer matches.
    // `= ANY(ARRAY(…))` runs the subquery once: as a plain `IN (…)` the planner may rescan it
    // (a semi-join), and each rescan skips to further rows, claiming more than `limit`.
    let rows: Vec<JobRow> = sqlx::query_as(&format!(
        "UPDATE jobs SET state = 'running', locked_by = $1, locked_until = $2, \
         attempts = attempts + 1 \
         WHERE id = ANY(ARRAY(SELECT id FROM jobs \
             WHERE (state = 'pending' AND run_at <= $3) OR (state = 'running' AND locked_until < $3) \
             ORDER BY run_at, id FOR UPDATE SKIP LOCKED LIMIT $4)) \
         AND ((state = 'pending' AND run_at <= $3) OR (state = 'running' AND locked_until < $3)) \
         RETURNING {JOB_COLUMNS}"
    ))
    .bind(worker)
    .bind(now + lease)
    .bind(now)
    .bind(i64::from(limit))
    .fetch_all(pool)
    .await
    .map_err(backend)?;
    jobs_from_rows(rows)
}

pub async fn finish_job(
    pool: &PgPool,
    id: JobId,
    worker: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let result = sqlx::query(
        "UPDATE jobs SET state = 'done', done_at = $1, locked_until = NULL \
         WHERE id = $2 AND locked_by = $3 AND state = 'running'",
    )
    .bind(now)
    .bind(id)
    .bind(worker)
    .execute(pool)
    .await
    .map_err(backend)?;
    Ok(result.rows_affected() == 1)
}

pub async fn fail_job(
    pool: &PgPool,
    id: JobId,
    worker: &str,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<bool, StoreError> {
    // With a retry the job waits as pending again; without, it has failed for good.
    let result = sqlx::query(
        "UPDATE jobs SET state = CASE WHEN $1::timestamptz IS NULL THEN 'failed' ELSE 'pending' END, \
         run_at = COALESCE($1, run_at), last_error = $2, \
         locked_by = CASE WHEN $1::timestamptz IS NULL THEN locked_by END, locked_until = NULL \
         WHERE id = $3 AND locked_by = $4 AND state = 'running'",
    )
    .bind(retry_at)
    .bind(error)
    .bind(id)
    .bind(worker)
    .execute(pool)
    .await
    .map_err(backend)?;
    Ok(result.rows_affected() == 1)
}

/// Cancels the booking's pending jobs of these kinds on an open connection or transaction.
pub(crate) async fn cancel_pending(
    connection: &mut PgConnection,
    booking_id: BookingId,
    kinds: &[JobKind],
) -> Result<usize, sqlx::Error> {
    if kinds.is_empty() {
        return Ok(0);
    }
    let kinds: Vec<&str> = kinds.iter().map(|kind| kind.as_str()).collect();
    let result = sqlx::query(
        "UPDATE jobs SET state = 'cancelled' \
         WHERE state = 'pending' AND booking_id = $1 AND kind = ANY($2)",
    )
    .bind(booking_id)
    .bind(kinds)
    .execute(&mut *connection)
    .await?;
    Ok(usize::try_from(result.rows_affected()).unwrap_or(usize::MAX))
}

/// Applies a booking change's job plan in the change's transaction.
pub(crate) async fn apply_plan(
    connection: &mut PgConnection,
    booking_id: BookingId,
    plan: &JobPlan,
) -> Result<(), sqlx::Error> {
    cancel_pending(connection, booking_id, &plan.cancel).await?;
    insert_jobs(connection, &plan.enqueue).await?;
    Ok(())
}

pub async fn cancel_jobs_of_booking(
    pool: &PgPool,
    booking_id: BookingId,
    kinds: &[JobKind],
) -> Result<usize, StoreError> {
    let mut connection = pool.acquire().await.map_err(backend)?;
    cancel_pending(&mut connection, booking_id, kinds)
        .await
        .map_err(backend)
}

pub async fn jobs_of_booking(pool: &PgPool, booking_id: BookingId) -> Result<Vec<Job>, StoreError> {
    let rows: Vec<JobRow> = sqlx::query_as(&format!(
        "SELECT {JOB_COLUMNS} FROM jobs WHERE booking_id = $1 ORDER BY run_at, id"
    ))
    .bind(booking_id)
    .fetch_all(pool)
    .await
    .map_err(backend)?;
    jobs_from_rows(rows)
}
