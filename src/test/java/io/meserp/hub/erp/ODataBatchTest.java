package io.meserp.hub.erp;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The $batch answer as SAP Gateway writes it: a change set of one 201 per booked create, an error response in place of
 * a change set that failed; anything else (another number of answers, a part that is no HTTP response) cannot be
 * matched to the creates and is refused, so that the caller treats every create as possibly booked.
 */
class ODataBatchTest {

    private static final String ANSWER = String.join("\r\n",
            "--batchresponse_1",
            "Content-Type: multipart/mixed; boundary=changesetresponse_a",
            "",
            "--changesetresponse_a",
            "Content-Type: application/http",
            "Content-Transfer-Encoding: binary",
            "",
            "HTTP/1.1 201 Created",
            "Content-Type: application/json",
            "",
            "{\"d\":{\"ConfirmationGroup\":\"1\",\"ConfirmationCount\":\"7\"}}",
            "--changesetresponse_a--",
            "",
            "--batchresponse_1",
            "Content-Type: application/http",
            "Content-Transfer-Encoding: binary",
            "",
            "HTTP/1.1 429 Too Many Requests",
            "Retry-After: 3",
            "Content-Type: application/json",
            "",
            "{\"error\":{\"code\":\"X\",\"message\":{\"value\":\"busy\"}}}",
            "--batchresponse_1--", "");

    @Test
    void eachChangeSetsAnswerIsReadInOrderWithItsStatusRetryAfterAndBody() {
        List<ODataBatch.Answer> answers = ODataBatch.answers("multipart/mixed; boundary=batchresponse_1",
                ANSWER.getBytes(StandardCharsets.UTF_8), 2);
        assertThat(answers).extracting(ODataBatch.Answer::status).containsExactly(201, 429);
        assertThat(answers.get(0).body()).isEqualTo("{\"d\":{\"ConfirmationGroup\":\"1\",\"ConfirmationCount\":\"7\"}}");
        assertThat(answers.get(0).retryAfter()).isNull();
        assertThat(answers.get(1).retryAfter()).isEqualTo("3");
        assertThat(answers.get(1).body()).contains("busy");
    }

    @Test
    void anAnswerThatCannotBeMatchedToTheCreatesIsRefused() {
        assertThatThrownBy(() -> ODataBatch.answers("multipart/mixed; boundary=batchresponse_1",
                ANSWER.getBytes(StandardCharsets.UTF_8), 3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 change sets were answered with 2 responses");
        assertThatThrownBy(() -> ODataBatch.answers("application/json", "{}".getBytes(StandardCharsets.UTF_8), 1))
                .isInstanceOf(IllegalArgumentException.class);
        String notHttp = ANSWER.replace("HTTP/1.1 429 Too Many Requests", "<html>proxy error</html>");
        assertThatThrownBy(() -> ODataBatch.answers("multipart/mixed; boundary=batchresponse_1",
                notHttp.getBytes(StandardCharsets.UTF_8), 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a status line");
    }

    @Test
    void aPreambleBareLineFeedsAQuotedBoundaryAndUtf8BodiesAreReadAsGatewaysWriteThem() {
        String lf = ("This is the preamble.\n" + ANSWER.replace("\r\n", "\n"))
                .replace("\"busy\"", "\"Auftrag gesperrt: Prüfung läuft\"");
        List<ODataBatch.Answer> answers = ODataBatch.answers("Multipart/Mixed; boundary=\"batchresponse_1\"",
                lf.getBytes(StandardCharsets.UTF_8), 2);
        assertThat(answers).extracting(ODataBatch.Answer::status).containsExactly(201, 429);
        assertThat(answers.get(1).body()).contains("Prüfung läuft");
        assertThat(answers.get(1).retryAfter()).isEqualTo("3");
    }

    @Test
    void aCutOffAnswerOrOneWithoutItsBoundaryIsRefused() {
        String cut = ANSWER.substring(0, ANSWER.indexOf("--batchresponse_1--"));
        assertThatThrownBy(() -> ODataBatch.answers("multipart/mixed; boundary=batchresponse_1",
                cut.getBytes(StandardCharsets.UTF_8), 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("closing boundary");
        assertThatThrownBy(() -> ODataBatch.answers("multipart/mixed; boundary=other",
                ANSWER.getBytes(StandardCharsets.UTF_8), 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no boundary other");
        String changeSetOfTwo = ANSWER.replace("--changesetresponse_a--", "--changesetresponse_a\r\n"
                + "Content-Type: application/http\r\n\r\nHTTP/1.1 201 Created\r\n\r\n{}\r\n--changesetresponse_a--");
        assertThatThrownBy(() -> ODataBatch.answers("multipart/mixed; boundary=batchresponse_1",
                changeSetOfTwo.getBytes(StandardCharsets.UTF_8), 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("answered with 2 responses");
    }

    @Test
    void theRequestHasAChangeSetPerCreateEachAPostOfItsEntity() {
        ODataBatch batch = new ODataBatch();
        String body = batch.body("ProdnOrdConf2", List.of("{\"OrderID\":\"1\"}", "{\"OrderID\":\"2\"}"));
        String boundary = batch.contentType().substring(batch.contentType().indexOf("boundary=") + 9);
        assertThat(body).startsWith("--" + boundary + "\r\n").endsWith("--" + boundary + "--\r\n");
        assertThat(body.split("POST ProdnOrdConf2 HTTP/1.1", -1)).hasSize(3);
        assertThat(body).contains("Content-Length: 15\r\n\r\n{\"OrderID\":\"2\"}");
        assertThat(body.split("Content-Type: multipart/mixed; boundary=changeset_", -1)).hasSize(3);
    }
}
