package io.c2intents.lab.controller;

/**
 * One virtual node: its name, its InternalIP (the pods' hostIP) and the pod CIDR its pods take IPs from.
 *
 * @param podCidr e.g. {@code 10.244.0.0/24}
 */
public record LabNode(String name, String internalIp, String podCidr) {
}
