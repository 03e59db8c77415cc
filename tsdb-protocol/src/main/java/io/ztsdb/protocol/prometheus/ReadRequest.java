// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.protocol.prometheus;

import java.util.List;

/**
 * A decoded remote-read request.
 *
 * @param queries               the queries, each answered by one result.
 * @param acceptedResponseTypes the response types the client accepts (empty means SAMPLES only).
 */
public record ReadRequest(List<Query> queries, List<Integer> acceptedResponseTypes) {
    /** Copies the lists. */
    public ReadRequest {
        queries = List.copyOf(queries);
        acceptedResponseTypes = List.copyOf(acceptedResponseTypes);
    }

    /** @return true when a SAMPLES response is acceptable. */
    public boolean acceptsSamples() {
        return acceptedResponseTypes.isEmpty() ||
            acceptedResponseTypes.contains(RemoteProtoDescriptor.RESPONSE_TYPE_SAMPLES);
    }

    /**
     * One query of a remote-read request.
     *
     * @param startTimestampMillis start, inclusive.
     * @param endTimestampMillis   end, inclusive.
     * @param matchers             the selector.
     */
    public record Query(long startTimestampMillis, long endTimestampMillis, List<RemoteMatcher> matchers) {
        /** Copies the list. */
        public Query {
            matchers = List.copyOf(matchers);
        }
    }
}
