package io.meserp.hub.plant;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import io.meserp.hub.release.B2mmlRules;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Element;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every B2MML document the project ships (test samples, the plant folders' samples) follows the official schema's
 * element names and order for its version: a plant copying one gets a valid document. Found by folder, so a new
 * sample is checked without a new test.
 */
class B2mmlSamplesTest {

    @TestFactory
    Stream<DynamicTest> everyShippedB2mmlDocumentFollowsItsSchema() throws IOException {
        List<Path> documents;
        try (Stream<Path> samples = Files.walk(Path.of("src/test/resources/samples"));
                Stream<Path> plants = Files.walk(Path.of("mappings/plants"))) {
            documents = Stream.concat(samples, plants).filter(p -> p.toString().endsWith(".xml"))
                    .filter(B2mmlSamplesTest::isB2mml).sorted().toList();
        }
        assertThat(documents).hasSizeGreaterThanOrEqualTo(4);
        return documents.stream().map(p -> DynamicTest.dynamicTest(p.toString(), () -> {
            Element root = SafeXml.parse(Files.readAllBytes(p)).getDocumentElement();
            assertThat(B2mmlRules.check(root, root.getNamespaceURI())).as(p.toString()).isEmpty();
        }));
    }

    private static boolean isB2mml(Path p) {
        try {
            return Files.readString(p).contains("http://www.mesa.org/xml/B2MML");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
