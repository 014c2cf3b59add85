package io.meserp.hub.movement;

import io.meserp.hub.erp.ErpMaterialDocumentClient;
import io.meserp.hub.erp.ExactlyOncePosting;
import io.meserp.hub.erp.SoapErpClient;
import io.meserp.hub.plant.PlantDefinition;
import io.meserp.hub.plant.PlantRegistry;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Posts a goods movement as a material document exactly once, in the dialect of the plant's ERP (OData or the
 * legacy SOAP service); the key is the 16-character reference derived from the event id.
 */
@Component("movementPoster")
public class MovementPoster {

    private final ExactlyOncePosting posting;
    private final ErpMaterialDocumentClient odata;
    private final SoapErpClient soap;
    private final PlantRegistry plants;

    public MovementPoster(ExactlyOncePosting posting, ErpMaterialDocumentClient odata, SoapErpClient soap, PlantRegistry plants) {
        this.posting = posting;
        this.odata = odata;
        this.soap = soap;
        this.plants = plants;
    }

    public void post(String body, Exchange exchange) {
        posting.post("movement", MaterialMovement.class, body, exchange, (event, m) ->
                plants.find(event.plant()).map(PlantDefinition::erpVariant).orElse(null) == PlantDefinition.ErpVariant.SOAP
                        ? ExactlyOncePosting.Outcome.erp(soap::findGoodsMovement, (id, zone) -> soap.postGoodsMovement(id, m, zone))
                        : ExactlyOncePosting.Outcome.erp(odata::findByReference, (id, zone) -> odata.create(id, m, zone)));
    }
}
