package io.meserp.hub.release;

import java.io.StringWriter;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;

import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;

/**
 * Writes a released order as B2MML {@code ProcessProductionSchedule} (first release) or
 * {@code ChangeProductionSchedule} (an update), in the V0600 or V0700 namespace. Elements follow the sequences of
 * the official MESA schema (B2MML-ProductionSchedule.xsd): ApplicationArea (CreationDateTime, BODID), DataArea
 * (Process|Change, ProductionSchedule (ID, PublishedDate, StartTime, EndTime, ProductionRequest (ID, Description,
 * StartTime, EndTime, SegmentRequirement (ID, ProcessSegmentID, Description, EarliestStartTime, LatestEndTime,
 * EquipmentRequirement (EquipmentID), MaterialRequirement (MaterialDefinitionID, MaterialLotID, MaterialUse,
 * Quantity (QuantityString, UnitOfMeasure))))))). The produced material is a MaterialRequirement with MaterialUse
 * Produced on the last operation; components are Consumed on the operation that consumes them (the first when
 * the ERP names none).
 */
final class ScheduleB2mmlWriter {

    private static final DateTimeFormatter XS_DATE_TIME = DateTimeFormatter.ISO_OFFSET_DATE_TIME;

    private ScheduleB2mmlWriter() {
    }

    static String write(ProductionOrder order, String namespace, boolean change, String bodId, OffsetDateTime now) {
        StringWriter out = new StringWriter();
        try {
            XMLStreamWriter x = XMLOutputFactory.newFactory().createXMLStreamWriter(out);
            x.writeStartDocument("UTF-8", "1.0");
            x.setDefaultNamespace(namespace);
            x.writeStartElement(namespace, change ? "ChangeProductionSchedule" : "ProcessProductionSchedule");
            x.writeDefaultNamespace(namespace);
            x.writeAttribute("releaseID", "1.0");
            x.writeStartElement(namespace, "ApplicationArea");
            text(x, namespace, "CreationDateTime", XS_DATE_TIME.format(now));
            text(x, namespace, "BODID", bodId);
            x.writeEndElement();
            x.writeStartElement(namespace, "DataArea");
            x.writeEmptyElement(namespace, change ? "Change" : "Process");
            x.writeStartElement(namespace, "ProductionSchedule");
            text(x, namespace, "ID", order.order() + "-" + order.changeStamp());
            text(x, namespace, "PublishedDate", XS_DATE_TIME.format(now));
            text(x, namespace, "StartTime", XS_DATE_TIME.format(order.plannedStart()));
            text(x, namespace, "EndTime", XS_DATE_TIME.format(order.plannedEnd()));
            x.writeStartElement(namespace, "ProductionRequest");
            text(x, namespace, "ID", order.order());
            text(x, namespace, "Description", order.material() + " " + order.quantity().stripTrailingZeros().toPlainString()
                    + " " + order.unit() + (order.orderType() == null ? "" : " (" + order.orderType() + ")"));
            text(x, namespace, "StartTime", XS_DATE_TIME.format(order.plannedStart()));
            text(x, namespace, "EndTime", XS_DATE_TIME.format(order.plannedEnd()));
            int last = order.operations().size() - 1;
            String first = order.operations().get(0).operation();
            for (int i = 0; i <= last; i++) {
                ProductionOrder.Operation op = order.operations().get(i);
                x.writeStartElement(namespace, "SegmentRequirement");
                text(x, namespace, "ID", op.operation());
                text(x, namespace, "ProcessSegmentID", op.operation());
                if (op.text() != null) {
                    text(x, namespace, "Description", op.text());
                }
                text(x, namespace, "EarliestStartTime", XS_DATE_TIME.format(order.plannedStart()));
                text(x, namespace, "LatestEndTime", XS_DATE_TIME.format(order.plannedEnd()));
                x.writeStartElement(namespace, "EquipmentRequirement");
                text(x, namespace, "EquipmentID", op.workCenter());
                x.writeEndElement();
                for (ProductionOrder.Component c : order.components()) {
                    String at = c.operation() == null ? first : c.operation();
                    if (at.equals(op.operation())) {
                        material(x, namespace, c.material(), c.batch(), "Consumed", c.quantity().stripTrailingZeros().toPlainString(), c.unit());
                    }
                }
                if (i == last) {
                    material(x, namespace, order.material(), null, "Produced",
                            order.quantity().stripTrailingZeros().toPlainString(), order.unit());
                }
                x.writeEndElement();
            }
            x.writeEndElement();
            x.writeEndElement();
            x.writeEndElement();
            x.writeEndElement();
            x.writeEndDocument();
            x.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("Cannot write B2MML for order " + order.order(), e);
        }
        return out.toString();
    }

    private static void material(XMLStreamWriter x, String ns, String material, String lot, String use, String quantity,
            String unit) throws XMLStreamException {
        x.writeStartElement(ns, "MaterialRequirement");
        text(x, ns, "MaterialDefinitionID", material);
        if (lot != null) {
            text(x, ns, "MaterialLotID", lot);
        }
        text(x, ns, "MaterialUse", use);
        x.writeStartElement(ns, "Quantity");
        text(x, ns, "QuantityString", quantity);
        text(x, ns, "UnitOfMeasure", unit);
        x.writeEndElement();
        x.writeEndElement();
    }

    private static void text(XMLStreamWriter x, String ns, String name, String value) throws XMLStreamException {
        x.writeStartElement(ns, name);
        x.writeCharacters(value);
        x.writeEndElement();
    }
}
