package dev.epic.gateway.store;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.h2.jdbcx.JdbcConnectionPool;

/**
 * {@link JobStore} on an embedded H2 database file, reached through JDBC and a small connection pool.
 * {@code WRITE_DELAY=0} makes every commit reach the file (the operating system) before the statement returns,
 * so a job that the gateway has accepted survives the process being killed; H2 does not fsync each commit, so
 * a power loss may still lose the last ones (docs/api.md, Durability). The database file is locked: a second gateway on the
 * same file fails to start rather than sharing it.
 */
public final class H2JobStore implements JobStore {
    private final JdbcConnectionPool pool;

    private H2JobStore(JdbcConnectionPool pool) {
        this.pool = pool;
    }

    /**
     * Opens (creating if needed) the database at {@code file} (a path without the {@code .mv.db} extension),
     * with at most {@code connections} JDBC connections ({@code epic.gateway.database-connections}).
     */
    public static H2JobStore open(Path file, int connections) {
        try {
            Path abs = file.toAbsolutePath();
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
            JdbcConnectionPool pool = JdbcConnectionPool.create("jdbc:h2:file:" + abs + ";WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE",
                    "epic", "");
            pool.setMaxConnections(connections);
            H2JobStore store = new H2JobStore(pool);
            store.createSchema();
            return store;
        } catch (java.io.IOException | SQLException e) {
            throw new IllegalStateException("cannot open the job database " + file + ": " + e.getMessage(), e);
        }
    }

    private void createSchema() throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE IF NOT EXISTS jobs ("
                    + "id VARCHAR(64) PRIMARY KEY, seq BIGINT NOT NULL, owner VARCHAR(64) NOT NULL, state VARCHAR(16) NOT NULL, "
                    + "engine VARCHAR(32) NOT NULL, program CLOB NOT NULL, args CLOB NOT NULL, max_steps BIGINT NOT NULL, "
                    + "timeout_ms BIGINT NOT NULL, submitted_at BIGINT NOT NULL, finished_at BIGINT, outcome CLOB, events CLOB)");
            s.execute("CREATE INDEX IF NOT EXISTS jobs_seq ON jobs(seq)");
            // Added after the first release: a database from before it gains the column (0 for its old jobs).
            s.execute("ALTER TABLE jobs ADD COLUMN IF NOT EXISTS event_count INT DEFAULT 0 NOT NULL");
            s.execute("ALTER TABLE jobs ADD COLUMN IF NOT EXISTS run INT DEFAULT 1 NOT NULL");
            s.execute("ALTER TABLE jobs ADD COLUMN IF NOT EXISTS started_at BIGINT");
            s.execute("ALTER TABLE jobs ADD COLUMN IF NOT EXISTS crashes INT DEFAULT 0 NOT NULL");
            s.execute("ALTER TABLE jobs ADD COLUMN IF NOT EXISTS max_memory BIGINT DEFAULT 0 NOT NULL");
        }
    }

    @Override
    public void insert(JobRecord j) {
        run("INSERT INTO jobs (id, seq, owner, state, engine, program, args, max_steps, timeout_ms, submitted_at, finished_at, outcome, "
                + "max_memory) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", p -> {
                    p.setString(1, j.id());
                    p.setLong(2, j.seq());
                    p.setString(3, j.owner());
                    p.setString(4, j.state());
                    p.setString(5, j.engine());
                    p.setString(6, j.program());
                    p.setString(7, j.argsJson());
                    p.setLong(8, j.maxSteps());
                    p.setLong(9, j.timeoutMs());
                    p.setLong(10, j.submittedAt());
                    if (j.finishedAt() == null) {
                        p.setNull(11, Types.BIGINT);
                    } else {
                        p.setLong(11, j.finishedAt());
                    }
                    p.setString(12, j.outcomeJson());
                    p.setLong(13, j.maxMemoryBytes());
                    p.executeUpdate();
                    return null;
                });
    }

    @Override
    public void finish(String id, JobEnd end) {
        run("UPDATE jobs SET state = ?, finished_at = ?, outcome = ?, events = ?, event_count = ?, started_at = ? WHERE id = ?", p -> {
            p.setString(1, end.state());
            p.setLong(2, end.finishedAt());
            p.setString(3, end.outcomeJson());
            p.setString(4, end.eventsJson());
            p.setInt(5, end.eventCount());
            if (end.startedAt() == null) {
                p.setNull(6, Types.BIGINT);
            } else {
                p.setLong(6, end.startedAt());
            }
            p.setString(7, id);
            p.executeUpdate();
            return null;
        });
    }

    @Override
    public void startRun(String id, int run) {
        run("UPDATE jobs SET run = ? WHERE id = ?", p -> {
            p.setInt(1, run);
            p.setString(2, id);
            return p.executeUpdate();
        });
    }

    @Override
    public void markRunning(String id) {
        run("UPDATE jobs SET state = 'running' WHERE id = ? AND finished_at IS NULL", p -> {
            p.setString(1, id);
            return p.executeUpdate();
        });
    }

    @Override
    public void markQueued(List<String> ids) {
        for (String id : ids) {
            run("UPDATE jobs SET state = 'queued' WHERE id = ? AND finished_at IS NULL", p -> {
                p.setString(1, id);
                return p.executeUpdate();
            });
        }
    }

    @Override
    public int countCrash(String id) {
        run("UPDATE jobs SET crashes = crashes + 1, state = 'queued' WHERE id = ?", p -> {
            p.setString(1, id);
            return p.executeUpdate();
        });
        return run("SELECT crashes FROM jobs WHERE id = ?", p -> {
            p.setString(1, id);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getInt(1) : 0;
            }
        });
    }

    @Override
    public List<JobRecord> loadAll() {
        return run("SELECT id, seq, owner, state, engine, CASE WHEN finished_at IS NULL THEN program END, "
                + "CASE WHEN finished_at IS NULL THEN args END, max_steps, timeout_ms, submitted_at, finished_at, outcome, "
                + "event_count, run, started_at, crashes, max_memory FROM jobs ORDER BY seq", p -> {
                    List<JobRecord> out = new ArrayList<>();
                    try (ResultSet r = p.executeQuery()) {
                        while (r.next()) {
                            long fin = r.getLong(11);
                            Long finished = r.wasNull() ? null : fin;
                            long start = r.getLong(15);
                            Long started = r.wasNull() ? null : start;
                            out.add(new JobRecord(r.getString(1), r.getLong(2), r.getString(3), r.getString(4), r.getString(5),
                                    r.getString(6), r.getString(7), r.getLong(8), r.getLong(9), r.getLong(10), finished,
                                    r.getString(12), r.getInt(13), r.getInt(14), started, r.getInt(16), r.getLong(17)));
                        }
                    }
                    return out;
                });
    }

    @Override
    public String events(String id) {
        return run("SELECT events FROM jobs WHERE id = ?", p -> {
            p.setString(1, id);
            try (ResultSet r = p.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        });
    }

    @Override
    public List<String> deleteFinishedBefore(long epochMs) {
        List<String> ids = run("SELECT id FROM jobs WHERE finished_at IS NOT NULL AND finished_at < ?", p -> {
            p.setLong(1, epochMs);
            List<String> out = new ArrayList<>();
            try (ResultSet r = p.executeQuery()) {
                while (r.next()) {
                    out.add(r.getString(1));
                }
            }
            return out;
        });
        for (String id : ids) {
            run("DELETE FROM jobs WHERE id = ?", p -> {
                p.setString(1, id);
                return p.executeUpdate();
            });
        }
        return ids;
    }

    @Override
    public void close() {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
            // Close the database now rather than when the last pooled connection happens to go.
            s.execute("SHUTDOWN");
        } catch (SQLException e) {
            // Already closed.
        }
        pool.dispose();
    }

    private interface Statement2<T> {
        T apply(PreparedStatement p) throws SQLException;
    }

    private <T> T run(String sql, Statement2<T> body) {
        try (Connection c = pool.getConnection(); PreparedStatement p = c.prepareStatement(sql)) {
            return body.apply(p);
        } catch (SQLException e) {
            throw new IllegalStateException("job database: " + e.getMessage(), e);
        }
    }
}
