# Sourced by the bench scripts: puts the server's WAL in the state of a server that has run at load
# for a while, and tells afterwards whether a run kept to it.
#
# Such a server writes its WAL into segment files it recycled at its last checkpoint. One that was
# idle keeps only min_wal_size of them, and creates each further 16 MB file by writing zeros while
# it holds the WAL write lock: every commit waits meanwhile. In turns.sh that stalled all commits
# for 60-70 ms every 10 s of the run (the probe's worst, each within 10 ms of a new file's birth),
# and those stalls made most of the turns over the p99. pgbench showed the same: 113 of 20,000
# commits over 10 ms when the run needed new files, none when it reused recycled ones.

# Writes 640 MB of WAL (more than a run writes, less than the 1 GB max_wal_size) through a scratch
# table in database $1, then checkpoints. The checkpoint recycles those files and sizes what it
# keeps by the WAL written since the last one. It also keeps the next checkpoint out of a run of
# under 5 min (checkpoint_timeout): for a while after one, every first write to a page logs the
# whole page and commits slow down, so runs compare with each other.
wal_steady_start() {
  local db=$1 start
  start=$(psql -h 127.0.0.1 -U postgres -Atc "SELECT pg_current_wal_lsn()")
  psql -h 127.0.0.1 -U postgres -d "$db" -qc "CREATE TABLE bench_wal_warmup (v text)"
  until [ "$(psql -h 127.0.0.1 -U postgres -Atc "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '$start') > 640 * 1024 * 1024")" = t ]; do
    psql -h 127.0.0.1 -U postgres -d "$db" -qc "INSERT INTO bench_wal_warmup SELECT md5(i::text) || md5(random()::text) FROM generate_series(1, 500000) i"
  done
  psql -h 127.0.0.1 -U postgres -d "$db" -qc "DROP TABLE bench_wal_warmup"
  psql -h 127.0.0.1 -U postgres -qc "CHECKPOINT"
  WAL_FILES_BEFORE=$(psql -h 127.0.0.1 -U postgres -Atc "SELECT count(*) FROM pg_ls_waldir()")
}

# More files after the run than before means it did not fit in the recycled ones: PostgreSQL
# created the rest, and commits waited while it did.
wal_steady_report() {
  echo "WAL segment files: $WAL_FILES_BEFORE before the run, $(psql -h 127.0.0.1 -U postgres -Atc "SELECT count(*) FROM pg_ls_waldir()") after it"
}
