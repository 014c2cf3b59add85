package io.meserp.hub.confirmation;

import io.meserp.hub.erp.ErpConfirmationClient;
import io.meserp.hub.erp.ExactlyOncePosting;
import io.meserp.hub.erp.SoapErpClient;
import io.meserp.hub.plant.PlantDefinition;
import io.meserp.hub.plant.PlantRegistry;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/**
 * Posts a confirmation exactly once, in the dialect of the plant's ERP: OData {@code ProdnOrdConf2} (key: the event
 * id in {@code ExternalSystemConfirmation}) or the legacy SOAP service (key: the event id as {@code ExternalId}).
 */
@Component("confirmationPoster")
public class ConfirmationPoster {

    private final ExactlyOncePosting posting;
    private final ErpConfirmationClient odata;
    private final SoapErpClient soap;
    private final PlantRegistry plants;

    public ConfirmationPoster(ExactlyOncePosting posting, ErpConfirmationClient odata, SoapErpClient soap, PlantRegistry plants) {
        this.posting = posting;
        this.odata = odata;
        this.soap = soap;
        this.plants = plants;
    }

    public void post(String body, Exchange exchange) {
        posting.post("confirmation", ProductionConfirmation.class, body, exchange, (event, c) ->
                plants.find(event.plant()).map(PlantDefinition::erpVariant).orElse(null) == PlantDefinition.ErpVariant.SOAP
                        ? ExactlyOncePosting.Outcome.erp(soap::findConfirmation, (id, zone) -> soap.postConfirmation(id, c, zone))
                        : ExactlyOncePosting.Outcome.erp(odata::findByExternalId, (id, zone) -> odata.create(id, c, zone)));
    }
}
