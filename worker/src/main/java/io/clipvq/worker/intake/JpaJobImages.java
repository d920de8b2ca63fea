package io.clipvq.worker.intake;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@link JobImages} through Hibernate ORM (the {@link Image} entity); each method is one transaction. */
@ApplicationScoped
public class JpaJobImages implements JobImages {

    private final EntityManager em;

    JpaJobImages(EntityManager em) {
        this.em = em;
    }

    @Override
    @Transactional
    public Set<Integer> recordedRanks(String jobId, int promptIndex) {
        return new HashSet<>(em.createQuery("select i.rank from Image i where i.jobId = :id and i.promptIndex = :p",
                Integer.class).setParameter("id", jobId).setParameter("p", promptIndex).getResultList());
    }

    @Override
    @Transactional
    public List<Integer> completedPrompts(String jobId, int keepPerPrompt) {
        return em.createQuery("select i.promptIndex from Image i where i.jobId = :id group by i.promptIndex "
                        + "having count(i) >= :keep order by i.promptIndex", Integer.class)
                .setParameter("id", jobId).setParameter("keep", (long) keepPerPrompt).getResultList();
    }

    @Override
    @Transactional
    public boolean record(Image image) {
        return em.createNativeQuery("""
                        insert into images (job_id, prompt_index, rank, candidate_index, prompt, seed, clip_score,
                                            object_key, sha256, width, height, model_name, model_version, created_at)
                        values (:job, :prompt_index, :rank, :candidate, :prompt, :seed, :score, :key, :sha, :w, :h,
                                :model, :version, now())
                        on conflict (job_id, prompt_index, rank) do nothing""")
                .setParameter("job", image.jobId).setParameter("prompt_index", image.promptIndex)
                .setParameter("rank", image.rank).setParameter("candidate", image.candidateIndex)
                .setParameter("prompt", image.prompt).setParameter("seed", image.seed)
                .setParameter("score", image.clipScore).setParameter("key", image.objectKey)
                .setParameter("sha", image.sha256).setParameter("w", image.width).setParameter("h", image.height)
                .setParameter("model", image.modelName).setParameter("version", image.modelVersion)
                .executeUpdate() == 1;
    }

    @Override
    @Transactional
    public long count(String jobId) {
        return em.createQuery("select count(i) from Image i where i.jobId = :id", Long.class)
                .setParameter("id", jobId).getSingleResult();
    }

    @Override
    @Transactional
    public void markAnnounced(String jobId, int promptIndex, int rank) {
        em.createQuery("update Image i set i.announced = true where i.jobId = :id and i.promptIndex = :p "
                        + "and i.rank = :r").setParameter("id", jobId).setParameter("p", promptIndex)
                .setParameter("r", rank).executeUpdate();
    }

    @Override
    @Transactional
    public List<Image> unannounced(String jobId) {
        return em.createQuery("select i from Image i where i.jobId = :id and i.announced = false "
                + "order by i.promptIndex, i.rank", Image.class).setParameter("id", jobId).getResultList();
    }

    @Override
    @Transactional
    public List<Image> list(String jobId) {
        return em.createQuery("select i from Image i where i.jobId = :id order by i.promptIndex, i.rank", Image.class)
                .setParameter("id", jobId).getResultList();
    }
}
