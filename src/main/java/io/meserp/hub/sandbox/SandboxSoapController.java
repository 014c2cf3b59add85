package io.meserp.hub.sandbox;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Map;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.async.DeferredResult;
import org.springframework.web.util.HtmlUtils;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The legacy ERP variant: SOAP 1.1 document/literal as {@code classpath:wsdl/legacy-erp.wsdl} describes it, at
 * /sandbox/erp/soap/legacy-erp ({@code ?wsdl} serves the contract). It books through the same checks and tables as
 * the OData services, so both dialects give the same bookings; refusals are SOAP faults with the ERP's message and
 * an {@code ErpError} code. Basic auth and injected faults as for OData (via {@link SandboxGate}); no CSRF.
 */
@RestController
@ConditionalOnProperty(name = "hub.sandbox.enabled", havingValue = "true")
@RequestMapping(SandboxSoapController.PATH)
class SandboxSoapController {

    static final String PATH = "/sandbox/erp/soap/legacy-erp";
    static final String NS = "urn:meserp:legacy-erp:v1";
    private static final String SOAP = "http://schemas.xmlsoap.org/soap/envelope/";

    private final SandboxODataController confirmations;
    private final SandboxMaterialDocumentController documents;
    private final SandboxFaults faults;
    private final SandboxProperties properties;
    private final JdbcTemplate jdbc;
    private final ObjectMapper mapper;

    SandboxSoapController(SandboxODataController confirmations, SandboxMaterialDocumentController documents,
            SandboxFaults faults, SandboxProperties properties, JdbcTemplate jdbc, ObjectMapper mapper) {
        this.confirmations = confirmations;
        this.documents = documents;
        this.faults = faults;
        this.properties = properties;
        this.jdbc = jdbc;
        this.mapper = mapper;
    }

    @GetMapping(produces = MediaType.TEXT_XML_VALUE)
    String wsdl(HttpServletRequest request) throws IOException {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("wsdl/legacy-erp.wsdl")) {
            String wsdl = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return wsdl.replace("http://localhost:8080" + PATH, request.getRequestURL().toString());
        }
    }

    @PostMapping(consumes = {MediaType.TEXT_XML_VALUE, "application/soap+xml"}, produces = MediaType.TEXT_XML_VALUE)
    DeferredResult<ResponseEntity<String>> call(@RequestBody byte[] envelope) {
        String answer;
        boolean write = false;
        try {
            Element operation = operation(envelope);
            write = operation.getLocalName().startsWith("Post");
            answer = switch (operation.getLocalName()) {
                case "PostConfirmation" -> postConfirmation(operation);
                case "FindConfirmation" -> findConfirmation(operation);
                case "PostGoodsMovement" -> postGoodsMovement(operation);
                case "FindGoodsMovement" -> findGoodsMovement(operation);
                default -> throw SandboxFields.bad("SOAP/001", "operation " + operation.getLocalName() + " is not offered");
            };
        } catch (ODataErrors.ODataException e) {
            return now(fault(e.status.is4xxClientError() ? "soap:Client" : "soap:Server", e.getMessage(), e.code));
        } catch (IllegalArgumentException e) {
            return now(fault("soap:Client", e.getMessage(), "SOAP/002"));
        }
        ResponseEntity<String> ok = ResponseEntity.ok().contentType(MediaType.TEXT_XML).body(envelope(answer));
        return write ? faults.answer(ok, properties.hangTimeout()) : now(ok);
    }

    private static DeferredResult<ResponseEntity<String>> now(ResponseEntity<String> answer) {
        DeferredResult<ResponseEntity<String>> result = new DeferredResult<>();
        result.setResult(answer);
        return result;
    }

    private String postConfirmation(Element op) {
        // the same ERP behind its OData services: a damaged order dumps here too
        if (faults.get().shortDumpOrders().contains(text(op, "OrderID"))) {
            throw new ODataErrors.ODataException(org.springframework.http.HttpStatus.INTERNAL_SERVER_ERROR, "SOAP/500",
                    "Runtime error CONVT_NO_NUMBER in the backend for order " + text(op, "OrderID") + " (sandbox short dump)");
        }
        ObjectNode body = mapper.createObjectNode();
        body.put("OrderID", text(op, "OrderID"));
        body.put("OrderOperation", text(op, "Operation"));
        body.put("Plant", text(op, "Plant"));
        putIfPresent(body, "WorkCenter", text(op, "WorkCenter"));
        body.put("ConfirmationYieldQuantity", text(op, "YieldQuantity"));
        body.put("ConfirmationScrapQuantity", text(op, "ScrapQuantity"));
        body.put("ConfirmationReworkQuantity", text(op, "ReworkQuantity"));
        body.put("ConfirmationUnitISOCode", text(op, "UnitIsoCode"));
        body.put("IsFinalConfirmation", Boolean.parseBoolean(text(op, "FinalConfirmation")));
        body.put("PostingDate", text(op, "PostingDate"));
        split(body, "ConfirmedExecutionStart", text(op, "ExecutionStart"));
        split(body, "ConfirmedExecutionEnd", text(op, "ExecutionEnd"));
        putIfPresent(body, "Personnel", text(op, "Personnel"));
        putIfPresent(body, "VarianceReasonCode", text(op, "VarianceReason"));
        body.put("ExternalSystemConfirmation", text(op, "ExternalId"));
        Map<String, Object> booked = confirmations.bookConfirmation(body);
        return "<PostConfirmationResponse xmlns=\"" + NS + "\">" + confirmationKey(booked) + "</PostConfirmationResponse>";
    }

    private String findConfirmation(Element op) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT confirmation_group, confirmation_count FROM sbx_confirmation"
                + " WHERE external_id = ? ORDER BY confirmation_group, confirmation_count", String.valueOf(text(op, "ExternalId")).toLowerCase());
        StringBuilder out = new StringBuilder("<FindConfirmationResponse xmlns=\"" + NS + "\">");
        rows.forEach(r -> out.append("<Confirmation>").append(confirmationKey(r)).append("</Confirmation>"));
        return out.append("</FindConfirmationResponse>").toString();
    }

    private String postGoodsMovement(Element op) {
        String type = text(op, "MovementType");
        ObjectNode header = mapper.createObjectNode();
        header.put("GoodsMovementCode", "101".equals(type) ? "02" : "03");
        header.put("PostingDate", text(op, "PostingDate"));
        header.put("ReferenceDocument", text(op, "Reference"));
        ObjectNode item = header.putArray("to_MaterialDocumentItem").addObject();
        item.put("GoodsMovementType", type);
        item.put("ManufacturingOrder", text(op, "OrderID"));
        item.put("Material", text(op, "Material"));
        item.put("Plant", text(op, "Plant"));
        putIfPresent(item, "StorageLocation", text(op, "StorageLocation"));
        putIfPresent(item, "Batch", text(op, "Batch"));
        item.put("QuantityInEntryUnit", text(op, "Quantity"));
        item.put("EntryUnit", text(op, "Unit"));
        Map<String, Object> booked = documents.book(header);
        return "<PostGoodsMovementResponse xmlns=\"" + NS + "\">" + documentKey(booked) + "</PostGoodsMovementResponse>";
    }

    private String findGoodsMovement(Element op) {
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT document_number, document_year FROM sbx_material_document"
                + " WHERE reference_document = ? ORDER BY document_year, document_number", text(op, "Reference"));
        StringBuilder out = new StringBuilder("<FindGoodsMovementResponse xmlns=\"" + NS + "\">");
        rows.forEach(r -> out.append("<Document>").append(documentKey(r)).append("</Document>"));
        return out.append("</FindGoodsMovementResponse>").toString();
    }

    private static String confirmationKey(Map<String, Object> row) {
        return "<ConfirmationGroup>" + row.get("confirmation_group") + "</ConfirmationGroup><ConfirmationCount>"
                + row.get("confirmation_count") + "</ConfirmationCount>";
    }

    private static String documentKey(Map<String, Object> row) {
        return "<MaterialDocument>" + row.get("document_number") + "</MaterialDocument><MaterialDocumentYear>"
                + row.get("document_year") + "</MaterialDocumentYear>";
    }

    /** The ERP keeps local date and time apart: an xsd:dateTime without offset becomes XDate and XTime. */
    private static void split(ObjectNode body, String prefix, String dateTime) {
        if (dateTime == null) {
            return;
        }
        LocalDateTime local = LocalDateTime.parse(dateTime.length() > 19 ? dateTime.substring(0, 19) : dateTime);
        body.put(prefix + "Date", local.toLocalDate().toString());
        body.put(prefix + "Time", String.format("PT%02dH%02dM%02dS", local.getHour(), local.getMinute(), local.getSecond()));
    }

    private static void putIfPresent(ObjectNode node, String field, String value) {
        if (value != null) {
            node.put(field, value);
        }
    }

    private static Element operation(byte[] envelope) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            Element root = factory.newDocumentBuilder().parse(new ByteArrayInputStream(envelope)).getDocumentElement();
            Element body = child(root, SOAP, "Body");
            Element operation = body == null ? null : firstElement(body);
            if (operation == null || !NS.equals(operation.getNamespaceURI())) {
                throw new IllegalArgumentException("no operation of namespace " + NS + " in the SOAP body");
            }
            return operation;
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("not a SOAP 1.1 envelope: " + e.getMessage());
        }
    }

    private static Element child(Element parent, String ns, String name) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName()) && ns.equals(e.getNamespaceURI())) {
                return e;
            }
        }
        return null;
    }

    private static Element firstElement(Element parent) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                return e;
            }
        }
        return null;
    }

    private static String text(Element parent, String name) {
        Element e = child(parent, NS, name);
        String t = e == null ? null : e.getTextContent().trim();
        return t == null || t.isEmpty() ? null : t;
    }

    private static String envelope(String body) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><soap:Envelope xmlns:soap=\"" + SOAP + "\"><soap:Body>" + body
                + "</soap:Body></soap:Envelope>";
    }

    private static ResponseEntity<String> fault(String code, String message, String erpCode) {
        String body = "<soap:Fault><faultcode>" + code + "</faultcode><faultstring>" + HtmlUtils.htmlEscape(message)
                + "</faultstring><detail><ErpError xmlns=\"" + NS + "\" code=\"" + HtmlUtils.htmlEscape(erpCode)
                + "\"/></detail></soap:Fault>";
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR).contentType(MediaType.TEXT_XML).body(envelope(body));
    }
}
