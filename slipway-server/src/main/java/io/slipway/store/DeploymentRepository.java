package io.slipway.store;

import com.fasterxml.jackson.core.type.TypeReference;
import io.slipway.analysis.CheckResult;
import io.slipway.analysis.Phase;
import io.slipway.api.Json;
import io.slipway.deploy.AnalysisRecord;
import io.slipway.deploy.Deployment;
import io.slipway.deploy.DeploymentEvent;
import io.slipway.deploy.SchemaChange;
import io.slipway.deploy.Step;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Deployments with their steps and events. */
public final class DeploymentRepository {
    private static final String COLUMNS = "id, app, version, previous_version, strategy, state, reason,"
            + " requested_by, created_at, finished_at, current_step, paused, schema_json";
    private final Store store;

    public DeploymentRepository(Store store) {
        this.store = store;
    }

    /** Records a new RUNNING deployment with its step list, all PENDING. */
    public Deployment create(String app, String version, String previousVersion, Deployment.Strategy strategy,
                             String requestedBy, List<String> stepNames) {
        Instant now = store.clock().instant();
        long id = store.write(c -> {
            long newId = Sql.insert(c, "INSERT INTO deployments (app, version, previous_version, strategy, state,"
                            + " requested_by, created_at, current_step) VALUES (?,?,?,?,?,?,?,0)",
                    app, version, previousVersion, strategy.label(), Deployment.State.RUNNING, requestedBy, now);
            for (int i = 0; i < stepNames.size(); i++) {
                Sql.update(c, "INSERT INTO deployment_steps (deployment_id, idx, name, state) VALUES (?,?,?,?)",
                        newId, i, stepNames.get(i), Step.State.PENDING);
            }
            return newId;
        });
        return find(id).orElseThrow();
    }

    public Optional<Deployment> find(long id) {
        return store.read(c -> Sql.one(c, "SELECT " + COLUMNS + " FROM deployments WHERE id = ?",
                rs -> hydrate(c, rs, true), id));
    }

    /** Newest first; {@code app} null means all apps. Events are left out (see {@link #find}). */
    public List<Deployment> list(String app, int limit) {
        return store.read(c -> app == null
                ? Sql.query(c, "SELECT " + COLUMNS + " FROM deployments ORDER BY id DESC LIMIT ?",
                        rs -> hydrate(c, rs, false), limit)
                : Sql.query(c, "SELECT " + COLUMNS + " FROM deployments WHERE app = ? ORDER BY id DESC LIMIT ?",
                        rs -> hydrate(c, rs, false), app, limit));
    }

    /** Deployments the orchestrator still has work for: running, or with steps left (retiring). */
    public List<Deployment> active() {
        return store.read(c -> Sql.query(c, "SELECT " + COLUMNS + " FROM deployments d WHERE state = 'RUNNING'"
                        + " OR EXISTS (SELECT 1 FROM deployment_steps s WHERE s.deployment_id = d.id"
                        + " AND s.state IN ('PENDING','RUNNING')) ORDER BY id",
                rs -> hydrate(c, rs, true)));
    }

    /** How many deployments each app has in each state ({@code app -> state -> count}). */
    public java.util.Map<String, java.util.Map<String, Long>> countsByState() {
        java.util.Map<String, java.util.Map<String, Long>> counts = new java.util.TreeMap<>();
        store.read(c -> Sql.query(c, "SELECT app, state, count(*) AS n FROM deployments GROUP BY app, state", rs -> {
            counts.computeIfAbsent(rs.getString("app"), a -> new java.util.TreeMap<>())
                    .put(rs.getString("state"), rs.getLong("n"));
            return null;
        }));
        return counts;
    }

    public void updateStep(long id, int index, Step.State state, String detail) {
        Instant now = store.clock().instant();
        store.write(c -> Sql.update(c, "UPDATE deployment_steps SET state = ?, detail = coalesce(?, detail),"
                        + " started_at = coalesce(started_at, ?),"
                        + " finished_at = CASE WHEN ? IN ('DONE','FAILED','SKIPPED') THEN ? ELSE finished_at END"
                        + " WHERE deployment_id = ? AND idx = ?",
                state, detail, now, state.name(), now, id, index));
    }

    public void moveTo(long id, int currentStep) {
        store.write(c -> Sql.update(c, "UPDATE deployments SET current_step = ? WHERE id = ?", currentStep, id));
    }

    /** Sets the outcome; {@code finished_at} is kept from the first time a final state was set. */
    public void finish(long id, Deployment.State state, String reason) {
        Instant now = store.clock().instant();
        store.write(c -> Sql.update(c, "UPDATE deployments SET state = ?, reason = coalesce(?, reason),"
                + " finished_at = coalesce(finished_at, ?) WHERE id = ?", state, reason, now, id));
    }

    /** Pauses the deployment with {@code why}, or lets it run on with null. */
    public void pause(long id, String why) {
        store.write(c -> Sql.update(c, "UPDATE deployments SET paused = ? WHERE id = ?", why, id));
    }

    /** Records an analysis run or a guard decision with its evidence. */
    public void analysis(long id, AnalysisRecord run) {
        store.write(c -> Sql.insert(c, "INSERT INTO analysis_runs (deployment_id, step_idx, name, at, phase, message,"
                        + " checks_json) VALUES (?,?,?,?,?,?,?)", id, run.step(), run.name(), run.at(), run.phase(),
                run.message(), Json.write(run.checks())));
    }

    /** Records what the deployment did to its app's database schema. */
    public void schema(long id, SchemaChange change) {
        store.write(c -> Sql.update(c, "UPDATE deployments SET schema_json = ? WHERE id = ?", Json.write(change), id));
    }

    public void event(long id, String message) {
        Instant now = store.clock().instant();
        store.write(c -> Sql.insert(c, "INSERT INTO deployment_events (deployment_id, at, message) VALUES (?,?,?)",
                id, now, message));
    }

    private static Deployment hydrate(Connection c, ResultSet rs, boolean withEvents) throws SQLException {
        long id = rs.getLong("id");
        List<Step> steps = Sql.query(c, "SELECT idx, name, state, started_at, finished_at, detail"
                        + " FROM deployment_steps WHERE deployment_id = ? ORDER BY idx",
                s -> new Step(s.getInt("idx"), s.getString("name"), Step.State.valueOf(s.getString("state")),
                        Sql.instant(s, "started_at"), Sql.instant(s, "finished_at"), s.getString("detail")), id);
        List<DeploymentEvent> events = withEvents
                ? Sql.query(c, "SELECT at, message FROM deployment_events WHERE deployment_id = ? ORDER BY id",
                        e -> new DeploymentEvent(Sql.instant(e, "at"), e.getString("message")), id)
                : new ArrayList<>();
        List<AnalysisRecord> analyses = withEvents ? Sql.query(c, "SELECT step_idx, name, at, phase, message,"
                + " checks_json FROM analysis_runs WHERE deployment_id = ? ORDER BY id", DeploymentRepository::analysis, id)
                : new ArrayList<>();
        return new Deployment(id, rs.getString("app"), rs.getString("version"), rs.getString("previous_version"),
                Deployment.Strategy.parse(rs.getString("strategy")), Deployment.State.valueOf(rs.getString("state")),
                rs.getString("reason"), rs.getString("requested_by"), Sql.instant(rs, "created_at"),
                Sql.instant(rs, "finished_at"), rs.getInt("current_step"), steps, events, rs.getString("paused"),
                analyses, schema(rs.getString("schema_json")));
    }

    private static SchemaChange schema(String json) throws SQLException {
        try {
            return json == null ? null : Json.MAPPER.readValue(json, SchemaChange.class);
        } catch (java.io.IOException e) {
            throw new SQLException("a deployment's schema change is not valid JSON: " + e.getMessage(), e);
        }
    }

    private static AnalysisRecord analysis(ResultSet r) throws SQLException {
        List<CheckResult> checks;
        try {
            checks = Json.MAPPER.readValue(r.getString("checks_json"), CHECKS);
        } catch (java.io.IOException e) {
            throw new SQLException("analysis run evidence is not valid JSON: " + e.getMessage(), e);
        }
        return new AnalysisRecord(r.getInt("step_idx"), r.getString("name"), Sql.instant(r, "at"),
                Phase.valueOf(r.getString("phase")), r.getString("message"), checks);
    }

    private static final TypeReference<List<CheckResult>> CHECKS = new TypeReference<>() {
    };
}
