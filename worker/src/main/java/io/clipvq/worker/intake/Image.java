package io.clipvq.worker.intake;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Instant;

/** A row of the images table: one kept image of a job, stored at {@link #objectKey}. */
@Entity
@Table(name = "images")
public class Image extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "job_id")
    public String jobId;

    @Column(name = "prompt_index")
    public int promptIndex;

    /** 0 = best CLIP score among the prompt's candidates. */
    public int rank;

    @Column(name = "candidate_index")
    public int candidateIndex;

    @Column(columnDefinition = "text")
    public String prompt;

    public long seed;

    @Column(name = "clip_score")
    public double clipScore;

    @Column(name = "object_key")
    public String objectKey;

    public String sha256;

    public int width;

    public int height;

    @Column(name = "model_name")
    public String modelName;

    @Column(name = "model_version")
    public String modelVersion;

    @Column(name = "created_at")
    public Instant createdAt;

    /** True once its image-written event has been acknowledged by the broker (false while it may be unannounced). */
    public boolean announced;
}
