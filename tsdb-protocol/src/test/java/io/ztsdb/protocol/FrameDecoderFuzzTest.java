// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Coverage-guided fuzzing (Jazzer) of everything the server decodes from a client: the frame decoder, then each
 * request payload's checks. Any exception but {@link ProtocolException} is a finding. Without {@code JAZZER_FUZZ=1}
 * the inputs saved under {@code src/test/resources/io/ztsdb/protocol/FrameDecoderFuzzTestInputs/} are replayed.
 * <pre>
 * JAZZER_FUZZ=1 ./mvnw -pl tsdb-protocol test -Dtest=FrameDecoderFuzzTest -Djazzer.max_duration=10m
 * </pre>
 */
class FrameDecoderFuzzTest {
    @FuzzTest(maxDuration = "20s")
    void decodeAnyBytes(final byte[] input) {
        FrameFuzzing.decode(input);
    }
}
