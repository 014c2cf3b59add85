package io.meserp.hub.erp;

import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * What an HTTP failure means for a booking, for every HTTP connector alike: a call that never reached the ERP is
 * unavailable; a write whose answer never came may have booked (ambiguous); a status says the rest (429/503 busy with
 * Retry-After, 401/403 credentials, other 4xx a refusal, 500 after a write the ERP failing on it, 502/504 a gateway
 * that lost the answer).
 */
public final class HttpFailures {

    private HttpFailures() {
    }

    /** Sends the request; a transport failure becomes the ErpException it means. */
    public static HttpResponse<String> send(HttpClient http, HttpRequest request, boolean write, Duration readTimeout) {
        String what = request.method() + " " + request.uri().getPath();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpConnectTimeoutException | ConnectException e) {
            throw new ErpUnavailableException("ERP not reachable (" + what + "): " + e, null, e);
        } catch (HttpTimeoutException e) {
            if (write) {
                throw new ErpAmbiguousException("no answer from the ERP within " + readTimeout + " (" + what + ")", e);
            }
            throw new ErpUnavailableException("no answer from the ERP within " + readTimeout + " (" + what + ")", null, e);
        } catch (IOException e) {
            if (write) {
                throw new ErpAmbiguousException("connection to the ERP failed after sending (" + what + "): " + e, e);
            }
            throw new ErpUnavailableException("connection to the ERP failed (" + what + "): " + e, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ErpUnavailableException("interrupted while calling the ERP (" + what + ")", null, e);
        }
    }

    /**
     * The failure a non-2xx status means; {@code text} describes the answer, {@code credentials} says where the hub's
     * credentials come from.
     */
    public static ErpException byStatus(HttpResponse<String> response, boolean write, String text, String credentials) {
        return byStatus(response.statusCode(), retryAfter(response), write, text, credentials);
    }

    /** The same for an answer given as its status and its {@code Retry-After} (null when none). */
    public static ErpException byStatus(int status, Duration retryAfter, boolean write, String text, String credentials) {
        if (status == 429 || status == 503) {
            return new ErpUnavailableException("ERP busy or down: " + text, retryAfter, null);
        }
        if (status == 401 || status == 403 || status == 407) {
            return new ErpUnavailableException("ERP refused the hub's credentials (" + credentials + "): " + text, null, null);
        }
        if (status == 408) {
            return new ErpUnavailableException("ERP timed out reading the request: " + text, null, null);
        }
        if (status >= 400 && status < 500) {
            return new ErpRejectedException(status, text);
        }
        if (write && status != 502 && status != 504) {
            return new ErpServerErrorException("ERP failed after receiving the request: " + text, null);
        }
        if (write) {
            return new ErpAmbiguousException("ERP gateway failed after the request was sent: " + text, null);
        }
        return new ErpUnavailableException("ERP failed: " + text, null, null);
    }

    /** {@code Retry-After} in seconds or as an HTTP date; null when absent or unreadable. */
    public static Duration retryAfter(HttpResponse<String> response) {
        return retryAfter(response.headers().firstValue("Retry-After").orElse(null));
    }

    /** A {@code Retry-After} value in seconds or as an HTTP date; null when absent or unreadable. */
    public static Duration retryAfter(String header) {
        return java.util.Optional.ofNullable(header).map(value -> {
            try {
                return Duration.ofSeconds(Long.parseLong(value.trim()));
            } catch (NumberFormatException notSeconds) {
                try {
                    ZonedDateTime at = ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME);
                    Duration wait = Duration.between(ZonedDateTime.now(at.getZone()), at);
                    return wait.isNegative() ? Duration.ZERO : wait;
                } catch (RuntimeException unreadable) {
                    return null;
                }
            }
        }).orElse(null);
    }
}
