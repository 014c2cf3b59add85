package io.meserp.hub.release;

import java.util.ArrayList;
import java.util.List;

import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** Reading elements of a test document by local name, whatever the namespace. */
final class B2mmlTestXml {

    private B2mmlTestXml() {
    }

    static List<Element> all(Element root, String localName) {
        NodeList nodes = root.getElementsByTagNameNS("*", localName);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    static List<String> texts(Element root, String localName) {
        return all(root, localName).stream().map(e -> e.getTextContent().trim()).toList();
    }
}
