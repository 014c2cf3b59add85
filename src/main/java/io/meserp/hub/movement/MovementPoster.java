package io.meserp.hub.movement;

import io.meserp.hub.erp.ErpMaterialDocumentClient;
import io.meserp.hub.erp.ExactlyOncePosting;
import org.apache.camel.Exchange;
import org.springframework.stereotype.Component;

/** Posts a goods movement as a material document exactly once; the key is the {@code ReferenceDocument}. */
@Component("movementPoster")
public class MovementPoster {

    private final ExactlyOncePosting posting;
    private final ErpMaterialDocumentClient erp;

    public MovementPoster(ExactlyOncePosting posting, ErpMaterialDocumentClient erp) {
        this.posting = posting;
        this.erp = erp;
    }

    public void post(String body, Exchange exchange) {
        posting.post("movement", MaterialMovement.class, body, exchange, erp::findByReference, erp::create);
    }
}
