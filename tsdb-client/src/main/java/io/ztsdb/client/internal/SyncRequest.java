// SPDX-License-Identifier: Apache-2.0
package io.ztsdb.client.internal;

import io.ztsdb.client.ServerErrorException;

/** A request whose caller waits for its answer: an error answer becomes the exception that call throws. */
abstract class SyncRequest extends PendingRequest {
    private ServerErrorException failure;
    private boolean answered;

    SyncRequest(final String name, final int answerType) {
        super(name, answerType);
    }

    @Override
    final void failed(final int code, final String message, final long points) {
        failure = new ServerErrorException(name(), code, message, 1, points);
        answered = true;
    }

    /** Marks the request answered; subclasses call it once they have read a successful answer. */
    final void answered() {
        answered = true;
    }

    /**
     * Throws the server's error answer, if that is what the request got.
     *
     * @throws ServerErrorException  when the server answered with an error frame.
     * @throws IllegalStateException when no answer has arrived.
     */
    final void checkAnswered() {
        if (failure != null) {
            throw failure;
        }
        if (!answered) {
            throw new IllegalStateException(name() + " has no answer yet");
        }
    }
}
