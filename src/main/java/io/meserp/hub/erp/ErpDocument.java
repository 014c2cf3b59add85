package io.meserp.hub.erp;

/** What the ERP booked, e.g. confirmation group and counter "0000001001/00000003". */
public record ErpDocument(String number) {
}
