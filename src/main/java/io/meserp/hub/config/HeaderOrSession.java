package io.meserp.hub.config;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.security.core.context.DeferredSecurityContext;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.web.context.DelegatingSecurityContextRepository;
import org.springframework.security.web.context.HttpSessionSecurityContextRepository;
import org.springframework.security.web.context.RequestAttributeSecurityContextRepository;
import org.springframework.security.web.context.SecurityContextRepository;

/**
 * Where a request's login comes from: a request with basic credentials is authenticated by them or refused (401),
 * never by a session cookie sent beside them; any other request uses its session. Without this, Spring's basic
 * filter keeps a session's login when the header names the same user, so a wrong password beside a session cookie
 * passed, and exempting header-authenticated requests from CSRF exempted session requests too.
 */
final class HeaderOrSession implements SecurityContextRepository {

    private final SecurityContextRepository sessions = new DelegatingSecurityContextRepository(
            new RequestAttributeSecurityContextRepository(), new HttpSessionSecurityContextRepository());
    private final SecurityContextRepository perRequest = new RequestAttributeSecurityContextRepository();

    /** True when the request carries basic credentials, which it must then authenticate with (or get 401). */
    static boolean hasBasicCredentials(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        return header != null && header.regionMatches(true, 0, "Basic", 0, 5);
    }

    private SecurityContextRepository of(HttpServletRequest request) {
        return hasBasicCredentials(request) ? perRequest : sessions;
    }

    @Override
    @Deprecated
    public SecurityContext loadContext(org.springframework.security.web.context.HttpRequestResponseHolder holder) {
        return of(holder.getRequest()).loadContext(holder);
    }

    @Override
    public DeferredSecurityContext loadDeferredContext(HttpServletRequest request) {
        return of(request).loadDeferredContext(request);
    }

    @Override
    public void saveContext(SecurityContext context, HttpServletRequest request, HttpServletResponse response) {
        of(request).saveContext(context, request, response);
    }

    @Override
    public boolean containsContext(HttpServletRequest request) {
        return of(request).containsContext(request);
    }
}
