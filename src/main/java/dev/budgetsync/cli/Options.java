package dev.budgetsync.cli;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options and {@code --flag} switches of a command line. */
final class Options {
  private final Map<String, String> values = new HashMap<>();
  private final Set<String> flags = new HashSet<>();

  private Options() {
  }

  /** The options from {@code start}; null when one is not known or lacks its value. */
  static Options parse(String[] args, int start, Set<String> valueNames, Set<String> flagNames) {
    Options options = new Options();
    for (int i = start; i < args.length; i++) {
      String name = args[i].startsWith("--") ? args[i].substring(2) : null;
      if (name != null && flagNames.contains(name)) {
        options.flags.add(name);
      } else if (name != null && valueNames.contains(name) && i + 1 < args.length) {
        options.values.put(name, args[++i]);
      } else {
        return null;
      }
    }
    return options;
  }

  String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  boolean has(String name) {
    return flags.contains(name) || values.containsKey(name);
  }
}
