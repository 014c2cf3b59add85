package io.meserp.hub.ops;

import java.util.List;
import java.util.Map;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ResponseBody;

/** The ops page at {@code /ops} (static files in {@code static/ops}), and who is logged in for it. */
@Controller
class OpsPage {

    @GetMapping({"/ops", "/ops/"})
    String page() {
        return "forward:/ops/index.html";
    }

    @GetMapping("/")
    String home() {
        return "redirect:/ops";
    }

    /** The user's name and roles, so the page can offer only what the user may do. */
    @GetMapping("/api/me")
    @ResponseBody
    Map<String, Object> me(Authentication user) {
        List<String> roles = user.getAuthorities().stream().map(GrantedAuthority::getAuthority).sorted().toList();
        return Map.of("name", user.getName(), "roles", roles);
    }
}
