// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.ebpf.layout;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.foreign.MemoryLayout.PathElement;
import org.junit.jupiter.api.Test;

class MapLayoutsTest {
    @Test
    void shouldMirrorNetValueOfTheSharedHeader() {
        assertThat(MapLayouts.NET_VALUE.byteSize()).isEqualTo(32).isEqualTo(MapLayouts.NET_VALUE_LENGTH);
        assertThat(MapLayouts.NET_VALUE.byteOffset(PathElement.groupElement("rx_packets")))
            .isEqualTo(MapLayouts.NET_RX_PACKETS_OFFSET);
        assertThat(MapLayouts.NET_VALUE.byteOffset(PathElement.groupElement("tx_bytes")))
            .isEqualTo(MapLayouts.NET_TX_BYTES_OFFSET);
        assertThat(MapLayouts.NET_VALUE.byteOffset(PathElement.groupElement("tx_packets")))
            .isEqualTo(MapLayouts.NET_TX_PACKETS_OFFSET);
    }

    @Test
    void shouldMirrorCpuValueOfTheSharedHeader() {
        assertThat(MapLayouts.CPU_VALUE.byteSize()).isEqualTo(16).isEqualTo(MapLayouts.CPU_VALUE_LENGTH);
        assertThat(MapLayouts.CPU_VALUE.byteOffset(PathElement.groupElement("switches")))
            .isEqualTo(MapLayouts.CPU_SWITCHES_OFFSET);
    }

    @Test
    void shouldMirrorIoValueOfTheSharedHeader() {
        assertThat(MapLayouts.IO_VALUE.byteSize()).isEqualTo(32).isEqualTo(MapLayouts.IO_VALUE_LENGTH);
        assertThat(MapLayouts.IO_VALUE.byteOffset(PathElement.groupElement("read_ops")))
            .isEqualTo(MapLayouts.IO_READ_OPS_OFFSET);
        assertThat(MapLayouts.IO_VALUE.byteOffset(PathElement.groupElement("write_bytes")))
            .isEqualTo(MapLayouts.IO_WRITE_BYTES_OFFSET);
        assertThat(MapLayouts.IO_VALUE.byteOffset(PathElement.groupElement("write_ops")))
            .isEqualTo(MapLayouts.IO_WRITE_OPS_OFFSET);
    }

    @Test
    void shouldMirrorRunqValueOfTheSharedHeader() {
        assertThat(MapLayouts.RUNQ_VALUE.byteSize()).isEqualTo(208).isEqualTo(MapLayouts.RUNQ_VALUE_LENGTH);
        assertThat(MapLayouts.RUNQ_VALUE.byteOffset(PathElement.groupElement("waits")))
            .isEqualTo(MapLayouts.RUNQ_WAITS_OFFSET);
        assertThat(MapLayouts.RUNQ_VALUE.byteOffset(PathElement.groupElement("slots")))
            .isEqualTo(MapLayouts.RUNQ_SLOTS_OFFSET);
        assertThat(MapLayouts.RUNQ_FIELDS).isEqualTo(2 + MapLayouts.RUNQ_SLOTS);
    }

    @Test
    void shouldMirrorTcpValueAndDropKeyOfTheSharedHeader() {
        assertThat(MapLayouts.TCP_VALUE.byteSize()).isEqualTo(8).isEqualTo(MapLayouts.TCP_VALUE_LENGTH);
        assertThat(MapLayouts.DROP_KEY.byteSize()).isEqualTo(16).isEqualTo(MapLayouts.DROP_KEY_LENGTH);
        assertThat(MapLayouts.DROP_KEY.byteOffset(PathElement.groupElement("reason")))
            .isEqualTo(MapLayouts.DROP_REASON_OFFSET);
    }
}
