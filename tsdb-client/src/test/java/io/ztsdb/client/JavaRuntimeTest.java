// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The client's test suite runs twice (pom.xml): on the build's JDK and on Java 17, both with no JVM flags. */
class JavaRuntimeTest {
    @Test
    void shouldRunOnTheJavaVersionTheTestRunAsksFor() {
        assertThat(Runtime.version().feature()).isEqualTo(Integer.getInteger("ztsdb.expected.java.feature"));
    }

    @Test
    void shouldNeedNoJvmFlags() {
        final List<String> arguments = List.of(ProcessHandle.current().info().arguments().orElseThrow());
        assertThat(arguments).contains("-Xmx512m").noneMatch(arg -> arg.startsWith("--add-opens")
            || arg.startsWith("--add-exports") || arg.startsWith("--enable-native-access"));
    }
}
