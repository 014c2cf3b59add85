package io.meserp.hub.erp;

import java.io.StringReader;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.Source;
import javax.xml.transform.dom.DOMSource;

import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.cxf.common.CxfPayload;
import org.apache.camel.component.cxf.common.message.CxfConstants;
import org.apache.cxf.binding.soap.SoapFault;
import org.apache.cxf.binding.soap.SoapHeader;
import org.apache.cxf.endpoint.Client;
import org.apache.cxf.frontend.AbstractWSDLBasedEndpointFactory;
import org.apache.cxf.transport.http.HTTPConduit;
import org.apache.cxf.transport.http.HTTPException;
import org.apache.cxf.transports.http.configuration.HTTPClientPolicy;
import org.apache.camel.component.cxf.jaxws.CxfConfigurer;
import io.meserp.hub.config.HubProperties;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.xml.sax.InputSource;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The legacy ERP variant over SOAP (classpath:wsdl/legacy-erp.wsdl), called through Camel CXF in PAYLOAD mode.
 * It follows the same rules as the OData client: the event id (confirmations) or its 16-character reference
 * (goods movements) is the idempotency key the ERP can be asked for; SOAP Client faults are rejections, timeouts
 * and Server faults after sending are ambiguous, refused connections and 5xx/429/401 before an answer are
 * unavailability.
 */
@Component
public class SoapErpClient {

    static final String NS = "urn:meserp:legacy-erp:v1";

    static {
        // CXF's plain URLConnection conduit: synchronous, with the same timeouts. Its asynchronous java.net.http
        // conduit throws on a worker thread when a read times out, which is exactly the case we must handle calmly.
        System.setProperty("org.apache.cxf.transport.http.forceURLConnection", "true");
    }
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ISO_LOCAL_DATE_TIME;

    private final ProducerTemplate camel;
    private final CamelContext context;
    private final Environment environment;
    private final HubProperties.Erp erp;
    private final ErpUnits units;

    public SoapErpClient(ProducerTemplate camel, CamelContext context, Environment environment, HubProperties properties,
            ErpUnits units) {
        this.camel = camel;
        this.context = context;
        this.environment = environment;
        this.erp = properties.erp();
        this.units = units;
    }

    public ErpDocument postConfirmation(String eventId, Payload c, ZoneId erpZone) {
        StringBuilder x = new StringBuilder("<PostConfirmation xmlns=\"" + NS + "\">");
        el(x, "ExternalId", eventId);
        el(x, "OrderID", c.text("order"));
        el(x, "Operation", c.text("operation"));
        el(x, "Plant", c.text("plant"));
        el(x, "WorkCenter", c.text("workCenter"));
        el(x, "YieldQuantity", ODataValues.decimal(c.decimalOrZero("yield"), 3));
        el(x, "ScrapQuantity", ODataValues.decimal(c.decimalOrZero("scrap"), 3));
        el(x, "ReworkQuantity", ODataValues.decimal(c.decimalOrZero("rework"), 3));
        el(x, "UnitIsoCode", c.text("unit"));
        el(x, "FinalConfirmation", Boolean.toString(c.flag("finalConfirmation")));
        el(x, "PostingDate", c.time("executionEnd").atZoneSameInstant(erpZone).toLocalDate().toString());
        el(x, "ExecutionStart", c.time("executionStart") == null ? null : LOCAL.format(c.time("executionStart").atZoneSameInstant(erpZone).toLocalDateTime()));
        el(x, "ExecutionEnd", LOCAL.format(c.time("executionEnd").atZoneSameInstant(erpZone).toLocalDateTime()));
        el(x, "Personnel", c.text("personnel"));
        el(x, "VarianceReason", c.text("varianceReason"));
        Element answer = call("PostConfirmation", x.append("</PostConfirmation>").toString(), true);
        return new ErpDocument(text(answer, "ConfirmationGroup") + "/" + text(answer, "ConfirmationCount"));
    }

    public Optional<ErpDocument> findConfirmation(String eventId) {
        Element answer = call("FindConfirmation", "<FindConfirmation xmlns=\"" + NS + "\"><ExternalId>" + eventId
                + "</ExternalId></FindConfirmation>", false);
        return children(answer, "Confirmation").stream().findFirst()
                .map(e -> new ErpDocument(text(e, "ConfirmationGroup") + "/" + text(e, "ConfirmationCount")));
    }

    public ErpDocument postGoodsMovement(String eventId, Payload m, ZoneId erpZone) {
        StringBuilder x = new StringBuilder("<PostGoodsMovement xmlns=\"" + NS + "\">");
        el(x, "Reference", ErpMaterialDocumentClient.reference(eventId));
        el(x, "MovementType", m.text("movementType"));
        el(x, "OrderID", m.text("order"));
        el(x, "Material", m.text("material"));
        el(x, "Plant", m.text("plant"));
        el(x, "StorageLocation", m.text("storageLocation"));
        el(x, "Batch", m.text("batch"));
        el(x, "Quantity", ODataValues.decimal(m.decimal("quantity"), 3));
        el(x, "Unit", units.internal(m.text("unit")));
        LocalDate posting = m.time("postingTime").atZoneSameInstant(erpZone).toLocalDate();
        el(x, "PostingDate", posting.toString());
        Element answer = call("PostGoodsMovement", x.append("</PostGoodsMovement>").toString(), true);
        return new ErpDocument(text(answer, "MaterialDocument") + "/" + text(answer, "MaterialDocumentYear"));
    }

    public Optional<ErpDocument> findGoodsMovement(String eventId) {
        Element answer = call("FindGoodsMovement", "<FindGoodsMovement xmlns=\"" + NS + "\"><Reference>"
                + ErpMaterialDocumentClient.reference(eventId) + "</Reference></FindGoodsMovement>", false);
        return children(answer, "Document").stream().findFirst()
                .map(e -> new ErpDocument(text(e, "MaterialDocument") + "/" + text(e, "MaterialDocumentYear")));
    }

    private Element call(String operation, String payload, boolean write) {
        CxfPayload<SoapHeader> request = new CxfPayload<>(new ArrayList<>(), List.of((Source) new DOMSource(parse(payload))), null);
        Exchange exchange = camel.request(endpoint(), e -> {
            e.getIn().setHeader(CxfConstants.OPERATION_NAME, operation);
            e.getIn().setHeader(CxfConstants.OPERATION_NAMESPACE, NS);
            e.getIn().setBody(request);
        });
        if (exchange.getException() != null) {
            throw classify(exchange.getException(), operation, write);
        }
        @SuppressWarnings("unchecked")
        CxfPayload<SoapHeader> response = exchange.getMessage().getBody(CxfPayload.class);
        List<Element> elements = response == null ? List.of() : response.getBody();
        if (elements.isEmpty()) {
            throw new ErpAmbiguousException("ERP (SOAP) answered " + operation + " without a body", null);
        }
        return elements.get(0);
    }

    private String endpoint() {
        String url = environment.getProperty("hub.erp.soap-url", environment.getProperty("hub.erp.base-url") + "/soap/legacy-erp");
        return "cxf://" + url + "?wsdlURL=classpath:wsdl/legacy-erp.wsdl&serviceName={" + NS + "}LegacyErpService"
                + "&endpointName={" + NS + "}LegacyErpPort&dataFormat=PAYLOAD&cxfConfigurer=#soapErpConfigurer"
                + (erp.user() == null || erp.user().isBlank() ? "" : "&username=RAW(" + erp.user() + ")&password=RAW("
                        + (erp.password() == null ? "" : erp.password()) + ")");
    }

    private ErpException classify(Exception e, String operation, boolean write) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SoapFault fault) {
                String code = fault.getDetail() == null ? "" : erpCode(fault.getDetail());
                String message = "SOAP " + operation + ": " + (code.isEmpty() ? "" : code + " ") + fault.getMessage();
                if ("Client".equals(fault.getFaultCode().getLocalPart())) {
                    return new ErpRejectedException(400, message);
                }
                return write ? new ErpServerErrorException(message, e) : new ErpUnavailableException(message, null, e);
            }
            if (t instanceof HTTPException http) {
                int status = http.getResponseCode();
                String message = "ERP (SOAP) answered HTTP " + status + " to " + operation;
                if (status == 503 || status == 429 || status == 401 || status == 403 || !write) {
                    return new ErpUnavailableException(message, null, e);
                }
                return new ErpAmbiguousException(message, e);
            }
            if (t instanceof ConnectException) {
                return new ErpUnavailableException("ERP (SOAP) not reachable: " + t, null, e);
            }
            if (t instanceof SocketTimeoutException) {
                return write ? new ErpAmbiguousException("no answer from the ERP (SOAP " + operation + ")", e)
                        : new ErpUnavailableException("no answer from the ERP (SOAP " + operation + ")", null, e);
            }
        }
        return write ? new ErpAmbiguousException("SOAP " + operation + " failed: " + e, e)
                : new ErpUnavailableException("SOAP " + operation + " failed: " + e, null, e);
    }

    private static String erpCode(Element detail) {
        for (Node n = detail.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && "ErpError".equals(e.getLocalName())) {
                return e.getAttribute("code");
            }
        }
        return "";
    }

    private static Element parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml))).getDocumentElement();
        } catch (Exception e) {
            throw new IllegalStateException("cannot build SOAP payload", e);
        }
    }

    private static void el(StringBuilder x, String name, String value) {
        if (value != null) {
            x.append('<').append(name).append('>').append(org.springframework.web.util.HtmlUtils.htmlEscape(value))
                    .append("</").append(name).append('>');
        }
    }

    private static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && name.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element parent, String name) {
        List<Element> found = children(parent, name);
        return found.isEmpty() ? "" : found.get(0).getTextContent().trim();
    }

    /** Connection and read timeouts of the SOAP client, the same as the OData client's. */
    @Component("soapErpConfigurer")
    static class Timeouts implements CxfConfigurer {

        private final HubProperties.Erp erp;

        Timeouts(HubProperties properties) {
            this.erp = properties.erp();
        }

        @Override
        public void configure(AbstractWSDLBasedEndpointFactory factory) {
            // nothing to set on the factory
        }

        @Override
        public void configureClient(Client client) {
            HTTPConduit conduit = (HTTPConduit) client.getConduit();
            HTTPClientPolicy policy = new HTTPClientPolicy();
            policy.setConnectionTimeout(erp.connectTimeout().toMillis());
            policy.setReceiveTimeout(erp.readTimeout().toMillis());
            conduit.setClient(policy);
        }

        @Override
        public void configureServer(org.apache.cxf.endpoint.Server server) {
            // the hub serves no SOAP
        }
    }
}
