package org.chaperone.bench;

import java.util.Collection;
import java.util.Locale;
import java.util.Map;

/** A small JSON writer for the results file (maps, lists, strings, numbers, booleans). */
final class Json {
  private Json() {}

  static String write(Object value) {
    StringBuilder out = new StringBuilder();
    write(out, value, "");
    return out.toString();
  }

  private static void write(StringBuilder out, Object value, String indent) {
    switch (value) {
      case null -> out.append("null");
      case String s -> out.append('"').append(s.replace("\\", "\\\\").replace("\"", "\\\"")
          .replace("\n", "\\n")).append('"');
      case Double d -> out.append(String.format(Locale.ROOT, "%.4f", d));
      case Number n -> out.append(n);
      case Boolean b -> out.append(b);
      case Map<?, ?> map -> {
        out.append("{\n");
        int i = 0;
        for (Map.Entry<?, ?> e : map.entrySet()) {
          out.append(indent).append("  ");
          write(out, String.valueOf(e.getKey()), "");
          out.append(": ");
          write(out, e.getValue(), indent + "  ");
          out.append(++i < map.size() ? ",\n" : "\n");
        }
        out.append(indent).append('}');
      }
      case Collection<?> list -> {
        out.append('[');
        int i = 0;
        for (Object item : list) {
          write(out, item, indent);
          if (++i < list.size()) {
            out.append(", ");
          }
        }
        out.append(']');
      }
      default -> write(out, value.toString(), indent);
    }
  }
}
