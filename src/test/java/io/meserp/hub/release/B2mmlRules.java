package io.meserp.hub.release;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What the official MESA B2MML schemas require of the documents the hub writes (ProductionSchedule: B2MML-V0600-
 * ProductionSchedule.xsd and the V0700 B2MML-ProductionSchedule.xsd, same structure) and of the performance reports it
 * ships as samples and documents (B2MML-V0600-ProductionPerformance.xsd, its V0700 counterpart, and V0700's
 * B2MML-OperationsPerformance.xsd): for each complex type, the element sequence in schema order, which elements must
 * occur, which may repeat, and the value rules of the simple types used. {@link #check} walks a document element by
 * element and lists every violation. docs/b2mml-profile.md says how to validate with the real XSDs.
 */
public final class B2mmlRules {

    /** One element of a type's sequence. */
    private record Particle(String name, int min, boolean repeats, String type) {
    }

    private static Particle one(String name, String type) {
        return new Particle(name, 1, false, type);
    }

    private static Particle opt(String name, String type) {
        return new Particle(name, 0, false, type);
    }

    private static Particle many(String name, String type) {
        return new Particle(name, 0, true, type);
    }

    private static final Map<String, List<Particle>> TYPES = Map.ofEntries(
            Map.entry("ProcessProductionScheduleType", List.of(one("ApplicationArea", "TransApplicationAreaType"),
                    one("DataArea", "ProcessDataArea"))),
            Map.entry("ChangeProductionScheduleType", List.of(one("ApplicationArea", "TransApplicationAreaType"),
                    one("DataArea", "ChangeDataArea"))),
            Map.entry("TransApplicationAreaType", List.of(opt("Sender", "any"), many("Receiver", "any"),
                    one("CreationDateTime", "dateTime"), opt("Signature", "any"), opt("BODID", "string"),
                    opt("UserArea", "any"))),
            Map.entry("ProcessDataArea", List.of(one("Process", "TransVerb"),
                    new Particle("ProductionSchedule", 1, true, "ProductionScheduleType"))),
            Map.entry("ChangeDataArea", List.of(one("Change", "TransVerb"),
                    new Particle("ProductionSchedule", 1, true, "ProductionScheduleType"))),
            Map.entry("TransVerb", List.of(many("ActionCriteria", "any"))),
            Map.entry("ProductionScheduleType", List.of(opt("ID", "string"), many("Description", "string"),
                    opt("Location", "any"), opt("HierarchyScope", "any"), opt("PublishedDate", "dateTime"),
                    opt("StartTime", "dateTime"), opt("EndTime", "dateTime"), opt("EquipmentElementLevel", "any"),
                    many("ProductionRequest", "ProductionRequestType"), opt("ScheduleState", "any"))),
            Map.entry("ProductionRequestType", List.of(opt("ID", "string"), many("Description", "string"),
                    many("ProductProductionRuleID", "string"), opt("Location", "any"), opt("HierarchyScope", "any"),
                    opt("StartTime", "dateTime"), opt("EndTime", "dateTime"), opt("Priority", "any"),
                    many("SegmentRequirement", "SegmentRequirementType"), many("SegmentResponse", "any"),
                    opt("RequestState", "any"))),
            Map.entry("SegmentRequirementType", List.of(opt("ID", "string"), opt("ProductSegmentID", "string"),
                    opt("ProcessSegmentID", "string"), many("Description", "string"), opt("Location", "any"),
                    opt("HierarchyScope", "any"), opt("EarliestStartTime", "dateTime"), opt("LatestEndTime", "dateTime"),
                    opt("Duration", "any"), many("ProductionParameter", "any"), many("PersonnelRequirement", "any"),
                    many("EquipmentRequirement", "EquipmentRequirementType"), many("PhysicalAssetRequirement", "any"),
                    many("MaterialRequirement", "MaterialRequirementType"), many("MaterialProducedRequirement", "any"),
                    many("MaterialConsumedRequirement", "any"), many("ConsumableExpectedRequirement", "any"),
                    many("SegmentRequirement", "SegmentRequirementType"), opt("RequiredByRequestedSegmentResponse", "any"),
                    opt("SegmentState", "any"))),
            Map.entry("EquipmentRequirementType", List.of(many("EquipmentClassID", "string"), many("EquipmentID", "string"),
                    many("Description", "string"), opt("Location", "any"), opt("HierarchyScope", "any"),
                    many("Quantity", "QuantityValueType"), many("EquipmentRequirementProperty", "any"),
                    opt("RequiredByRequestedSegmentResponse", "any"))),
            Map.entry("MaterialRequirementType", List.of(many("MaterialClassID", "string"),
                    many("MaterialDefinitionID", "string"), many("MaterialLotID", "string"), many("MaterialSubLotID", "string"),
                    many("Description", "string"), opt("Location", "any"), opt("HierarchyScope", "any"),
                    opt("MaterialUse", "MaterialUse"), many("Quantity", "QuantityValueType"),
                    many("AssemblyRequirement", "MaterialRequirementType"), opt("AssemblyType", "any"),
                    opt("AssemblyRelationship", "any"), many("MaterialRequirementProperty", "any"),
                    opt("RequiredByRequestedSegmentResponse", "any"))),
            Map.entry("ProcessProductionPerformanceType", bod("Process", "ProductionPerformance")),
            Map.entry("SyncProductionPerformanceType", bod("Sync", "ProductionPerformance")),
            Map.entry("NotifyProductionPerformanceType", bod("Notify", "ProductionPerformance")),
            Map.entry("ProcessOperationsPerformanceType", bod("Process", "OperationsPerformance")),
            Map.entry("SyncOperationsPerformanceType", bod("Sync", "OperationsPerformance")),
            Map.entry("NotifyOperationsPerformanceType", bod("Notify", "OperationsPerformance")),
            Map.entry("ProcessProductionPerformanceData", data("Process", "ProductionPerformance")),
            Map.entry("SyncProductionPerformanceData", data("Sync", "ProductionPerformance")),
            Map.entry("NotifyProductionPerformanceData", data("Notify", "ProductionPerformance")),
            Map.entry("ProcessOperationsPerformanceData", data("Process", "OperationsPerformance")),
            Map.entry("SyncOperationsPerformanceData", data("Sync", "OperationsPerformance")),
            Map.entry("NotifyOperationsPerformanceData", data("Notify", "OperationsPerformance")),
            Map.entry("ProductionPerformanceType", List.of(opt("ID", "string"), many("Description", "string"),
                    opt("Location", "any"), opt("HierarchyScope", "HierarchyScopeType"), opt("PublishedDate", "dateTime"),
                    opt("ProductionScheduleID", "string"), opt("StartTime", "dateTime"), opt("EndTime", "dateTime"),
                    opt("EquipmentElementLevel", "any"), many("ProductionResponse", "ProductionResponseType"),
                    opt("PerformanceState", "any"))),
            Map.entry("ProductionResponseType", List.of(opt("ID", "string"), opt("ProductionRequestID", "string"),
                    many("ProductProductionRuleID", "string"), many("Version", "any"), opt("Location", "any"),
                    opt("HierarchyScope", "HierarchyScopeType"), opt("StartTime", "dateTime"), opt("EndTime", "dateTime"),
                    many("SegmentResponse", "SegmentResponseType"), opt("ResponseState", "any"))),
            Map.entry("SegmentResponseType", List.of(opt("ID", "string"), many("ProcessSegmentID", "string"),
                    many("ProductSegmentID", "string"), many("Description", "string"), opt("Location", "any"),
                    opt("HierarchyScope", "HierarchyScopeType"), opt("ActualStartTime", "dateTime"),
                    opt("ActualEndTime", "dateTime"), many("ProductionData", "any"),
                    many("PersonnelActual", "PersonnelActualType"), many("EquipmentActual", "EquipmentActualType"),
                    many("PhysicalAssetActual", "any"), many("MaterialActual", "MaterialActualType"),
                    many("MaterialProducedActual", "MaterialProducedActualType"),
                    many("MaterialConsumedActual", "MaterialConsumedActualType"), many("ConsumableActual", "any"),
                    many("SegmentResponse", "SegmentResponseType"), opt("RequiredByRequestedSegmentResponse", "any"),
                    opt("SegmentState", "any"))),
            Map.entry("OperationsPerformanceType", List.of(opt("ID", "string"), many("Description", "string"),
                    opt("HierarchyScope", "HierarchyScopeType"), opt("OperationsType", "any"),
                    opt("OperationsScheduleID", "string"), opt("StartTime", "dateTime"), opt("EndTime", "dateTime"),
                    opt("PerformanceState", "any"), opt("PublishedDate", "dateTime"),
                    many("OperationsResponse", "OperationsResponseType"))),
            Map.entry("OperationsResponseType", List.of(opt("ID", "string"), many("Description", "string"),
                    opt("HierarchyScope", "HierarchyScopeType"), opt("OperationsType", "any"),
                    opt("OperationsRequestID", "string"), opt("SegmentRequirementID", "string"),
                    opt("StartTime", "dateTime"), opt("EndTime", "dateTime"), opt("OperationsDefinitionID", "string"),
                    opt("OperationsSegmentID", "string"), opt("ResponseState", "any"),
                    many("SegmentResponse", "OpSegmentResponseType"))),
            Map.entry("OpSegmentResponseType", List.of(opt("ID", "string"), many("Description", "string"),
                    opt("HierarchyScope", "HierarchyScopeType"), opt("OperationsType", "any"),
                    many("ProcessSegmentID", "string"), opt("ActualStartTime", "dateTime"),
                    opt("ActualEndTime", "dateTime"), opt("PostingDate", "dateTime"),
                    opt("OperationsDefinitionID", "string"), opt("OperationsSegmentID", "string"),
                    opt("WorkResponseID", "string"), opt("JobResponseID", "string"), opt("SegmentState", "any"),
                    many("SegmentData", "any"), many("PersonnelActual", "PersonnelActualType"),
                    many("EquipmentActual", "EquipmentActualType"), many("PhysicalAssetActual", "any"),
                    many("MaterialActual", "MaterialActualType"), many("SegmentResponse", "OpSegmentResponseType"),
                    opt("RequiredByRequestedSegmentResponse", "any"))),
            Map.entry("HierarchyScopeType", List.of(one("EquipmentID", "string"), opt("EquipmentElementLevel", "any"),
                    opt("HierarchyScope", "HierarchyScopeType"))),
            Map.entry("PersonnelActualType", List.of(many("PersonnelClassID", "string"), many("PersonID", "string"),
                    many("Description", "string"), many("PersonnelUse", "any"), many("Location", "any"),
                    many("Quantity", "QuantityValueType"), many("PersonnelActualProperty", "any"),
                    opt("RequiredByRequestedSegmentResponse", "any"))),
            Map.entry("EquipmentActualType", List.of(many("EquipmentClassID", "string"), many("EquipmentID", "string"),
                    many("Description", "string"), many("EquipmentUse", "any"), many("Location", "any"),
                    many("Quantity", "QuantityValueType"), many("EquipmentActualProperty", "any"),
                    opt("RequiredByRequestedSegmentResponse", "any"))),
            Map.entry("MaterialActualType", List.of(many("MaterialClassID", "string"),
                    many("MaterialDefinitionID", "string"), many("MaterialLotID", "string"),
                    many("MaterialSubLotID", "string"), many("Description", "string"), opt("Location", "any"),
                    opt("HierarchyScope", "HierarchyScopeType"), opt("MaterialUse", "MaterialUse"),
                    opt("SpatialDefinition", "any"), opt("StorageLocation", "any"),
                    many("Quantity", "QuantityValueType"), many("AssemblyActual", "MaterialActualType"),
                    opt("AssemblyType", "any"), opt("AssemblyRelationship", "any"),
                    many("MaterialActualProperty", "PropertyType"), opt("RequiredByRequestedSegmentResponse", "any"))),
            Map.entry("MaterialProducedActualType", material("MaterialProducedActualProperty")),
            Map.entry("MaterialConsumedActualType", material("MaterialConsumedActualProperty")),
            Map.entry("PropertyType", List.of(one("ID", "string"), many("Description", "string"),
                    many("Value", "ValueType"), many("Quantity", "QuantityValueType"),
                    opt("RequiredByRequestedSegmentResponse", "any"))),
            Map.entry("ValueType", List.of(one("ValueString", "string"), opt("DataType", "any"),
                    opt("UnitOfMeasure", "string"), opt("Key", "string"))),
            Map.entry("QuantityValueType", List.of(one("QuantityString", "string"), opt("DataType", "any"),
                    opt("UnitOfMeasure", "string"), opt("Key", "string"))));

    /** A BOD of a performance report: ApplicationArea, then DataArea with the verb and the reports. */
    private static List<Particle> bod(String verb, String noun) {
        return List.of(one("ApplicationArea", "TransApplicationAreaType"), one("DataArea", verb + noun + "Data"));
    }

    private static List<Particle> data(String verb, String noun) {
        return List.of(one(verb, "TransVerb"), new Particle(noun, 1, true, noun + "Type"));
    }

    /** V0600's MaterialProducedActual and MaterialConsumedActual: no MaterialUse, no StorageLocation. */
    private static List<Particle> material(String property) {
        return List.of(many("MaterialClassID", "string"), many("MaterialDefinitionID", "string"),
                many("MaterialLotID", "string"), many("MaterialSubLotID", "string"), many("Description", "string"),
                opt("Location", "any"), opt("HierarchyScope", "HierarchyScopeType"), many("Quantity", "QuantityValueType"),
                many(property, "PropertyType"), opt("RequiredByRequestedSegmentResponse", "any"));
    }

    /** MaterialUseType's enumeration in V0600 and V0700. */
    private static final Set<String> MATERIAL_USES = Set.of("Consumed", "Produced", "Consumable", "Replaced Asset",
            "Replacement Asset", "Sample", "Returned Sample", "Carrier", "Returned Carrier", "Other");

    private B2mmlRules() {
    }

    /** Every way the document breaks the schema's rules; empty when it follows them. */
    public static List<String> check(Element root, String namespace) {
        List<String> problems = new ArrayList<>();
        String rootType = root.getLocalName() + "Type";
        if (!TYPES.containsKey(rootType)) {
            problems.add("root <" + root.getLocalName() + "> is not a B2MML document these rules know");
            return problems;
        }
        if (root.getLocalName().startsWith("OperationsPerformance") || root.getLocalName().endsWith("OperationsPerformance")) {
            if (!namespace.equals("http://www.mesa.org/xml/B2MML")) {
                problems.add("/" + root.getLocalName() + ": OperationsPerformance exists in V0700 (http://www.mesa.org/xml/B2MML) only");
            }
        }
        if (root.getLocalName().contains("Schedule") && root.getAttribute("releaseID").isBlank()) {
            problems.add("/" + root.getLocalName() + ": attribute releaseID is required");
        }
        walk(root, rootType, namespace, "/" + root.getLocalName(), problems);
        return problems;
    }

    private static void walk(Element element, String type, String namespace, String path, List<String> problems) {
        if (!namespace.equals(element.getNamespaceURI())) {
            problems.add(path + ": namespace " + element.getNamespaceURI() + ", expected " + namespace);
        }
        List<Particle> sequence = TYPES.get(type);
        if (sequence == null) {
            leaf(element, type, path, problems);
            return;
        }
        int position = 0;
        int[] counts = new int[sequence.size()];
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (!(n instanceof Element child)) {
                if (n.getNodeType() == Node.TEXT_NODE && !n.getTextContent().isBlank()) {
                    problems.add(path + ": text where only elements may stand");
                }
                continue;
            }
            int found = -1;
            for (int i = position; i < sequence.size(); i++) {
                if (sequence.get(i).name().equals(child.getLocalName())) {
                    found = i;
                    break;
                }
            }
            String childPath = path + "/" + child.getLocalName();
            if (found < 0) {
                boolean known = sequence.stream().anyMatch(p -> p.name().equals(child.getLocalName()));
                problems.add(childPath + (known ? ": out of the schema's order" : ": not allowed in " + type));
                continue;
            }
            Particle particle = sequence.get(found);
            counts[found]++;
            if (counts[found] > 1 && !particle.repeats()) {
                problems.add(childPath + ": may occur once");
            }
            position = found;
            walk(child, particle.type(), namespace, childPath + "[" + counts[found] + "]", problems);
        }
        for (int i = 0; i < sequence.size(); i++) {
            if (counts[i] < sequence.get(i).min()) {
                problems.add(path + ": required <" + sequence.get(i).name() + "> is missing");
            }
        }
    }

    private static void leaf(Element element, String type, String path, List<String> problems) {
        String text = element.getTextContent().trim();
        switch (type) {
            case "dateTime" -> {
                try {
                    OffsetDateTime.parse(text);
                } catch (RuntimeException e) {
                    problems.add(path + ": '" + text + "' is not an xs:dateTime with offset");
                }
            }
            case "MaterialUse" -> {
                if (!MATERIAL_USES.contains(text)) {
                    problems.add(path + ": '" + text + "' is not a MaterialUse value");
                }
            }
            case "string" -> {
                if (text.isEmpty()) {
                    problems.add(path + ": empty");
                }
            }
            default -> {
                // types the hub never writes are not checked further
            }
        }
    }
}
