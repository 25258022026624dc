package io.c2intents.orchestrator.config;

import io.c2intents.events.Contract;
import io.c2intents.events.Contracts;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Loads and exercises every contract schema at start. The first validation compiles the schemas, which takes
 * seconds on a busy machine; done lazily it would block the event loop during the first request.
 */
@Singleton
public class ContractWarmUp {

    void warm(@Observes StartupEvent start) {
        for (Contract<?> contract : Contracts.ALL) {
            contract.example().ifPresent(contract::read);
        }
    }
}
