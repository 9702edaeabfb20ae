//! The job queue. Every write is one autocommit statement or a `BEGIN IMMEDIATE` transaction,
//! taken in this process's writers' turn: a claim inside a deferred transaction would read
//! first and then fail with SQLITE_BUSY, without waiting, when another writer got in between.

use crate::bookings::Writers;
use chrono::{DateTime, Utc};
use domain::jobs::JobKind;
use sqlx::{Connection, QueryBuilder, Sqlite, SqliteConnection};
use store::rows::{JOB_COLUMNS, JobRow, backend, jobs_from_rows};
use store::{BookingId, Job, JobId, JobPlan, NewJob, StoreError};

/// Inserts jobs on an open connection or transaction, skipping those whose dedupe key exists;
/// returns how many were new. Callers that change a booking call it in their transaction.
pub(crate) async fn insert_jobs(
    connection: &mut SqliteConnection,
    jobs: &[NewJob],
) -> Result<usize, sqlx::Error> {
    let mut inserted = 0;
    for job in jobs {
        let result = sqlx::query(
            "INSERT INTO jobs (studio_id, booking_id, kind, dedupe_key, payload, run_at, state, \
             attempts, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', 0, ?) \
             ON CONFLICT (dedupe_key) DO NOTHING",
        )
        .bind(job.studio_id)
        .bind(job.booking_id)
        .bind(job.kind.as_str())
        .bind(job.dedupe_key.as_str())
        .bind(&job.payload)
        .bind(job.run_at.timestamp())
        .bind(job.created_at.timestamp())
        .execute(&mut *connection)
        .await?;
        inserted += usize::try_from(result.rows_affected()).unwrap_or(usize::MAX);
    }
    Ok(inserted)
}

pub async fn enqueue_jobs(writers: &Writers, jobs: &[NewJob]) -> Result<usize, StoreError> {
    if jobs.is_empty() {
        return Ok(0);
    }
    let _turn = writers.writer.lock().await;
    let mut pooled = writers.pool.acquire().await.map_err(backend)?;
    let mut transaction = pooled
        .begin_with("BEGIN IMMEDIATE")
        .await
        .map_err(backend)?;
    let inserted = insert_jobs(&mut transaction, jobs).await.map_err(backend)?;
    transaction.commit().await.map_err(backend)?;
    Ok(inserted)
}

pub async fn claim_jobs(
    writers: &Writers,
    worker: &str,
    now: DateTime<Utc>,
    lease: chrono::Duration,
    limit: u32,
) -> Result<Vec<Job>, StoreError> {
    let _turn = writers.writer.lock().await;
    // One statement: SQLite takes the write lock before it reads, so two claimers never see
    // the same row as claimable.
    let rows: Vec<JobRow> = sqlx::query_as(&format!(
        "UPDATE jobs SET state = 'running', locked_by = ?, locked_until = ?, \
         attempts = attempts + 1 \
         WHERE id IN (SELECT id FROM jobs \
             WHERE (state = 'pending' AND run_at <= ?) OR (state = 'running' AND locked_until < ?) \
             ORDER BY run_at, id LIMIT ?) \
         RETURNING {JOB_COLUMNS}"
    ))
    .bind(worker)
    .bind((now + lease).timestamp())
    .bind(now.timestamp())
    .bind(now.timestamp())
    .bind(i64::from(limit))
    .fetch_all(&writers.pool)
    .await
    .map_err(backend)?;
    jobs_from_rows(rows)
}

pub async fn finish_job(
    writers: &Writers,
    id: JobId,
    worker: &str,
    now: DateTime<Utc>,
) -> Result<bool, StoreError> {
    let _turn = writers.writer.lock().await;
    let result = sqlx::query(
        "UPDATE jobs SET state = 'done', done_at = ?, locked_until = NULL \
         WHERE id = ? AND locked_by = ? AND state = 'running'",
    )
    .bind(now.timestamp())
    .bind(id)
    .bind(worker)
    .execute(&writers.pool)
    .await
    .map_err(backend)?;
    Ok(result.rows_affected() == 1)
}

pub async fn fail_job(
    writers: &Writers,
    id: JobId,
    worker: &str,
    error: &str,
    retry_at: Option<DateTime<Utc>>,
) -> Result<bool, StoreError> {
    let _turn = writers.writer.lock().await;
    let result = match retry_at {
        Some(retry_at) => sqlx::query(
            "UPDATE jobs SET state = 'pending', run_at = ?, last_error = ?, locked_by = NULL, \
             locked_until = NULL WHERE id = ? AND locked_by = ? AND state = 'running'",
        )
        .bind(retry_at.timestamp()),
        None => sqlx::query(
            "UPDATE jobs SET state = 'failed', last_error = ?, locked_until = NULL \
             WHERE id = ? AND locked_by = ? AND state = 'running'",
        ),
    }
    .bind(error)
    .bind(id)
    .bind(worker)
    .execute(&writers.pool)
    .await
    .map_err(backend)?;
    Ok(result.rows_affected() == 1)
}

/// Cancels the booking's pending jobs of these kinds on an open connection or transaction.
pub(crate) async fn cancel_pending(
    connection: &mut SqliteConnection,
    booking_id: BookingId,
    kinds: &[JobKind],
) -> Result<usize, sqlx::Error> {
    if kinds.is_empty() {
        return Ok(0);
    }
    let mut sql = QueryBuilder::<Sqlite>::new(
        "UPDATE jobs SET state = 'cancelled' WHERE state = 'pending' AND booking_id = ",
    );
    sql.push_bind(booking_id).push(" AND kind IN (");
    let mut separated = sql.separated(", ");
    for kind in kinds {
        separated.push_bind(kind.as_str());
    }
    sql.push(")");
    let result = sql.build().execute(&mut *connection).await?;
    Ok(usize::try_from(result.rows_affected()).unwrap_or(usize::MAX))
}

/// Applies a booking change's job plan in the change's transaction.
pub(crate) async fn apply_plan(
    connection: &mut SqliteConnection,
    booking_id: BookingId,
    plan: &JobPlan,
) -> Result<(), sqlx::Error> {
    cancel_pending(connection, booking_id, &plan.cancel).await?;
    insert_jobs(connection, &plan.enqueue).await?;
    Ok(())
}

pub async fn cancel_jobs_of_booking(
    writers: &Writers,
    booking_id: BookingId,
    kinds: &[JobKind],
) -> Result<usize, StoreError> {
    let _turn = writers.writer.lock().await;
    let mut connection = writers.pool.acquire().await.map_err(backend)?;
    cancel_pending(&mut connection, booking_id, kinds)
        .await
        .map_err(backend)
}

pub async fn jobs_of_booking(
    writers: &Writers,
    booking_id: BookingId,
) -> Result<Vec<Job>, StoreError> {
    let rows: Vec<JobRow> = sqlx::query_as(&format!(
        "SELECT {JOB_COLUMNS} FROM jobs WHERE booking_id = ? ORDER BY run_at, id"
    ))
    .bind(booking_id)
    .fetch_all(&writers.pool)
    .await
    .map_err(backend)?;
    jobs_from_rows(rows)
}
