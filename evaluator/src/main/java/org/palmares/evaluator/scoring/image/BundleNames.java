package org.palmares.evaluator.scoring.image;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * How a bundle names the constants of this package's enums: the constant's name in lower case
 * ({@code GREEDY_BY_SCORE} is {@code greedy_by_score}), so names and code cannot drift apart, and
 * one message for a name that is not one of them.
 */
final class BundleNames {

  private BundleNames() {}

  static String id(Enum<?> constant) {
    return constant.name().toLowerCase(Locale.ROOT);
  }

  /**
   * The constant a bundle names.
   *
   * @param what what the name is of, for the message ("matching criterion")
   * @throws IllegalArgumentException listing the known names
   */
  static <E extends Enum<E>> E byId(Class<E> type, Object name, String what) {
    for (E constant : type.getEnumConstants()) {
      if (id(constant).equals(String.valueOf(name))) {
        return constant;
      }
    }
    throw new IllegalArgumentException(what + " must be one of "
        + Arrays.stream(type.getEnumConstants()).map(BundleNames::id)
            .collect(Collectors.joining(", ")) + ": '" + name + "'");
  }
}
