// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.release;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reproducible builds: the surrounding build and the release build ({@code clean deploy}, from nothing) of the same
 * checkout give byte-for-byte the same jars. What makes it hold is {@code project.build.outputTimestamp} (every
 * archive entry gets that time) and plugins that honour it, the shaded server jar included.
 */
class ReproducibleBuildTest {
    private static ReleaseBuild release;

    @BeforeAll
    static void deploy() throws Exception {
        release = ReleaseBuild.get();
    }

    @Test
    void shouldBuildTheSameBytesTwice() throws Exception {
        for (final String module : ReleaseBuild.PUBLISHED) {
            assertThat(ReleaseBuild.sha256(release.deployed(module, ".jar")))
                .as("SHA-256 of the deployed %s jar against the one the surrounding build made", module)
                .isEqualTo(release.reactorJarDigest(module));
        }
    }
}
