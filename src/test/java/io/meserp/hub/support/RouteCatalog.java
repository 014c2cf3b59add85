package io.meserp.hub.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The route ids docs/routes.md documents: the first column of its "Route ids" table. */
public final class RouteCatalog {

    private static final Pattern ROW = Pattern.compile("^\\|\\s*`([^`]+)`\\s*\\|");

    private RouteCatalog() {
    }

    public static List<String> documentedRouteIds() throws IOException {
        List<String> ids = new ArrayList<>();
        boolean inTable = false;
        for (String line : Files.readAllLines(Path.of("docs/routes.md"))) {
            if (line.startsWith("## ")) {
                inTable = line.equals("## Route ids");
                continue;
            }
            Matcher m = ROW.matcher(line);
            if (inTable && m.find()) {
                ids.add(m.group(1));
            }
        }
        return ids;
    }
}
