// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.libbpf;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ErrorsTest {
    @Test
    void shouldNamePrivilegesOnEperm() {
        assertThat(Errors.failure("bpf_object__load(x)", 1, null).getMessage())
            .startsWith("bpf_object__load(x) failed: EPERM (errno 1): needs root or CAP_BPF+CAP_PERFMON");
    }

    @Test
    void shouldNameMissingAttachPointAndTracefsOnEnoent() {
        assertThat(Errors.failure("bpf_program__attach(p)", 2, null).getMessage()).contains("attach point")
            .contains("tracefs");
    }

    @Test
    void shouldAppendTheVerifierLog() {
        final String log = "-- BEGIN PROG LOAD LOG --\nR1 invalid mem access 'scalar'\n-- END PROG LOAD LOG --\n";
        assertThat(Errors.failure("bpf_object__load(x)", 13, log).getMessage()).contains("verifier")
            .endsWith("R1 invalid mem access 'scalar'\n-- END PROG LOAD LOG --");
    }
}
