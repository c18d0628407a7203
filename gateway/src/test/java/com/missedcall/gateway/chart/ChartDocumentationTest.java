package com.missedcall.gateway.chart;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every value is documented where people look: a `## @param` line in values.yaml and the chart README. */
class ChartDocumentationTest {
  private static final Pattern PARAM = Pattern.compile("^\\s*## @param (\\S+) \\S.*$", Pattern.MULTILINE);

  @Test
  void everyValueHasAParamCommentOnItselfOrTheBlockHoldingIt() throws IOException {
    Set<String> documented = params();

    for (String path : leafPaths(HelmChart.readYaml(HelmChart.DIR.resolve("values.yaml")), "")) {
      assertThat(documentedAt(path, documented)).as(path + " has a ## @param").isTrue();
    }
  }

  @Test
  void everyParamCommentNamesAValueThatExists() throws IOException {
    JsonNode values = HelmChart.readYaml(HelmChart.DIR.resolve("values.yaml"));

    for (String param : params()) {
      assertThat(values.at("/" + param.replace('.', '/')).isMissingNode()).as(param + " exists in values.yaml").isFalse();
    }
  }

  @Test
  void theChartReadmeListsEveryParam() throws IOException {
    String readme = Files.readString(HelmChart.DIR.resolve("README.md"));

    for (String param : params()) {
      assertThat(readme).as("README lists " + param).contains("`" + param + "`");
    }
  }

  private static Set<String> params() throws IOException {
    Set<String> params = new TreeSet<>();
    Matcher m = PARAM.matcher(Files.readString(HelmChart.DIR.resolve("values.yaml")));
    while (m.find()) {
      params.add(m.group(1));
    }
    assertThat(params).hasSizeGreaterThan(50);
    return params;
  }

  private static boolean documentedAt(String path, Set<String> documented) {
    for (String p = path; !p.isEmpty(); p = p.contains(".") ? p.substring(0, p.lastIndexOf('.')) : "") {
      if (documented.contains(p)) {
        return true;
      }
    }
    return false;
  }

  /** Paths of scalars, lists and empty maps; a non-empty map is a block whose children are the values. */
  private static List<String> leafPaths(JsonNode node, String prefix) {
    List<String> paths = new ArrayList<>();
    if (node.isObject() && !node.isEmpty()) {
      node.fields().forEachRemaining(f ->
          paths.addAll(leafPaths(f.getValue(), prefix.isEmpty() ? f.getKey() : prefix + "." + f.getKey())));
    } else {
      paths.add(prefix);
    }
    return paths;
  }
}
