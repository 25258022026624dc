package io.c2intents.simulator.service;

/**
 * A command whose values the simulator refuses even though they passed the contract; it is rejected and
 * dead-lettered like a payload that breaks the contract.
 */
public class InvalidCommand extends RuntimeException {

    public InvalidCommand(String message) {
        super(message);
    }
}
