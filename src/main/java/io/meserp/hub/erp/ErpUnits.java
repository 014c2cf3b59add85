package io.meserp.hub.erp;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** UN/ECE unit codes to the ERP's internal ones, from {@code mappings/erp/units.yaml}. */
@Component
public class ErpUnits {

    private final Map<String, String> internal = new LinkedHashMap<>();

    public ErpUnits(@Value("${hub.erp.units-file}") Path file) {
        try {
            JsonNode node = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
            node.fields().forEachRemaining(e -> internal.put(e.getKey(), e.getValue().asText()));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read ERP unit map " + file + ": " + e.getMessage(), e);
        }
    }

    /** The ERP's internal code; an event with a unit the map lacks cannot be posted and becomes an exception. */
    public String internal(String isoCode) {
        String code = internal.get(isoCode);
        if (code == null) {
            throw new ErpRejectedException(0, "unit " + isoCode + " has no ERP unit in mappings/erp/units.yaml");
        }
        return code;
    }

    /** The UN/ECE code of an ERP internal unit; the code itself when the map does not name it. */
    public String canonical(String erpCode) {
        return internal.entrySet().stream().filter(e -> e.getValue().equals(erpCode)).map(Map.Entry::getKey).findFirst()
                .orElse(erpCode);
    }
}
