// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.libbpf;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.System.Logger.Level;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * Routes libbpf's diagnostic output ({@code libbpf_set_print}) into the {@link System.Logger}
 * {@code io.ztsdb.ebpf.libbpf}, and lets a caller capture the output of one call (the verifier log of a failed
 * load) to put it into an exception message.
 * <p>
 * The callback receives {@code (enum libbpf_print_level, const char *fmt, va_list ap)}; on x86-64 and aarch64
 * the {@code va_list} arrives as a pointer and is passed straight to a {@code vsnprintf} downcall. The upcall
 * stub lives in {@link Arena#global()} because libbpf keeps it forever.
 */
@SuppressWarnings("restricted")
final class LibbpfLog {
    private static final System.Logger LOGGER = System.getLogger("io.ztsdb.ebpf.libbpf");
    private static final int LIBBPF_WARN = 0;
    private static final int LIBBPF_INFO = 1;
    private static final int BUFFER_LENGTH = 64 * 1024;
    private static final ThreadLocal<StringBuilder> CAPTURE = new ThreadLocal<>();
    private static final Object LOCK = new Object();
    private static MemorySegment buffer;
    private static boolean installed;

    private LibbpfLog() {
    }

    /**
     * Installs the print callback once per JVM; later calls do nothing.
     */
    static void install() {
        synchronized (LOCK) {
            if (installed || !Libbpf.isAvailable()) {
                return;
            }
            try {
                buffer = Arena.global().allocate(BUFFER_LENGTH);
                final var target = MethodHandles.lookup().findStatic(LibbpfLog.class, "print",
                    MethodType.methodType(int.class, int.class, MemorySegment.class, MemorySegment.class));
                final MemorySegment stub = Linker.nativeLinker().upcallStub(target,
                    FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, ADDRESS), Arena.global());
                final MemorySegment previous = (MemorySegment) Libbpf.LIBBPF_SET_PRINT.invokeExact(stub);
                installed = previous != null;
            } catch (final Throwable t) {
                LOGGER.log(Level.WARNING, "cannot route libbpf output into the logger", t);
            }
        }
    }

    /**
     * Starts capturing libbpf output of the current thread (captured lines are logged at DEBUG only).
     */
    static void beginCapture() {
        CAPTURE.set(new StringBuilder());
    }

    /**
     * Stops capturing.
     *
     * @return what libbpf printed on this thread since {@link #beginCapture()}.
     */
    static String endCapture() {
        final StringBuilder captured = CAPTURE.get();
        CAPTURE.remove();
        return captured == null ? "" : captured.toString();
    }

    @SuppressWarnings("unused") // upcall target
    private static int print(final int level, final MemorySegment format, final MemorySegment args) {
        final StringBuilder capture = CAPTURE.get();
        final Level javaLevel = level == LIBBPF_WARN ? Level.WARNING : level == LIBBPF_INFO ? Level.INFO : Level.DEBUG;
        if (capture == null && !LOGGER.isLoggable(javaLevel)) {
            return 0;
        }
        try {
            final String line;
            synchronized (LOCK) {
                final int n = (int) Libbpf.VSNPRINTF.invokeExact(buffer, (long) BUFFER_LENGTH, format, args);
                line = n <= 0 ? "" : buffer.getString(0);
            }
            if (capture != null) {
                capture.append(line);
                LOGGER.log(Level.DEBUG, () -> stripNewline(line));
            } else {
                LOGGER.log(javaLevel, () -> stripNewline(line));
            }
            return line.length();
        } catch (final Throwable t) {
            return 0; // never let an exception cross the upcall boundary (it would crash the JVM)
        }
    }

    private static String stripNewline(final String line) {
        return line.endsWith("\n") ? line.substring(0, line.length() - 1) : line;
    }
}
