package io.clipvq.worker.api;

import io.smallrye.mutiny.Multi;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.time.Duration;

/**
 * GET /api/events: the job events of every worker as Server-Sent Events, from the moment the client connects. Each
 * event is named {@code job-event} and carries the event's JSON exactly as on the events topic. A comment opens the
 * stream at once and another follows every {@link #KEEP_ALIVE}, so idle connections are not cut by proxies and a
 * client can tell a live stream from a dead one.
 */
@Path("/api/events")
@Tag(name = "events")
public class EventsResource {
    static final Duration KEEP_ALIVE = Duration.ofSeconds(15);

    private final JobEventBroadcast broadcast;

    @Inject
    EventsResource(JobEventBroadcast broadcast) {
        this.broadcast = broadcast;
    }

    @GET
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @Operation(summary = "Job events (accepted, started, progress, image-written, completed, failed, cancelled) "
            + "as Server-Sent Events named job-event, data = the event's JSON")
    public Multi<OutboundSseEvent> events(@Context Sse sse) {
        Multi<OutboundSseEvent> opened = Multi.createFrom().item(sse.newEventBuilder().comment("connected").build());
        Multi<OutboundSseEvent> events = broadcast.subscribe().map(json -> sse.newEventBuilder().name("job-event")
                .mediaType(MediaType.TEXT_PLAIN_TYPE).data(String.class, json).build());
        Multi<OutboundSseEvent> keepAlive = Multi.createFrom().ticks().every(KEEP_ALIVE)
                .map(tick -> sse.newEventBuilder().comment("keep-alive").build());
        return Multi.createBy().merging().streams(opened, events, keepAlive);
    }
}
