package io.clipvq.worker.bulk;

import io.clipvq.contracts.bulk.BulkProgress;
import io.clipvq.contracts.bulk.BulkStatusQueries;
import io.clipvq.contracts.bulk.PromptStream;
import io.clipvq.contracts.bulk.ShardRange;
import io.clipvq.worker.jobs.JobStatus;
import io.clipvq.worker.jobs.JobLedger;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Every read and write of a bulk job's own tables (bulk_prompts, bulk_shards, bulk_images; its row in jobs belongs to
 * the {@link JobLedger}), in plain JDBC because the work is set-based and batched. Each public method is one transaction; row-by-row inserts
 * use {@code on conflict do nothing} so that a replay (redelivered request or shard) never duplicates a row.
 */
@ApplicationScoped
public class BulkStore implements PlanStore, ShardStore {

    private static final int BATCH = 1000;
    /** First key of the planning advisory locks ("CQ" + 1), so they cannot meet other users' advisory locks. */
    private static final int PLANNING_LOCK_CLASS = 0x4351_0001;

    private final DataSource dataSource;

    BulkStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * A PostgreSQL advisory lock, a session lock on its own connection: a planner that dies releases it with its
     * connection. Different jobs whose ids hash alike only wait for each other.
     */
    @Override
    public PlanningLock lockPlanning(String jobId) {
        try {
            Connection c = dataSource.getConnection();
            try (PreparedStatement s = c.prepareStatement("select pg_advisory_lock(?, hashtext(?))")) {
                s.setInt(1, PLANNING_LOCK_CLASS);
                s.setString(2, jobId);
                s.execute();
            } catch (SQLException e) {
                c.close();
                throw e;
            }
            return () -> {
                try (c; PreparedStatement s = c.prepareStatement("select pg_advisory_unlock(?, hashtext(?))")) {
                    s.setInt(1, PLANNING_LOCK_CLASS);
                    s.setString(2, jobId);
                    s.execute();
                } catch (SQLException e) {
                    // closing the connection ends the session, which releases the lock anyway
                }
            };
        } catch (SQLException e) {
            throw new IllegalStateException("cannot lock the planning of bulk job " + jobId + ": " + e.getMessage(), e);
        }
    }


    @Override
    @Transactional
    @TransactionConfiguration(timeout = 3600)
    public int storePrompts(String jobId, Supplier<PromptStream> prompts) {
        try (Connection c = dataSource.getConnection()) {
            int count = 0;
            try (PromptStream stream = prompts.get();
                 PreparedStatement insert = c.prepareStatement("insert into bulk_prompts (job_id, prompt_index, "
                         + "prompt) values (?, ?, ?) on conflict do nothing")) {
                while (stream.hasNext()) {
                    insert.setString(1, jobId);
                    insert.setInt(2, count);
                    insert.setString(3, stream.next());
                    insert.addBatch();
                    if (++count % BATCH == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            return count;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the prompts of bulk job " + jobId + ": " + e.getMessage(), e);
        }
    }

    @Override
    @Transactional
    public void reopenUnfinishedShards(String jobId) {
        try (Connection c = dataSource.getConnection()) {
            update(c, "update bulk_shards set status = 'pending', error = null where job_id = ? and status in "
                    + "('failed', 'published', 'running')", jobId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reopen the shards of bulk job " + jobId + ": " + e.getMessage(), e);
        }
    }

    @Override
    @Transactional
    @TransactionConfiguration(timeout = 3600)
    public void insertShards(String jobId, Iterator<ShardRange> shards) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("insert into bulk_shards (job_id, shard_index, "
                     + "first_image, image_count, status) values (?, ?, ?, ?, 'pending') on conflict do nothing")) {
            int pending = 0;
            while (shards.hasNext()) {
                ShardRange shard = shards.next();
                insert.setString(1, jobId);
                insert.setInt(2, shard.shardIndex());
                insert.setLong(3, shard.firstImage());
                insert.setInt(4, shard.imageCount());
                insert.addBatch();
                if (++pending == BATCH) {
                    insert.executeBatch();
                    pending = 0;
                }
            }
            insert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot write the shards of bulk job " + jobId + ": " + e.getMessage(), e);
        }
    }

    @Override
    @Transactional
    public List<ShardRange> unpublished(String jobId, int afterShard, int limit) {
        List<ShardRange> page = new ArrayList<>(limit);
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select shard_index, first_image, image_count from bulk_shards "
                     + "where job_id = ? and status = 'pending' and shard_index > ? order by shard_index limit ?")) {
            s.setString(1, jobId);
            s.setInt(2, afterShard);
            s.setInt(3, limit);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    page.add(new ShardRange(r.getInt(1), r.getLong(2), r.getInt(3)));
                }
            }
            return page;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the shards of bulk job " + jobId + ": " + e.getMessage(), e);
        }
    }

    @Override
    @Transactional
    public void markPublished(String jobId, List<ShardRange> shards) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("update bulk_shards set status = 'published', published_at = "
                     + "now() where job_id = ? and shard_index between ? and ? and status = 'pending'")) {
            s.setString(1, jobId);
            s.setInt(2, shards.get(0).shardIndex());
            s.setInt(3, shards.get(shards.size() - 1).shardIndex());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot mark shards of bulk job " + jobId + " published: "
                    + e.getMessage(), e);
        }
    }

    @Override
    @Transactional
    public Optional<ShardStatus> claimShard(String jobId, int shardIndex, String workerId) {
        try (Connection c = dataSource.getConnection()) {
            ShardStatus before;
            try (PreparedStatement s = c.prepareStatement("select status from bulk_shards where job_id = ? and "
                    + "shard_index = ? for update")) {
                s.setString(1, jobId);
                s.setInt(2, shardIndex);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        return Optional.empty();
                    }
                    before = ShardStatus.fromDb(r.getString(1));
                }
            }
            if (!before.isTerminal()) {
                try (PreparedStatement s = c.prepareStatement("update bulk_shards set status = 'running', worker = ?, "
                        + "attempts = attempts + 1, started_at = coalesce(started_at, now()) where job_id = ? and "
                        + "shard_index = ?")) {
                    s.setString(1, workerId);
                    s.setString(2, jobId);
                    s.setInt(3, shardIndex);
                    s.executeUpdate();
                }
            }
            return Optional.of(before);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot claim shard " + shardIndex + " of bulk job " + jobId + ": "
                    + e.getMessage(), e);
        }
    }

    @Override
    @Transactional
    public BitSet recordedImages(String jobId, ShardRange shard) {
        BitSet done = new BitSet(shard.imageCount());
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select image_index from bulk_images where job_id = ? and "
                     + "image_index >= ? and image_index < ?")) {
            s.setString(1, jobId);
            s.setLong(2, shard.firstImage());
            s.setLong(3, shard.endImage());
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    done.set((int) (r.getLong(1) - shard.firstImage()));
                }
            }
            return done;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the images of bulk job " + jobId + ": " + e.getMessage(), e);
        }
    }

    @Override
    @Transactional
    public List<String> prompts(String jobId, int from, int to) {
        List<String> prompts = new ArrayList<>(to - from + 1);
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select prompt_index, prompt from bulk_prompts where job_id = ? "
                     + "and prompt_index between ? and ? order by prompt_index")) {
            s.setString(1, jobId);
            s.setInt(2, from);
            s.setInt(3, to);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    if (r.getInt(1) != from + prompts.size()) {
                        throw new IllegalStateException("bulk job " + jobId + ": prompt " + (from + prompts.size())
                                + " is missing from bulk_prompts");
                    }
                    prompts.add(r.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the prompts of bulk job " + jobId + ": " + e.getMessage(), e);
        }
        if (prompts.size() != to - from + 1) {
            throw new IllegalStateException("bulk job " + jobId + ": prompts " + from + ".." + to
                    + " are not all in bulk_prompts (found " + prompts.size() + ")");
        }
        return prompts;
    }

    @Override
    @Transactional
    public int recordImages(String jobId, int shardIndex, List<BulkImageRow> rows, String workerId) {
        try (Connection c = dataSource.getConnection()) {
            int inserted = 0;
            try (PreparedStatement s = c.prepareStatement("""
                    insert into bulk_images (job_id, image_index, shard_index, prompt_index, repeat_index,
                                             candidate_index, seed, candidate_seed, clip_score, object_key, sha256,
                                             width, height, worker, clip_embedding)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict do nothing""")) {
                for (BulkImageRow row : rows) {
                    s.setString(1, row.jobId());
                    s.setLong(2, row.imageIndex());
                    s.setInt(3, row.shardIndex());
                    s.setInt(4, row.promptIndex());
                    s.setInt(5, row.repeatIndex());
                    s.setInt(6, row.candidateIndex());
                    s.setLong(7, row.seed());
                    s.setLong(8, row.candidateSeed());
                    s.setDouble(9, row.clipScore());
                    s.setString(10, row.objectKey());
                    s.setString(11, row.sha256());
                    s.setInt(12, row.width());
                    s.setInt(13, row.height());
                    s.setString(14, workerId);
                    s.setBytes(15, row.clipEmbedding() == null ? null : ImageSpread.bytes(row.clipEmbedding()));
                    inserted += s.executeUpdate();
                }
            }
            update(c, "update bulk_shards set (done, distinct_done) = (select count(*), count(distinct (i.prompt_index, "
                    + "i.sha256)) from bulk_images i where i.job_id = ? and i.shard_index = ?) where job_id = ? and "
                    + "shard_index = ?", jobId, shardIndex, jobId, shardIndex);
            return inserted;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot record images of bulk job " + jobId + ": " + e.getMessage(), e);
        }
    }

    @Override
    @Transactional
    public void endShard(String jobId, int shardIndex, ShardStatus status, String manifestKey, String tarKey,
                         String error) {
        if (!status.isTerminal()) {
            throw new IllegalArgumentException(status + " is not an end state of a shard");
        }
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     update bulk_shards set status = ?, manifest_key = coalesce(?, manifest_key),
                            tar_key = coalesce(?, tar_key), error = ?, finished_at = now()
                      where job_id = ? and shard_index = ?
                        and status not in ('completed', 'skipped', 'cancelled', 'failed')""")) {
            s.setString(1, status.dbValue());
            s.setString(2, manifestKey);
            s.setString(3, tarKey);
            s.setString(4, error);
            s.setString(5, jobId);
            s.setInt(6, shardIndex);
            if (s.executeUpdate() == 1 && status == ShardStatus.COMPLETED) {
                update(c, "update bulk_shards set near_distinct_done = ? where job_id = ? and shard_index = ?",
                        spread(c, jobId, shardIndex, Integer.MAX_VALUE).nearDistinct(), jobId, shardIndex);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot end shard " + shardIndex + " of bulk job " + jobId + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * The near-distinct and spread measures over one shard's images (shardIndex >= 0) or the whole job's (-1), each
     * prompt's first {@code maxImagesPerPrompt} images in image order.
     */
    private static ImageSpread.Result spread(Connection c, String jobId, int shardIndex, int maxImagesPerPrompt)
            throws SQLException {
        ImageSpread spread = new ImageSpread(maxImagesPerPrompt);
        try (PreparedStatement s = c.prepareStatement("select prompt_index, sha256, clip_embedding from bulk_images "
                + "where job_id = ? and (? < 0 or shard_index = ?) order by prompt_index, image_index")) {
            s.setString(1, jobId);
            s.setInt(2, shardIndex);
            s.setInt(3, shardIndex);
            s.setFetchSize(BATCH);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    spread.add(r.getInt(1), r.getString(2), r.getBytes(3));
                }
            }
        }
        return spread.result();
    }

    @Override
    @Transactional
    public void forEachImageOfShard(String jobId, int shardIndex, Consumer<ManifestEntry> action) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("""
                     select i.image_index, i.object_key, p.prompt, i.prompt_index, i.repeat_index, i.seed,
                            i.candidate_index, i.candidate_seed, i.clip_score, i.sha256, i.width, i.height
                       from bulk_images i
                       join bulk_prompts p on p.job_id = i.job_id and p.prompt_index = i.prompt_index
                      where i.job_id = ? and i.shard_index = ? order by i.image_index""")) {
            s.setString(1, jobId);
            s.setInt(2, shardIndex);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    action.accept(new ManifestEntry(r.getLong(1), r.getString(2), r.getString(3), r.getInt(4),
                            r.getInt(5), r.getLong(6), r.getInt(7), r.getLong(8), r.getDouble(9), r.getString(10),
                            r.getInt(11), r.getInt(12)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the images of shard " + shardIndex + " of bulk job " + jobId
                    + ": " + e.getMessage(), e);
        }
    }

    /** Over the whole job: distinct (prompt, image bytes) pairs, and prompts with fewer distinct images than images. */
    private static JobManifestSink.DistinctImages distinctInJob(Connection c, String jobId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                select coalesce(sum(d), 0), count(*) filter (where d < n)
                  from (select count(distinct sha256) as d, count(*) as n from bulk_images where job_id = ?
                         group by prompt_index) per_prompt""")) {
            s.setString(1, jobId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return new JobManifestSink.DistinctImages(r.getLong(1), r.getLong(2));
            }
        }
    }

    @Override
    @Transactional
    public Optional<BulkProgress> progress(String jobId) {
        try (Connection c = dataSource.getConnection()) {
            return BulkStatusQueries.progress(c, jobId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the progress of bulk job " + jobId + ": " + e.getMessage(), e);
        }
    }

    @Override
    @Transactional
    public Optional<JobLedger.Ending> endingIfAllShardsEnded(String jobId, JobManifestSink manifest) {
        try (Connection c = dataSource.getConnection()) {
            int total = 0;
            int unfinished = 0;
            int failed = 0;
            int stopped = 0;
            try (PreparedStatement s = c.prepareStatement("select status, count(*) from bulk_shards where job_id = ? "
                    + "group by status")) {
                s.setString(1, jobId);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        ShardStatus status = ShardStatus.fromDb(r.getString(1));
                        int n = r.getInt(2);
                        total += n;
                        if (!status.isTerminal()) {
                            unfinished += n;
                        } else if (status == ShardStatus.FAILED) {
                            failed += n;
                        } else if (status != ShardStatus.COMPLETED) {
                            stopped += n;
                        }
                    }
                }
            }
            if (total == 0 || unfinished > 0) {
                return Optional.empty();
            }
            JobStatus outcome = failed > 0 ? JobStatus.FAILED : stopped > 0 ? JobStatus.CANCELLED : JobStatus.COMPLETED;
            String error = null;
            if (failed > 0) {
                try (PreparedStatement s = c.prepareStatement("select shard_index, error from bulk_shards where "
                        + "job_id = ? and status = 'failed' order by shard_index limit 1")) {
                    s.setString(1, jobId);
                    try (ResultSet r = s.executeQuery()) {
                        r.next();
                        error = failed + " shard(s) failed; shard " + r.getInt(1) + ": " + r.getString(2);
                    }
                }
            }
            try (PreparedStatement s = c.prepareStatement("select shard_index, first_image, image_count, status, done, "
                    + "manifest_key, tar_key, distinct_done, near_distinct_done from bulk_shards where job_id = ? "
                    + "order by shard_index");
                 JobManifestSink.Writer writer = manifest.open(outcome)) {
                s.setString(1, jobId);
                s.setFetchSize(BATCH);
                try (ResultSet r = s.executeQuery()) {
                    while (r.next()) {
                        writer.shard(r.getInt(1), r.getLong(2), r.getInt(3), r.getString(4), r.getInt(5),
                                r.getString(6), r.getString(7), r.getInt(8), r.getInt(9));
                    }
                }
                writer.distinctInJob(distinctInJob(c, jobId));
                writer.spreadInJob(spread(c, jobId, -1, ImageSpread.JOB_MAX_IMAGES_PER_PROMPT));
            }
            return Optional.of(new JobLedger.Ending(outcome, error, imagesDone(c, jobId)));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot finish bulk job " + jobId + ": " + e.getMessage(), e);
        }
    }

    @Override
    @Transactional
    public ShardTally tally(String jobId) {
        int completed = 0;
        int stopped = 0;
        long kept = 0;
        int skipped = 0;
        int failed = 0;
        try (Connection c = dataSource.getConnection();
             PreparedStatement s = c.prepareStatement("select status, count(*), coalesce(sum(done), 0) from bulk_shards "
                     + "where job_id = ? group by status")) {
            s.setString(1, jobId);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    switch (ShardStatus.fromDb(r.getString(1))) {
                        case COMPLETED -> completed = r.getInt(2);
                        case CANCELLED -> {
                            stopped = r.getInt(2);
                            kept = r.getLong(3);
                        }
                        case SKIPPED -> skipped = r.getInt(2);
                        case FAILED -> failed = r.getInt(2);
                        default -> {
                            // unfinished shards are not part of an ending
                        }
                    }
                }
            }
            return new ShardTally(completed, stopped, kept, skipped, failed);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the shards of bulk job " + jobId + ": " + e.getMessage(), e);
        }
    }

    @Override
    @Transactional
    public long imagesDone(String jobId) {
        try (Connection c = dataSource.getConnection()) {
            return imagesDone(c, jobId);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot count the images of bulk job " + jobId + ": " + e.getMessage(), e);
        }
    }

    private static long imagesDone(Connection c, String jobId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("select coalesce(sum(done), 0) from bulk_shards where job_id = ?")) {
            s.setString(1, jobId);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    private static void update(Connection c, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setObject(i + 1, parameters[i]);
            }
            s.executeUpdate();
        }
    }

}
