package io.slipway.sample;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The database mode: GET /visits writes a row with the version's columns into a real SQLite table. */
class VisitsTest {
    private final HttpClient client = HttpClient.newHttpClient();
    private final List<SampleApp> started = new ArrayList<>();
    @TempDir
    Path dir;

    @AfterEach
    void stopApps() {
        started.forEach(SampleApp::stop);
    }

    @Test
    void eachVisitWritesARowWithTheVersionsColumnsAndAnswersTheCount() throws Exception {
        sql("CREATE TABLE visits (id INTEGER PRIMARY KEY, version TEXT, source TEXT)");
        SampleApp v1 = start(Map.of(), "--version", "v1");
        SampleApp v2 = start(Map.of("SAMPLE_DB_COLUMNS_V2", "version, source"), "--version", "v2");

        assertThat(get(v1).body()).isEqualTo("{\"app\":\"sample\",\"version\":\"v1\",\"visits\":1}");
        HttpResponse<String> second = get(v2);
        assertThat(second.statusCode()).isEqualTo(200);
        assertThat(second.body()).isEqualTo("{\"app\":\"sample\",\"version\":\"v2\",\"visits\":2}");
        assertThat(rows()).containsExactly("v1/null", "v2/v2");
    }

    @Test
    void aColumnTheSchemaLacksIsAnErrorWithTheDatabasesMessage() throws Exception {
        sql("CREATE TABLE visits (id INTEGER PRIMARY KEY, version TEXT)");
        HttpResponse<String> failed = get(start(Map.of(), "--version", "v2", "--db-columns", "version,source"));

        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(failed.body()).contains("source").contains("\"version\":\"v2\"");
        assertThat(rows()).isEmpty();
    }

    @Test
    void withoutADatabaseThereIsNoVisitsEndpointAndBadNamesAreRefused() throws Exception {
        SampleApp plain = SampleApp.start(Settings.parse(new String[] {"--port", "0"}, Map.of()));
        started.add(plain);
        assertThat(get(plain).statusCode()).isEqualTo(404);
        assertThatThrownBy(() -> Settings.parse(new String[] {"--db", "x.db", "--db-columns", "a;b"}, Map.of()))
                .hasMessage("invalid --db-columns=\"a;b\": expected names of letters, digits and _, separated by commas");
        assertThatThrownBy(() -> Settings.parse(new String[] {}, Map.of("SAMPLE_DB", "x.db", "SAMPLE_DB_TABLE", "t x")))
                .hasMessage("invalid SAMPLE_DB_TABLE=\"t x\": expected a name of letters, digits and _");
    }

    private SampleApp start(Map<String, String> env, String... args) throws Exception {
        List<String> all = new ArrayList<>(List.of("--port", "0", "--db", dir.resolve("app.db").toString()));
        all.addAll(List.of(args));
        SampleApp app = SampleApp.start(Settings.parse(all.toArray(String[]::new), env));
        started.add(app);
        return app;
    }

    private HttpResponse<String> get(SampleApp app) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + "/visits")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private void sql(String statement) throws SQLException {
        try (Connection c = connect()) {
            c.createStatement().execute(statement);
        }
    }

    private List<String> rows() throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery("SELECT * FROM visits ORDER BY id")) {
            while (rs.next()) {
                rows.add(rs.getString("version") + (rs.getMetaData().getColumnCount() > 2 ? "/" + rs.getString(3) : ""));
            }
        }
        return rows;
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("app.db"));
    }
}
