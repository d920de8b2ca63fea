package io.clipvq.worker.jobs;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A row of the jobs table (schema in db/migration). Fields are public, Panache style. */
@Entity
@Table(name = "jobs")
public class Job extends PanacheEntityBase {

    @Id
    @Column(name = "job_id")
    public String jobId;

    public String kind;

    @Column(name = "parent_job_id")
    public String parentJobId;

    /** {@link JobStatus#dbValue()}. */
    public String status;

    @Column(name = "prompt_count")
    public Integer promptCount;

    @Column(name = "images_expected")
    public Integer imagesExpected;

    @Column(name = "images_written")
    public int imagesWritten;

    @Column(name = "candidates_per_prompt")
    public Integer candidatesPerPrompt;

    @Column(name = "keep_per_prompt")
    public Integer keepPerPrompt;

    public Long seed;

    public Integer steps;

    @Column(name = "guidance_scale")
    public Double guidanceScale;

    public Double truncation;

    @Column(name = "model_name")
    public String modelName;

    @Column(name = "model_version")
    public String modelVersion;

    @Column(name = "output_prefix")
    public String outputPrefix;

    @Column(columnDefinition = "text")
    public String request;

    @Column(columnDefinition = "text")
    public String error;

    @Column(name = "cancel_requested_at")
    public Instant cancelRequestedAt;

    @Column(name = "cancel_reason", columnDefinition = "text")
    public String cancelReason;

    @Column(name = "worker_id")
    public String workerId;

    public int attempts;

    @Column(name = "created_at")
    public Instant createdAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    public JobStatus jobStatus() {
        return JobStatus.fromDb(status);
    }
}
