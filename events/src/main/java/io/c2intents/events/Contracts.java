package io.c2intents.events;

import java.util.List;

/** Every payload contract of the system, with its schema. */
public final class Contracts {

    public static final Contract<C2Alert> C2_ALERT = new Contract<>(C2Alert.CONTRACT, C2Alert.class);
    public static final Contract<SimulatorCommand> SIMULATOR_COMMAND =
            new Contract<>(SimulatorCommand.CONTRACT, SimulatorCommand.class);
    public static final Contract<SimulatorEvent> SIMULATOR_EVENT =
            new Contract<>(SimulatorEvent.CONTRACT, SimulatorEvent.class);
    public static final Contract<MitigationRequest> MITIGATION_REQUEST =
            new Contract<>(MitigationRequest.CONTRACT, MitigationRequest.class);
    public static final Contract<MitigationEvent> MITIGATION_EVENT =
            new Contract<>(MitigationEvent.CONTRACT, MitigationEvent.class);
    public static final Contract<SecurityIntent> SECURITY_INTENT =
            new Contract<>(SecurityIntent.CONTRACT, SecurityIntent.class);

    public static final List<Contract<?>> ALL = List.of(C2_ALERT, SIMULATOR_COMMAND, SIMULATOR_EVENT,
            MITIGATION_REQUEST, MITIGATION_EVENT, SECURITY_INTENT);

    private Contracts() {
    }
}
