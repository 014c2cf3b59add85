package io.meserp.hub.release;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;

import javax.xml.parsers.DocumentBuilderFactory;

import io.meserp.hub.plant.ReleaseSettings;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

import static org.assertj.core.api.Assertions.assertThat;

/** The B2MML the hub writes for a released order, checked element by element against the schema's rules. */
class ScheduleB2mmlWriterTest {

    static final ProductionOrder ORDER = new ProductionOrder("2000777", "2000", "plant-2000", "PP01", "FG-2000",
            new BigDecimal("1500.000"), "PCE", OffsetDateTime.parse("2026-12-01T06:00:00+01:00"),
            OffsetDateTime.parse("2026-12-04T18:00:00+01:00"), "20261126101500",
            List.of(new ProductionOrder.Operation("0010", "PRESS-01", "Pressing", new BigDecimal("1500"), "PCE"),
                    new ProductionOrder.Operation("0020", "PACK-01", null, new BigDecimal("1500"), "PCE")),
            List.of(new ProductionOrder.Component("0000012345", "0001", "0010", "RM-2000-01", "0001", null,
                    new BigDecimal("52.5"), "KGM"),
                    new ProductionOrder.Component("0000012345", "0002", null, "RM-2000-02", "0001", "L-77",
                            new BigDecimal("3000"), "PCE")));

    @Test
    void processProductionScheduleFollowsTheSchemaInBothVersions() throws Exception {
        for (String namespace : List.of(ReleaseSettings.V0600, ReleaseSettings.V0700)) {
            for (boolean change : List.of(false, true)) {
                Element root = parse(ScheduleB2mmlWriter.write(ORDER, namespace, change, "bod-1",
                        OffsetDateTime.parse("2026-11-26T10:15:00Z")));
                assertThat(root.getLocalName()).isEqualTo(change ? "ChangeProductionSchedule" : "ProcessProductionSchedule");
                assertThat(B2mmlRules.check(root, namespace)).as("%s change=%s", namespace, change).isEmpty();
            }
        }
    }

    @Test
    void theRulesCatchWhatTheSchemaForbids() throws Exception {
        String bad = """
                <ProcessProductionSchedule xmlns="http://www.mesa.org/xml/B2MML-V0600">
                  <DataArea><ProductionSchedule><ProductionRequest><SegmentRequirement>
                    <ProcessSegmentID>0010</ProcessSegmentID><ID>0010</ID>
                    <MaterialRequirement><MaterialUse>Eaten</MaterialUse><Quantity><UnitOfMeasure>PCE</UnitOfMeasure></Quantity></MaterialRequirement>
                  </SegmentRequirement></ProductionRequest></ProductionSchedule></DataArea>
                </ProcessProductionSchedule>""";
        assertThat(B2mmlRules.check(parse(bad), ReleaseSettings.V0600)).contains(
                "/ProcessProductionSchedule: attribute releaseID is required",
                "/ProcessProductionSchedule: required <ApplicationArea> is missing",
                "/ProcessProductionSchedule/DataArea[1]: required <Process> is missing",
                "/ProcessProductionSchedule/DataArea[1]/ProductionSchedule[1]/ProductionRequest[1]/SegmentRequirement[1]/ID: out of the schema's order",
                "/ProcessProductionSchedule/DataArea[1]/ProductionSchedule[1]/ProductionRequest[1]/SegmentRequirement[1]/MaterialRequirement[1]/MaterialUse[1]: 'Eaten' is not a MaterialUse value",
                "/ProcessProductionSchedule/DataArea[1]/ProductionSchedule[1]/ProductionRequest[1]/SegmentRequirement[1]/MaterialRequirement[1]/Quantity[1]: required <QuantityString> is missing");
    }

    @Test
    void componentsAreConsumedWhereTheErpSaysAndTheProductIsProducedAtTheLastOperation() throws Exception {
        String xml = ScheduleB2mmlWriter.write(ORDER, ReleaseSettings.V0700, false, "bod-1", OffsetDateTime.parse("2026-11-26T10:15:00Z"));
        assertThat(xml).contains("xmlns=\"http://www.mesa.org/xml/B2MML\"");
        Element root = parse(xml);
        List<Element> segments = B2mmlTestXml.all(root, "SegmentRequirement");
        assertThat(segments).hasSize(2);
        assertThat(B2mmlTestXml.texts(segments.get(0), "MaterialDefinitionID")).containsExactly("RM-2000-01", "RM-2000-02");
        assertThat(B2mmlTestXml.texts(segments.get(1), "MaterialDefinitionID")).containsExactly("FG-2000");
        assertThat(B2mmlTestXml.texts(segments.get(1), "MaterialUse")).containsExactly("Produced");
        assertThat(B2mmlTestXml.texts(segments.get(0), "EquipmentID")).containsExactly("PRESS-01");
        assertThat(B2mmlTestXml.texts(root, "QuantityString")).contains("52.5", "1500");
    }

    static Element parse(String xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)))
                .getDocumentElement();
    }
}
