package io.meserp.hub.sandbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.http.HttpStatus;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * What stands in front of the sandbox's OData services, as SAP Gateway does: injected faults (outage, latency,
 * error rate, 429), basic auth of the ERP's technical user, and (for OData, not SOAP) CSRF protection bound to the session cookie
 * ({@code x-csrf-token: Fetch} on a GET issues a token; a write without a valid one gets {@code 403} and
 * {@code x-csrf-token: Required}).
 */
class SandboxGate extends OncePerRequestFilter {

    static final String SESSION_COOKIE = "SAP_SESSIONID_SBX_100";
    private static final String CSRF = "x-csrf-token";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    private final SandboxProperties properties;
    private final SandboxFaults faults;
    private final ObjectMapper mapper;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    private record Token(String value, Instant expires) {
    }

    SandboxGate(SandboxProperties properties, SandboxFaults faults, ObjectMapper mapper) {
        this.properties = properties;
        this.faults = faults;
        this.mapper = mapper;
    }

    /** Forget every issued token (admin API): the next write must fetch a new one. */
    void invalidateTokens() {
        tokens.clear();
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        SandboxFaults.Settings fault = faults.get();
        long delay = faults.delayMs();
        if (delay > 0) {
            pause(delay);
        }
        if (fault.outage()) {
            response.setStatus(HttpStatus.SERVICE_UNAVAILABLE.value());
            response.setContentType("text/html");
            response.getWriter().write("<html><body><h1>503 Service Unavailable</h1>"
                    + "<p>ICM: no application server available (sandbox outage)</p></body></html>");
            return;
        }
        if (!authenticated(request)) {
            response.setStatus(HttpStatus.UNAUTHORIZED.value());
            response.setHeader("WWW-Authenticate", "Basic realm=\"SAP NetWeaver Application Server [SBX/100]\"");
            response.setContentType("text/html");
            response.getWriter().write("<html><body>Logon failed</body></html>");
            return;
        }
        String session = session(request, response);
        if (SAFE.contains(request.getMethod())) {
            if ("Fetch".equalsIgnoreCase(request.getHeader(CSRF))) {
                // As SAP Gateway does: the session keeps its token until it expires.
                Token token = tokens.compute(session, (s, current) -> current != null && current.expires().isAfter(Instant.now())
                        ? current : new Token(newSecret(), Instant.now().plus(properties.csrfTokenLifetime())));
                response.setHeader(CSRF, token.value());
            }
            chain.doFilter(request, response);
            return;
        }
        Token token = tokens.get(session);
        String sent = request.getHeader(CSRF);
        boolean soap = request.getRequestURI().startsWith(SandboxSoapController.PATH);
        if (!soap && (token == null || sent == null || token.expires().isBefore(Instant.now())
                || !MessageDigest.isEqual(token.value().getBytes(StandardCharsets.UTF_8), sent.getBytes(StandardCharsets.UTF_8)))) {
            response.setStatus(HttpStatus.FORBIDDEN.value());
            response.setHeader(CSRF, "Required");
            response.setContentType("text/plain");
            response.getWriter().write("CSRF token validation failed");
            return;
        }
        if (SandboxFaults.roll(fault.tooManyRequestsRate())) {
            response.setStatus(HttpStatus.TOO_MANY_REQUESTS.value());
            response.setHeader("Retry-After", Long.toString(fault.retryAfterSeconds()));
            writeError(response, "/IWFND/CM_BEC/026", "Too many requests (sandbox throttling)");
            return;
        }
        if (SandboxFaults.roll(fault.errorRate())) {
            response.setStatus(HttpStatus.INTERNAL_SERVER_ERROR.value());
            writeError(response, "/IWBEP/CM_MGW_RT/020", "Internal error in the backend (sandbox error rate)");
            return;
        }
        chain.doFilter(request, response);
    }

    private void writeError(HttpServletResponse response, String code, String message) throws IOException {
        response.setContentType("application/json");
        mapper.writeValue(response.getOutputStream(), ODataErrors.body(code, message, "SANDBOX"));
    }

    private boolean authenticated(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        String expected = properties.user() + ":" + properties.password();
        return MessageDigest.isEqual(decoded.getBytes(StandardCharsets.UTF_8), expected.getBytes(StandardCharsets.UTF_8));
    }

    private String session(HttpServletRequest request, HttpServletResponse response) {
        if (request.getCookies() != null) {
            for (Cookie cookie : request.getCookies()) {
                if (SESSION_COOKIE.equals(cookie.getName())) {
                    return cookie.getValue();
                }
            }
        }
        String id = newSecret();
        Cookie cookie = new Cookie(SESSION_COOKIE, id);
        cookie.setPath("/");
        cookie.setHttpOnly(true);
        response.addCookie(cookie);
        return id;
    }

    private String newSecret() {
        byte[] bytes = new byte[18];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
