package io.meserp.hub.config;

import java.util.Set;
import java.util.function.Function;

import javax.security.auth.Subject;

import org.apache.activemq.artemis.core.remoting.impl.invm.InVMConnection;
import org.apache.activemq.artemis.core.security.CheckType;
import org.apache.activemq.artemis.core.security.Role;
import org.apache.activemq.artemis.spi.core.protocol.RemotingConnection;
import org.apache.activemq.artemis.spi.core.security.ActiveMQSecurityManager5;
import org.apache.activemq.artemis.spi.core.security.jaas.RolePrincipal;
import org.apache.activemq.artemis.spi.core.security.jaas.UserPrincipal;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.security.crypto.password.PasswordEncoder;

/**
 * Who may do what on the embedded broker. The hub itself reaches it in-VM only and may do everything (role
 * {@value #HUB_ROLE}); everyone else comes through the plant acceptor and logs in as one of the hub's users
 * (hub.security.users, the same technical users the REST channel takes): a user with role {@code plant:<plant>} gets
 * the broker role of that name, which the broker's security settings let send to {@code mes.<plant>.inbound} and
 * nothing else. Artemis then checks every send, consume and create against its security settings as usual.
 *
 * <p>Written here rather than taken from Artemis's JAAS login modules: those read users from property files on disk,
 * and the embedded hub's users (and their passwords from the environment) already live in Spring Security; one list
 * of technical users for REST and messaging is what support expects. The standalone broker (docker/) uses its own
 * JAAS files and the same security settings.
 */
public class PlantBrokerSecurity implements ActiveMQSecurityManager5 {

    public static final String HUB_ROLE = "hub";
    /** The in-VM subject's user name; refused over the network, so that nothing cached for it serves anyone else. */
    static final String HUB_USER = "hub (in-vm)";

    private final Function<String, UserDetails> users;
    private final PasswordEncoder encoder;

    public PlantBrokerSecurity(Function<String, UserDetails> users, PasswordEncoder encoder) {
        this.users = users;
        this.encoder = encoder;
    }

    @Override
    public Subject authenticate(String user, String password, RemotingConnection connection, String securityDomain) {
        if (connection != null && connection.getTransportConnection() instanceof InVMConnection) {
            return subject(HUB_USER, Set.of(HUB_ROLE));
        }
        if (user == null || password == null || user.equals(HUB_USER)) {
            return null;
        }
        UserDetails details;
        try {
            details = users.apply(user);
        } catch (UsernameNotFoundException unknown) {
            return null;
        }
        if (details == null || !encoder.matches(password, details.getPassword())) {
            return null;
        }
        Set<String> roles = new java.util.HashSet<>();
        for (GrantedAuthority authority : details.getAuthorities()) {
            String name = authority.getAuthority();
            if (name.startsWith("ROLE_plant:")) {
                roles.add(name.substring("ROLE_".length()));
            }
        }
        return roles.isEmpty() ? null : subject(user, roles);
    }

    @Override
    public boolean authorize(Subject subject, Set<Role> roles, CheckType checkType, String address) {
        if (subject == null) {
            return false;
        }
        Set<String> held = new java.util.HashSet<>();
        subject.getPrincipals(RolePrincipal.class).forEach(p -> held.add(p.getName()));
        return roles.stream().anyMatch(role -> held.contains(role.getName()) && checkType.hasRole(role));
    }

    @Override
    public boolean validateUser(String user, String password) {
        return authenticate(user, password, null, null) != null;
    }

    @Override
    public boolean validateUserAndRole(String user, String password, Set<Role> roles, CheckType checkType) {
        return authorize(authenticate(user, password, null, null), roles, checkType, null);
    }

    private static Subject subject(String user, Set<String> roles) {
        Subject subject = new Subject();
        subject.getPrincipals().add(new UserPrincipal(user));
        roles.forEach(r -> subject.getPrincipals().add(new RolePrincipal(r)));
        return subject;
    }
}
