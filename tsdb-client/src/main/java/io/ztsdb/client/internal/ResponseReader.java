// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client.internal;

import io.ztsdb.protocol.DataResponseFlyweight;
import io.ztsdb.protocol.ErrorFlyweight;
import io.ztsdb.protocol.OkFlyweight;
import io.ztsdb.protocol.SeriesResponseFlyweight;

/** The reusable flyweights a connection reads its response payloads with: one set per connection, no allocation. */
final class ResponseReader {
    /** For ok payloads. */
    final OkFlyweight ok = new OkFlyweight();
    /** For error payloads. */
    final ErrorFlyweight error = new ErrorFlyweight();
    /** For data payloads. */
    final DataResponseFlyweight data = new DataResponseFlyweight();
    /** For series payloads. */
    final SeriesResponseFlyweight series = new SeriesResponseFlyweight();

    ResponseReader() {
    }
}
