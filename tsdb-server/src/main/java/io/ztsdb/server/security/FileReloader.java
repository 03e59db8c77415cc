// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.security;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Reloads files on change: one daemon thread checks the watched files' modification time, size and identity (inode)
 * at an interval, and runs a watch's reload action when any of its files changed; {@link #reloadAll()} (SIGHUP, see
 * {@link ReloadSignal}) runs every action at once. A failing action is logged with its message only (the token
 * file's messages never quote a line) and retried at the next change.
 * <p>
 * <b>Design note:</b> polling rather than a {@code WatchService}: it sees a file replaced through a symbolic link
 * (Kubernetes mounts secrets so) and an atomic rename alike, and costs a few {@code stat} calls a second.
 */
public final class FileReloader implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FileReloader.class.getName());

    private final ScheduledExecutorService thread;
    private final List<Watch> watches = new CopyOnWriteArrayList<>();

    private static final class Watch {
        private final String what;
        private final List<Path> files;
        private final Runnable reload;
        private List<Object> fingerprint;

        Watch(final String what, final List<Path> files, final Runnable reload) {
            this.what = what;
            this.files = List.copyOf(files);
            this.reload = reload;
            this.fingerprint = fingerprint(this.files);
        }
    }

    /** @param intervalMillis time between two checks of the files. */
    public FileReloader(final long intervalMillis) {
        thread = Executors.newSingleThreadScheduledExecutor(r -> {
            final Thread t = new Thread(r, "ztsdb-reload");
            t.setDaemon(true);
            return t;
        });
        thread.scheduleWithFixedDelay(this::poll, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /**
     * Watches files.
     *
     * @param what   what the files are, for the log ("token file").
     * @param files  the files.
     * @param reload run on the reload thread when one of them changed; throws when the reload failed.
     */
    public void watch(final String what, final List<Path> files, final Runnable reload) {
        watches.add(new Watch(what, files, reload));
    }

    /** Runs every reload action on the reload thread, changed or not (SIGHUP). */
    public void reloadAll() {
        if (!thread.isShutdown()) {
            thread.execute(() -> watches.forEach(watch -> run(watch, fingerprint(watch.files))));
        }
    }

    private void poll() {
        for (final Watch watch : watches) {
            final List<Object> now = fingerprint(watch.files);
            if (!now.equals(watch.fingerprint)) {
                run(watch, now);
            }
        }
    }

    private static void run(final Watch watch, final List<Object> fingerprint) {
        watch.fingerprint = fingerprint;
        try {
            watch.reload.run();
            LOG.log(System.Logger.Level.INFO, watch.what + " reloaded");
        } catch (final RuntimeException ex) {
            LOG.log(System.Logger.Level.WARNING, watch.what + " not reloaded, the previous one stays in force: "
                + ex.getMessage());
        }
    }

    private static List<Object> fingerprint(final List<Path> files) {
        final List<Object> fingerprint = new ArrayList<>();
        for (final Path file : files) {
            try {
                final BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                fingerprint.add(attributes.lastModifiedTime());
                fingerprint.add(attributes.size());
                fingerprint.add(Objects.toString(attributes.fileKey()));
            } catch (final NoSuchFileException ex) {
                fingerprint.add("missing");
            } catch (final IOException ex) {
                fingerprint.add("unreadable");
            }
        }
        return fingerprint;
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
