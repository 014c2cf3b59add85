package io.meserp.hub.config;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Jolokia (Hawtio's channel to JMX) for viewers is read-only: they may read attributes, list and search MBeans, and
 * run the few operations that only look (browse a queue, dump route statistics or traced messages). Writes, every
 * other operation (stop a route, purge or move messages, switch tracing on) and anything unreadable need admin.
 */
class JolokiaAccess extends OncePerRequestFilter {

    static final Set<String> READ_TYPES = Set.of("read", "list", "search", "version");
    static final Set<String> VIEWER_OPERATIONS = Set.of("browse", "countMessages", "listMessagesAsJSON",
            "listScheduledMessagesAsJSON", "listDeliveringMessagesAsJSON", "dumpRoutesAsXml", "dumpRouteAsXml",
            "dumpRoutesStatsAsXml", "dumpRouteStatsAsXml", "dumpStatsAsXml", "dumpTracedMessagesAsXml",
            "dumpAllTracedMessagesAsXml", "dumpTracedMessagesAsJSon", "dumpAllTracedMessagesAsJSon", "queryNumberOfMessages",
            "getStatistics", "dumpRoutesAsYaml", "dumpRouteAsYaml");

    private final ObjectMapper mapper = new ObjectMapper();

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith(request.getContextPath() + "/actuator/jolokia");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        boolean admin = user != null && user.getAuthorities().stream()
                .anyMatch(a -> a.getAuthority().equals("ROLE_" + SecurityConfig.ADMIN));
        if (admin) {
            chain.doFilter(request, response);
            return;
        }
        if ("POST".equalsIgnoreCase(request.getMethod())) {
            byte[] body = request.getInputStream().readAllBytes();
            if (!readOnly(body)) {
                deny(response);
                return;
            }
            chain.doFilter(new Replayed(request, body), response);
            return;
        }
        String path = request.getRequestURI().substring((request.getContextPath() + "/actuator/jolokia").length());
        String[] segments = path.replaceFirst("^/", "").split("/");
        String type = segments.length == 0 || segments[0].isEmpty() ? "version" : segments[0];
        boolean allowed = READ_TYPES.contains(type)
                || ("exec".equals(type) && segments.length > 2 && VIEWER_OPERATIONS.contains(operation(segments[2])));
        if (!allowed) {
            deny(response);
            return;
        }
        chain.doFilter(request, response);
    }

    private boolean readOnly(byte[] body) {
        JsonNode json;
        try {
            json = mapper.readTree(body);
        } catch (IOException e) {
            return false;
        }
        List<JsonNode> requests = new ArrayList<>();
        if (json != null && json.isArray()) {
            json.forEach(requests::add);
        } else if (json != null) {
            requests.add(json);
        }
        if (requests.isEmpty()) {
            return false;
        }
        for (JsonNode r : requests) {
            String type = r.path("type").asText("");
            boolean ok = READ_TYPES.contains(type)
                    || ("exec".equals(type) && VIEWER_OPERATIONS.contains(operation(r.path("operation").asText(""))));
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static String operation(String signature) {
        int paren = signature.indexOf('(');
        return paren < 0 ? signature : signature.substring(0, paren);
    }

    private static void deny(HttpServletResponse response) throws IOException {
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("application/json");
        response.getWriter().write("{\"status\":403,\"error\":\"JMX writes and operations other than reading need the"
                + " admin role\"}");
    }

    /** The request with its body read once and served again to Jolokia. */
    private static final class Replayed extends HttpServletRequestWrapper {
        private final byte[] body;

        Replayed(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    // the whole body is already in memory: it is available, and read, at once
                    try {
                        listener.onDataAvailable();
                        listener.onAllDataRead();
                    } catch (IOException e) {
                        listener.onError(e);
                    }
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    return in.read(b, off, len);
                }
            };
        }

        @Override
        public java.io.BufferedReader getReader() {
            return new java.io.BufferedReader(new java.io.InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
