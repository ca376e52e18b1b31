package io.slipway.migrate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scripts shipped on the classpath migrate like a directory, from a build's classes and from a jar. */
class ClasspathScriptsTest {
    @TempDir
    Path tmp;

    @Test
    void migratesWithScriptsInsideAJar() throws IOException {
        Path jar = tmp.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            directories(out, "db/", "db/app/", "db/other/");
            entry(out, "db/app/V1__create_users.sql", "CREATE TABLE users (id INTEGER PRIMARY KEY);\n");
            entry(out, "db/app/V2__create_orders.sql", "CREATE TABLE orders (id INTEGER PRIMARY KEY);\n");
            entry(out, "db/other/V1__elsewhere.sql", "CREATE TABLE elsewhere (id INTEGER);\n");
        }
        assertThat(applied(jar)).containsExactly("V1__create_users.sql", "V2__create_orders.sql");
    }

    @Test
    void migratesWithScriptsInADirectoryOfClasses() throws IOException {
        Path classes = tmp.resolve("classes");
        Scripts.write(classes.resolve("db/app"), "V1__create_users.sql", "CREATE TABLE users (id INTEGER);\n");
        assertThat(applied(classes)).containsExactly("V1__create_users.sql");
    }

    @Test
    void namesALocationThatIsNotOnTheClasspath() throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.toUri().toURL()}, null)) {
            assertThatThrownBy(() -> ClasspathScripts.open(loader, "db/nowhere"))
                    .isInstanceOf(MigrationFileException.class)
                    .hasMessageContaining("db/nowhere not found on the classpath");
        }
    }

    private java.util.List<String> applied(Path classpathRoot) throws IOException {
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classpathRoot.toUri().toURL()}, null);
             ClasspathScripts scripts = ClasspathScripts.open(loader, "db/app")) {
            Migrator migrator = new Migrator(scripts.directory(), MigrationDatabase.sqlite(tmp.resolve("app.db")),
                    MigratorTest.OPTIONS, Clock.systemUTC());
            return migrator.up(Optional.empty()).migrations().stream().map(Migration::script).toList();
        }
    }

    /** As jar and shade write them, so that the classpath finds the directory itself. */
    private static void directories(JarOutputStream out, String... names) throws IOException {
        for (String name : names) {
            out.putNextEntry(new JarEntry(name));
            out.closeEntry();
        }
    }

    private static void entry(JarOutputStream out, String name, String text) throws IOException {
        out.putNextEntry(new JarEntry(name));
        out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        out.closeEntry();
    }
}
