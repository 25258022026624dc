package io.c2intents.orchestrator.view;

import io.quarkus.logging.Log;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.subscription.BackPressureFailure;

/** The one way live views are handed to a client: buffered, and ended when the client cannot keep up. */
final class LiveFeed {

    private LiveFeed() {
    }

    static <T> Multi<T> bounded(Multi<T> source, int buffer) {
        return source.onOverflow().buffer(buffer)
                .onFailure(BackPressureFailure.class)
                .invoke(f -> Log.infof("a live stream client fell %d items behind; its stream is ended", buffer))
                .onFailure(BackPressureFailure.class).recoverWithCompletion();
    }
}
