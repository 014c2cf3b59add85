package io.meserp.hub.sandbox;

import java.util.List;
import java.util.Optional;

/** The sandbox ERP's units of measure: SAP's internal code and the ISO (UN/ECE Rec. 20) code. */
final class SandboxUnits {

    record Unit(String sap, String iso) {
    }

    private static final List<Unit> UNITS = List.of(
            new Unit("ST", "PCE"), new Unit("KG", "KGM"), new Unit("G", "GRM"), new Unit("M", "MTR"),
            new Unit("L", "LTR"), new Unit("M2", "MTK"), new Unit("H", "HUR"), new Unit("MIN", "MIN"));

    private SandboxUnits() {
    }

    /** By SAP code if given, else by ISO code. */
    static Optional<Unit> resolve(String sap, String iso) {
        if (sap != null) {
            return UNITS.stream().filter(u -> u.sap().equals(sap)).findFirst();
        }
        return UNITS.stream().filter(u -> u.iso().equals(iso)).findFirst();
    }
}
