package io.slipway.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.slipway.flags.FlagChange;
import io.slipway.flags.FlagException;
import io.slipway.flags.FlagUpdate;
import io.slipway.flags.Flags;
import io.slipway.flags.Segment;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Segments ({@code /api/v1/segments}) and the seed application's kill-switch endpoints, kept exactly
 * as it calls them: {@code POST /api/admin/feature-flags/disable {"flagName": …}} switches one flag
 * off in every environment, {@code POST /api/admin/feature-flags/disable-all {"category": …}} every
 * flag of a category. A category no flag has is not an error (a kill switch pressed twice must not
 * fail): the answer lists no flags and says so.
 */
final class FlagAdminRoutes {
    private final Flags flags;

    FlagAdminRoutes(Flags flags) {
        this.flags = flags;
    }

    void routes(Router r) {
        r.get("/api/v1/segments").blockingHandler(FlagApi.guard(ctx -> AdminApi.json(ctx, 200, flags.segments())));
        r.get("/api/v1/segments/:name").blockingHandler(FlagApi.guard(ctx ->
                AdminApi.json(ctx, 200, flags.segment(ctx.pathParam("name")))));
        r.put("/api/v1/segments/:name").blockingHandler(FlagApi.guard(this::putSegment));
        r.delete("/api/v1/segments/:name").blockingHandler(FlagApi.guard(this::deleteSegment));
        r.post("/api/admin/feature-flags/disable").blockingHandler(FlagApi.guard(this::disable));
        r.post("/api/admin/feature-flags/disable-all").blockingHandler(FlagApi.guard(this::disableAll));
    }

    private void putSegment(RoutingContext ctx) {
        Segment segment = FlagBodies.segment(ctx.body().asString(), ctx.pathParam("name"));
        Optional<FlagChange> change = flags.putSegment(segment, FlagApi.actor(ctx, null));
        boolean created = change.map(c -> c.action() == FlagChange.Action.SEGMENT_CREATE).orElse(false);
        AdminApi.json(ctx, created ? 201 : 200, segment);
    }

    private void deleteSegment(RoutingContext ctx) {
        String name = ctx.pathParam("name");
        flags.deleteSegment(name, FlagApi.actor(ctx, null));
        AdminApi.json(ctx, 200, Map.of("deleted", name, "version", flags.version()));
    }

    private void disable(RoutingContext ctx) {
        JsonNode body = Payloads.object(ctx.body().asString(), Set.of("flagName", "reason"));
        String name = Payloads.requiredText(body, "flagName");
        FlagUpdate update;
        try {
            update = flags.disable(name, null, FlagApi.actor(ctx, Payloads.optionalText(body, "reason")));
        } catch (FlagException e) {
            throw new ApiError(e.kind() == FlagException.Kind.NOT_FOUND ? 404 : 409, e.getMessage(), "flagName", name);
        }
        List<String> wereOn = update.changed() ? update.before().environments().entrySet().stream()
                .filter(e -> e.getValue().enabled()).map(Map.Entry::getKey).toList() : List.of();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("flagName", name);
        answer.put("disabled", true);
        answer.put("changed", update.changed());
        answer.put("environments", update.flag().environments().keySet());
        answer.put("version", update.changed() ? update.change().version() : flags.version());
        answer.put("message", update.changed() ? name + " is now off in every environment (it was on in "
                + String.join(", ", wereOn) + ")" : name + " was already off in every environment; nothing changed");
        AdminApi.json(ctx, 200, answer);
    }

    private void disableAll(RoutingContext ctx) {
        JsonNode body = Payloads.object(ctx.body().asString(), Set.of("category", "reason"));
        String category = Payloads.requiredText(body, "category");
        List<FlagUpdate> updates = flags.disableAll(category, FlagApi.actor(ctx, Payloads.optionalText(body, "reason")));
        List<String> changed = updates.stream().filter(FlagUpdate::changed).map(u -> u.flag().key()).toList();
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("category", category);
        answer.put("disabled", updates.stream().map(u -> u.flag().key()).toList());
        answer.put("changed", changed);
        answer.put("version", flags.version());
        answer.put("message", message(category, updates.size(), changed.size()));
        AdminApi.json(ctx, 200, answer);
    }

    private String message(String category, int flagCount, int changedCount) {
        if (flagCount == 0) {
            List<String> known = flags.categories();
            return "no flag has category \"" + category + "\"; nothing changed (categories: "
                    + (known.isEmpty() ? "none yet" : String.join(", ", known)) + ")";
        }
        return flagCount + (flagCount == 1 ? " flag" : " flags") + " of category \"" + category
                + "\" now off in every environment (" + changedCount + " switched off, the rest were off already)";
    }
}
