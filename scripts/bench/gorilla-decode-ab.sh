#!/usr/bin/env bash
# SPDX-License-Identifier: Apache-2.0
# Paired A/B of the Gorilla decoder (docs/benchmarks.md, "Gorilla decoder against the Agrona build"):
# A = the Agrona build before core's move to FFM (commit 46c61af, or $BEFORE), B = this checkout. Both builds run
# in one JVM under io.ztsdb.bench.paired.PairedCpuTimeRunner, the workload CodecWork alternated in slices and
# timed by thread CPU time; prints per mode the median rates and the median B/A with its quartiles.
#
#   scripts/bench/gorilla-decode-ab.sh [MODE...]      (default: next decode-heap next-heap decode)
#   SLICES=40 DATASET=nab scripts/bench/gorilla-decode-ab.sh decode-heap
#
# DATASET (nab or synthetic, see BenchmarkDatasets) decodes 64 chunks of that dataset instead of CodecWork's
# container-like series. The A side's CodecWork is the same workload written against the Agrona API
# (UnsafeBuffer for MemorySegment). Builds land in $WORK (default: a fresh /tmp/gorilla-ab.* directory).
# Needs this checkout built: ./mvnw -q -pl tsdb-core,tsdb-bench -am package -DskipTests
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
. "$here/scripts/find-java.sh"; ztsdb_find_java
before=${BEFORE:-46c61af}; slices=${SLICES:-40}
modes=("$@"); [ ${#modes[@]} -gt 0 ] || modes=(next decode-heap next-heap decode)
work=${WORK:-$(mktemp -d /tmp/gorilla-ab.XXXXXX)}
now_core=$here/tsdb-core/target/classes; bench=$here/tsdb-bench/target/classes
[ -f "$bench/io/ztsdb/bench/paired/CodecWork.class" ] || { echo "build first: ./mvnw -q -pl tsdb-core,tsdb-bench -am package -DskipTests" >&2; exit 2; }

if [ ! -d "$work/before/tsdb-core/target/classes" ]; then
    mkdir -p "$work/before"
    git -C "$here" archive "$before" | tar -x -C "$work/before"
    (cd "$work/before" && ./mvnw -q -pl tsdb-core -am package -DskipTests -Dcheckstyle.skip -Dmaven.javadoc.skip)
fi
agrona=$(find "$HOME/.m2/repository/org/agrona/agrona" -name 'agrona-*.jar' ! -name '*sources*' | sort -V | tail -1)
mkdir -p "$work/src/io/ztsdb/bench/paired" "$work/before-work" "$work/data/io/ztsdb/bench"
cp -r "$bench/io/ztsdb/bench/data" "$work/data/io/ztsdb/bench/"
cp "$here/tsdb-bench/src/main/java/io/ztsdb/bench/paired/WorkData.java" "$work/src/io/ztsdb/bench/paired/"
cat > "$work/src/io/ztsdb/bench/paired/CodecWork.java" <<'EOF'
package io.ztsdb.bench.paired;

import io.ztsdb.bench.data.BenchmarkDatasets;
import io.ztsdb.core.codec.GorillaDecoder;
import io.ztsdb.core.codec.GorillaEncoder;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;

/** CodecWork's decode modes on the Agrona build: UnsafeBuffer where the FFM build has MemorySegment. */
public final class CodecWork {
    private static final int SAMPLES = 120;
    private static final int CHUNKS = 64;
    private static final int CAPACITY = 2048;
    private static final UnsafeBuffer NATIVE = new UnsafeBuffer(ByteBuffer.allocateDirect(CHUNKS * CAPACITY));
    private static final UnsafeBuffer HEAP = new UnsafeBuffer(new byte[CHUNKS * CAPACITY]);
    private static final int[] LENGTHS = new int[CHUNKS];
    private static final GorillaDecoder DECODER = new GorillaDecoder();
    private static final long[] DECODED_TIMESTAMPS = new long[SAMPLES];
    private static final double[] DECODED_VALUES = new double[SAMPLES];

    static {
        final long[] timestamps = new long[SAMPLES];
        final double[] values = new double[SAMPLES];
        final ByteBuffer points = WorkData.points(1, SAMPLES);
        for (int i = 0; i < SAMPLES; i++) {
            timestamps[i] = points.getLong(i * 24 + 8);
            values[i] = points.getDouble(i * 24 + 16);
        }
        final String dataset = System.getProperty("ztsdb.bench.codecwork.dataset", "");
        final BenchmarkDatasets.SeriesSet set = dataset.isEmpty() ? null : BenchmarkDatasets.load(dataset);
        final int[][] chunks = set == null ? null : BenchmarkDatasets.chunks(set, SAMPLES);
        final GorillaEncoder encoder = new GorillaEncoder();
        for (int c = 0; c < CHUNKS; c++) {
            encoder.wrap(NATIVE, c * CAPACITY, CAPACITY);
            if (set == null) {
                encoder.append(timestamps, values, 0, SAMPLES);
            } else {
                final int[] chunk = chunks[(int) ((long) c * chunks.length / CHUNKS)];
                encoder.append(set.timestamps()[chunk[0]], set.values()[chunk[0]], chunk[1], chunk[2]);
            }
            LENGTHS[c] = encoder.lengthBytes();
        }
        HEAP.putBytes(0, NATIVE, 0, NATIVE.capacity());
    }

    private CodecWork() {
    }

    public static long work(final String mode, final int calls) {
        long sink = 0;
        final UnsafeBuffer memory = mode.endsWith("heap") ? HEAP : NATIVE;
        for (int k = 0; k < calls; k++) {
            final int c = k & (CHUNKS - 1);
            DECODER.wrap(memory, c * CAPACITY, LENGTHS[c]);
            if (mode.startsWith("decode")) {
                sink += DECODER.decode(DECODED_TIMESTAMPS, DECODED_VALUES, 0);
            } else {
                while (DECODER.next()) {
                    sink += DECODER.valueBits();
                }
            }
        }
        return sink;
    }
}
EOF
"$JAVA_HOME/bin/javac" -d "$work/before-work" -cp "$work/before/tsdb-core/target/classes:$agrona:$work/data" \
    "$work/src/io/ztsdb/bench/paired/"*.java
a="$work/before/tsdb-core/target/classes:$agrona:$work/before-work:$work/data"
b="$now_core:$bench"
echo "A = $before (Agrona), B = $(git -C "$here" rev-parse --short HEAD); load: $(cut -d' ' -f1-3 /proc/loadavg)"
for mode in "${modes[@]}"; do
    "$JAVA" -Xmx3g ${DATASET:+-Dztsdb.bench.codecwork.dataset=$DATASET} \
        --add-opens java.base/jdk.internal.misc=ALL-UNNAMED -cp "$bench" \
        io.ztsdb.bench.paired.PairedCpuTimeRunner "$a" "$b" io.ztsdb.bench.paired.CodecWork "$mode" "$slices" 20000 120
done
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
