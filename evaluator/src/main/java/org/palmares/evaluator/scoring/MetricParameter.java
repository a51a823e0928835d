package org.palmares.evaluator.scoring;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The parameters a metric may take in its spec, with their defaults and valid ranges. */
enum MetricParameter {

  /** Threshold metrics predict the positive class when the probability is at least this. */
  THRESHOLD("threshold", 0.5) {
    @Override
    String whyInvalid(double value) {
      return value >= 0 && value <= 1 ? null : "must be a probability in [0, 1]";
    }
  },

  /** The specificity that sensitivity_at_specificity must reach. */
  SPECIFICITY("specificity", 0.9) {
    @Override
    String whyInvalid(double value) {
      return value >= 0 && value <= 1 ? null : "must be in [0, 1]";
    }
  },

  /** Number of equal-width probability bins of the expected calibration error. */
  BINS("bins", 10) {
    @Override
    String whyInvalid(double value) {
      return value >= 1 && value <= MAX_BINS && value == Math.rint(value) ? null
          : "must be a whole number from 1 to " + MAX_BINS;
    }
  };

  static final int MAX_BINS = 1000;

  private final String parameterName;
  private final double defaultValue;

  MetricParameter(String parameterName, double defaultValue) {
    this.parameterName = parameterName;
    this.defaultValue = defaultValue;
  }

  String parameterName() {
    return parameterName;
  }

  double defaultValue() {
    return defaultValue;
  }

  /** Why the value is not acceptable, as the end of a sentence, or null. */
  abstract String whyInvalid(double value);

  static MetricParameter byName(String name) {
    return Arrays.stream(values()).filter(p -> p.parameterName.equals(name)).findFirst()
        .orElseThrow();
  }

  static Set<String> names(MetricParameter... parameters) {
    return Arrays.stream(parameters).map(MetricParameter::parameterName)
        .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * The metric's parameters, each given value checked and every missing one at its default.
   *
   * @throws IllegalArgumentException naming an unknown parameter or an invalid value
   */
  static Map<String, Double> resolve(MetricInfo metric, Map<String, Double> given) {
    for (String name : new TreeSet<>(given.keySet())) {
      if (!metric.parameterNames().contains(name)) {
        throw new IllegalArgumentException("metric '" + metric.name() + "' has no parameter '"
            + name + "'; " + (metric.parameterNames().isEmpty() ? "it takes none"
                : "it takes: " + String.join(", ", new TreeSet<>(metric.parameterNames()))));
      }
    }
    Map<String, Double> resolved = new LinkedHashMap<>();
    for (String name : new TreeSet<>(metric.parameterNames())) {
      MetricParameter parameter = byName(name);
      Double value = given.get(name);
      if (value == null) {
        value = parameter.defaultValue;
      }
      String invalid = parameter.whyInvalid(value);
      if (invalid != null) {
        throw new IllegalArgumentException("parameter '" + name + "' of metric '" + metric.name()
            + "' " + invalid + ": " + value);
      }
      resolved.put(name, value);
    }
    return resolved;
  }
}
