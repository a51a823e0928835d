package org.palmares.platform.challenge;

import java.io.StringReader;
import java.util.List;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Line numbers of a YAML document's values, so a problem found by path ({@code phases[1].closes})
 * can be reported where the organizer will look for it ({@code challenge.yaml:14}).
 */
final class YamlLines {
  private final Node root;

  private YamlLines(Node root) {
    this.root = root;
  }

  static YamlLines of(String yaml) {
    Node root;
    try {
      root = new Yaml(BundleReader.loaderOptions()).compose(new StringReader(yaml));
    } catch (RuntimeException e) {
      root = null; // a syntax error is reported by the parser with its own line
    }
    return new YamlLines(root);
  }

  /**
   * The 1-based line of the value at {@code path} (field names and list indexes), or of its
   * deepest existing ancestor; 1 when nothing is known.
   */
  int lineOf(List<Object> path) {
    Node node = root;
    if (node == null) {
      return 1;
    }
    for (Object step : path) {
      Node next = child(node, step);
      if (next == null) {
        break;
      }
      node = next;
    }
    return node.getStartMark().getLine() + 1;
  }

  private static Node child(Node node, Object step) {
    if (node instanceof MappingNode map && step instanceof String key) {
      for (NodeTuple t : map.getValue()) {
        if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
          return t.getValueNode();
        }
      }
    } else if (node instanceof SequenceNode seq && step instanceof Integer i && i < seq.getValue().size()) {
      return seq.getValue().get(i);
    }
    return null;
  }
}
