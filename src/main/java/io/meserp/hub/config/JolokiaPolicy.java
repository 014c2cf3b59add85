package io.meserp.hub.config;

import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import javax.management.ObjectName;

import org.jolokia.server.core.service.api.Restrictor;
import org.jolokia.server.core.util.HttpMethod;
import org.jolokia.server.core.util.RequestType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * Who may do what through Jolokia (Hawtio's channel to JMX), decided on the request Jolokia has parsed: its type,
 * MBean, attribute and operation, whatever URL shape, {@code p=} parameter, bulk body or escape carried it. The
 * caller's roles come from Spring Security, which authenticated the request before Jolokia saw it. Deny by default:
 * <ul>
 * <li>viewers and operators read attributes of the domains Hawtio shows (not the JVM's command line, class path or
 *     system properties), list and search MBeans, and run the operations that only look: browse or count a queue's
 *     messages, dump routes, their statistics and traced messages;</li>
 * <li>admins read, write and run operations;</li>
 * <li>nobody runs an operation that sends a message, evaluates an expression or loads code given from outside (a
 *     producer template's {@code sendBody} to any endpoint, a {@code language:} endpoint, a conditional breakpoint, an
 *     MLet URL, a diagnostic command, a heap dump to a path), unless {@code hub.jolokia.allow-remote-execution} is on,
 *     and then admins only.</li>
 * </ul>
 * Jolokia makes this object itself (configuration key {@code restrictorClass}); SecurityConfig hands it
 * the one setting it reads. docs/authorization.md lists the policy as a table that {@code JolokiaAccessIT} checks.
 */
public class JolokiaPolicy implements Restrictor {

    static final String ADMIN = "ROLE_" + SecurityConfig.ADMIN;
    static final String VIEWER = "ROLE_" + SecurityConfig.VIEWER;

    /** Set once at start-up from {@code hub.jolokia.allow-remote-execution}. */
    static volatile boolean remoteExecutionAllowed;

    /** Domains whose attributes viewers may read (Hawtio's JMX, Camel and Artemis views and the JVM's gauges). */
    private static final Set<String> VIEWER_READ_DOMAINS = Set.of("org.apache.camel", "org.apache.activemq.artemis",
            "java.lang", "java.nio", "JMImplementation", "hawtio", "jolokia");

    /** Attributes that give away the command line, paths and system properties (where secrets have leaked before). */
    private static final Map<String, Set<String>> HIDDEN_FROM_VIEWERS = Map.of(
            "java.lang:type=Runtime", Set.of("SystemProperties", "InputArguments", "ClassPath", "BootClassPath",
                    "LibraryPath"));

    /** Operations that only look, by domain: the prefixes Artemis and Camel use for their read-only operations. */
    private static final Map<String, Pattern> VIEWER_OPERATIONS = Map.of(
            "org.apache.activemq.artemis", Pattern.compile("(browse|count|list|peek|get)[A-Za-z]*"),
            "org.apache.camel", Pattern.compile("(dump|browse|get|count)[A-Za-z]*"),
            "hawtio", Pattern.compile("(canInvoke|list)"));

    /** Operations that act on input from outside the hub, by domain; {@code .*} = every operation of the domain. */
    private static final Map<String, Pattern> REMOTE_EXECUTION = Map.of(
            "org.apache.camel", Pattern.compile("(send|request)[A-Za-z]*|evaluate[A-Za-z]*|[A-Za-z]*FromXml|"
                    + "[A-Za-z]*FromYaml|createEndpoint|[A-Za-z]*ConditionalBreakpoint|set[A-Za-z]*OnBreakpoint|"
                    + "validateConditionalBreakpoint"),
            "org.apache.activemq.artemis", Pattern.compile("sendMessage[A-Za-z]*"),
            "JMImplementation", Pattern.compile(".*"),
            "com.sun.management", Pattern.compile(".*"),
            "jdk.management.jfr", Pattern.compile(".*"));

    public JolokiaPolicy() {
        // made by Jolokia (restrictorClass); its one setting comes through remoteExecutionAllowed
    }

    @Override
    public boolean isHttpMethodAllowed(HttpMethod method) {
        // GET and POST carry the same requests; the request itself is judged below
        return method == HttpMethod.GET || method == HttpMethod.POST;
    }

    @Override
    public boolean isTypeAllowed(RequestType type) {
        return switch (type) {
            case READ, LIST, SEARCH, VERSION, EXEC -> has(VIEWER);
            default -> has(ADMIN);
        };
    }

    @Override
    public boolean isAttributeReadAllowed(ObjectName name, String attribute) {
        if (has(ADMIN)) {
            return true;
        }
        return has(VIEWER) && VIEWER_READ_DOMAINS.contains(name.getDomain())
                && !HIDDEN_FROM_VIEWERS.getOrDefault(name.getCanonicalName(), Set.of()).contains(attribute);
    }

    @Override
    public boolean isAttributeWriteAllowed(ObjectName name, String attribute) {
        return has(ADMIN);
    }

    @Override
    public boolean isOperationAllowed(ObjectName name, String operation) {
        String op = operationName(operation);
        if (matches(REMOTE_EXECUTION, name, op)) {
            return remoteExecutionAllowed && has(ADMIN);
        }
        return has(ADMIN) || (has(VIEWER) && matches(VIEWER_OPERATIONS, name, op));
    }

    @Override
    public boolean isRemoteAccessAllowed(String... hostOrAddress) {
        // Spring Security authenticated the caller; where it connects from is not the question
        return true;
    }

    /**
     * {@code strict}: Jolokia's check of a request's Origin; cross-origin requests never get here (SecurityConfig
     * refuses them), so a same-origin page is allowed. Not strict: whether Jolokia should add CORS headers, which
     * would let other sites read the answer with the caller's cookie; never.
     */
    @Override
    public boolean isOriginAllowed(String origin, boolean strict) {
        return strict;
    }

    @Override
    public boolean isObjectNameHidden(ObjectName name) {
        return false;
    }

    /** The operation's name without its signature: {@code browse(java.lang.String)} is {@code browse}. */
    static String operationName(String operation) {
        if (operation == null) {
            return "";
        }
        int paren = operation.indexOf('(');
        return (paren < 0 ? operation : operation.substring(0, paren)).trim();
    }

    private static boolean matches(Map<String, Pattern> rules, ObjectName name, String operation) {
        Pattern rule = rules.get(name.getDomain());
        return rule != null && rule.matcher(operation).matches();
    }

    private static boolean has(String role) {
        Authentication user = SecurityContextHolder.getContext().getAuthentication();
        if (user == null || !user.isAuthenticated()) {
            return false;
        }
        for (GrantedAuthority authority : user.getAuthorities()) {
            if (role.equals(authority.getAuthority())) {
                return true;
            }
        }
        return false;
    }
}
