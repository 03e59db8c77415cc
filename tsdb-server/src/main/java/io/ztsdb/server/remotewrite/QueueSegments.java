// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.remotewrite;

import io.ztsdb.core.io.FileOps;
import io.ztsdb.core.wal.WalSegmentDescriptor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The segment files of a queue directory. */
final class QueueSegments {
    private QueueSegments() {
    }

    /** @return the sequences of the segment files in {@code directory}, ascending. */
    static long[] sequences(final Path directory, final FileOps fileOps) throws IOException {
        final List<Path> files = fileOps.list(directory);
        final long[] sequences = new long[files.size()];
        int n = 0;
        for (final Path file : files) {
            final long sequence = WalSegmentDescriptor.parseSequence(file.getFileName().toString());
            if (sequence >= 0) {
                sequences[n++] = sequence;
            }
        }
        final long[] result = Arrays.copyOf(sequences, n);
        Arrays.sort(result);
        return result;
    }
}
