package io.clipvq.worker.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.clipvq.contracts.job.InvalidJobMessageException;
import io.clipvq.contracts.job.JobJson;
import io.clipvq.contracts.job.Violation;
import io.clipvq.worker.intake.MessageText;

import java.util.Iterator;

/**
 * The optional body of a cancel, {@code {"reason": "..."}}: a reason kept with the job (as
 * {@code clipvq cancel --reason}). Read by hand rather than bound, so that a cancel with no body and no content type
 * (what {@code curl -X POST} sends) is accepted too.
 */
public final class CancelBody {
    private CancelBody() {
    }

    /**
     * @return the reason, or null when the body is empty or gives none
     * @throws ApiException 400 naming the field when the body is not such an object
     */
    public static String reasonOf(byte[] body) {
        if (body == null || body.length == 0 || new String(body, java.nio.charset.StandardCharsets.UTF_8).isBlank()) {
            return null;
        }
        JsonNode root;
        try {
            root = JobJson.tree(MessageText.decode(body));
        } catch (InvalidJobMessageException e) {
            Violation first = e.violations().get(0);
            throw ApiException.badRequest("the cancel body is not JSON: " + first, first.field());
        }
        if (!root.isObject()) {
            throw ApiException.badRequest("the cancel body must be a JSON object such as {\"reason\": \"...\"}", "$");
        }
        for (Iterator<String> names = root.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!name.equals("reason")) {
                throw ApiException.badRequest("the cancel body takes only \"reason\", not \"" + name + "\"", name);
            }
        }
        JsonNode reason = root.get("reason");
        if (reason == null || reason.isNull()) {
            return null;
        }
        if (!reason.isTextual()) {
            throw ApiException.badRequest("reason must be a string", "reason");
        }
        return reason.textValue();
    }
}
