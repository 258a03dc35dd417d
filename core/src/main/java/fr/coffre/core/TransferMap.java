package fr.coffre.core;

import java.util.List;

/** The map of transfers (HDS EXI 31): every store of a deployment, checked by the policy named {@code policy}. */
public record TransferMap(String policy, List<Transfer> transfers) {
    public TransferMap {
        transfers = List.copyOf(transfers);
    }

    /** One line per store, after a heading naming the policy. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("transfers under policy " + policy + ":");
        transfers.forEach(t -> out.append(System.lineSeparator()).append("  ").append(t));
        return out.toString();
    }
}
