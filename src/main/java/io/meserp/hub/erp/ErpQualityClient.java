package io.meserp.hub.erp;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.springframework.stereotype.Component;

/**
 * The ERP side of a quality problem: a quality notification ({@code API_QUALITYNOTIFICATION/QualityNotification},
 * the sandbox's contract, key {@code ExternalReference} = 20 characters of the event id) and a user status on the
 * production order ({@code ChangeUserStatus}, e.g. HOLD), which setting twice leaves unchanged.
 */
@Component
public class ErpQualityClient {

    static final String SERVICE = "API_QUALITYNOTIFICATION";
    static final String ORDER_SERVICE = "API_PRODUCTION_ORDER_2_SRV";

    private final ODataClient odata;
    private final ObjectMapper mapper;
    private final ErpUnits units;

    public ErpQualityClient(ODataClient odata, ObjectMapper mapper, ErpUnits units) {
        this.odata = odata;
        this.mapper = mapper;
        this.units = units;
    }

    public static String reference(String key) {
        String hex = key.replace("-", "");
        return (hex.length() > 20 ? hex.substring(0, 20) : hex).toUpperCase(Locale.ROOT);
    }

    /** The notification the ERP holds for this event, if any. */
    public Optional<ErpDocument> find(String eventId) {
        JsonNode found = odata.get(SERVICE, "QualityNotification?$filter=ExternalReference%20eq%20'" + reference(eventId)
                + "'&$format=json").path("d").path("results");
        return found.isArray() && !found.isEmpty()
                ? Optional.of(new ErpDocument(found.get(0).path("QualityNotification").asText())) : Optional.empty();
    }

    /**
     * Opens a notification from the connector payload of a quality problem: the quality event's canonical data with
     * its one-line {@code summary} and the plant's {@code notificationType}.
     */
    public ErpDocument create(String eventId, Payload q) {
        ObjectNode body = mapper.createObjectNode();
        body.put("NotificationType", q.text("notificationType"));
        String text = q.text("summary");
        body.put("NotificationText", text.length() > 40 ? text.substring(0, 40) : text);
        body.put("Material", q.text("material"));
        body.put("Plant", q.text("plant"));
        if (q.text("order") != null) {
            body.put("ManufacturingOrder", q.text("order"));
        }
        if (q.text("batch") != null) {
            body.put("Batch", q.text("batch"));
        }
        Payload defect = q.member("defect");
        if (defect != null) {
            body.put("DefectCode", defect.text("code"));
            if (defect.decimal("quantity") != null) {
                body.put("DefectQuantity", ODataValues.decimal(defect.decimal("quantity"), 3));
                body.put("DefectUnit", units.internal(defect.text("unit")));
            }
        }
        body.put("ExternalReference", reference(eventId));
        String number = odata.post(SERVICE, "QualityNotification", body).path("QualityNotification").asText("");
        if (number.isEmpty()) {
            throw new ErpAmbiguousException("ERP answered without QualityNotification", null);
        }
        return new ErpDocument(number);
    }

    /** Sets a user status (e.g. HOLD) on the order. */
    public void setUserStatus(String order, String status) {
        odata.call(ORDER_SERVICE, "ChangeUserStatus?ManufacturingOrder='" + URLEncoder.encode(order, StandardCharsets.UTF_8)
                + "'&StatusShortName='" + URLEncoder.encode(status, StandardCharsets.UTF_8) + "'");
    }
}
