package io.slipway.migrate;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.util.List;

/**
 * A migration directory shipped inside the application, as a {@link Path} a {@link Migrator} reads:
 * a directory on disk when the classes are (a build's {@code target/classes}), or the directory
 * inside the jar, through a zip file system of its own that stays open until {@link #close}.
 *
 * <pre>{@code
 * try (ClasspathScripts scripts = ClasspathScripts.open(loader, "db/store/sqlite")) {
 *     new Migrator(scripts.directory(), database, options, clock).up(Optional.empty());
 * }
 * }</pre>
 */
public final class ClasspathScripts implements AutoCloseable {
    private final Path directory;
    private final FileSystem jar;

    private ClasspathScripts(Path directory, FileSystem jar) {
        this.directory = directory;
        this.jar = jar;
    }

    /**
     * @param location a directory on the classpath, without a leading slash ({@code db/store/sqlite})
     * @throws MigrationFileException naming the location when it is not on the classpath or cannot be opened
     */
    public static ClasspathScripts open(ClassLoader loader, String location) {
        URL url = loader.getResource(location);
        if (url == null) {
            throw problem(location, "not found on the classpath");
        }
        try {
            URI uri = url.toURI();
            if (uri.getScheme().equals("file")) {
                return new ClasspathScripts(Path.of(uri), null);
            }
            if (uri.getScheme().equals("jar")) {
                String spec = uri.getRawSchemeSpecificPart();
                FileSystem jar = FileSystems.newFileSystem(Path.of(URI.create(spec.substring(0, spec.indexOf("!/")))));
                return new ClasspathScripts(jar.getPath("/" + location), jar);
            }
            throw problem(location, "is in " + uri + ", neither a directory nor a jar");
        } catch (URISyntaxException | IOException | IllegalArgumentException e) {
            throw problem(location, "cannot be opened: " + e);
        }
    }

    private static MigrationFileException problem(String location, String what) {
        return new MigrationFileException("migration scripts at classpath:" + location + " cannot be used",
                List.of(location + " " + what));
    }

    /** The directory to hand to {@link Migrator}; readable until {@link #close}. */
    public Path directory() {
        return directory;
    }

    @Override
    public void close() {
        if (jar != null) {
            try {
                jar.close();
            } catch (IOException e) {
                throw new MigrationException("cannot close " + jar + ": " + e.getMessage(), e);
            }
        }
    }
}
