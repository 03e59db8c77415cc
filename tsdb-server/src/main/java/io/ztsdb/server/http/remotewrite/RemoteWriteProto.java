// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.server.http.remotewrite;

import java.util.Locale;

/**
 * The protobuf message a remote-write request carries, negotiated from its {@code Content-Type} as the 2.0
 * specification and Prometheus' receiver do: {@code application/x-protobuf} with an optional {@code proto}
 * parameter; no parameter (or no header) is 1.0. Parameters are read as RFC 9110 has them (names case-insensitive,
 * whitespace around {@code ;} allowed, values possibly quoted).
 */
public enum RemoteWriteProto {
    /** Remote write 1.0, {@code prometheus.WriteRequest}. */
    V1("prometheus.WriteRequest"),
    /** Remote write 2.0, {@code io.prometheus.write.v2.Request}. */
    V2("io.prometheus.write.v2.Request");

    private static final String MEDIA_TYPE = "application/x-protobuf";
    private final String message;

    RemoteWriteProto(final String message) {
        this.message = message;
    }

    /** @return the protobuf message's full name, the {@code proto} parameter's value. */
    public String message() {
        return message;
    }

    /**
     * @param contentType the request's {@code Content-Type}, null when absent.
     * @return the message it names.
     * @throws IllegalArgumentException for another media type, a malformed parameter or an unknown message (the
     *                                  answer is 415); the message says what is accepted.
     */
    public static RemoteWriteProto of(final String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return V1;
        }
        final String[] parts = contentType.split(";", -1);
        if (!parts[0].trim().equalsIgnoreCase(MEDIA_TYPE)) {
            throw unsupported(contentType);
        }
        RemoteWriteProto proto = V1;
        for (int i = 1; i < parts.length; i++) {
            final String parameter = parts[i].trim();
            final int equals = parameter.indexOf('=');
            if (equals <= 0) {
                throw unsupported(contentType);
            }
            if (parameter.substring(0, equals).trim().toLowerCase(Locale.ROOT).equals("proto")) {
                proto = named(unquote(parameter.substring(equals + 1).trim()), contentType);
            }
        }
        return proto;
    }

    private static RemoteWriteProto named(final String name, final String contentType) {
        for (final RemoteWriteProto proto : values()) {
            if (proto.message.equals(name)) {
                return proto;
            }
        }
        throw unsupported(contentType);
    }

    private static String unquote(final String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
            ? value.substring(1, value.length() - 1) : value;
    }

    private static IllegalArgumentException unsupported(final String contentType) {
        return new IllegalArgumentException("unsupported Content-Type " + contentType + ": ztsdb accepts "
            + MEDIA_TYPE + " (remote write 1.0, " + V1.message + "), " + MEDIA_TYPE + ";proto=" + V1.message
            + " and " + MEDIA_TYPE + ";proto=" + V2.message + " (remote write 2.0)");
    }
}
