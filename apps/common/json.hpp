// The little JSON the apps write: strings, numbers (NaN as null), and nesting by hand.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>

namespace lupine_apps {

inline std::string json_string(const std::string& text) {
  std::string quoted = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        quoted += "\\\"";
        break;
      case '\\':
        quoted += "\\\\";
        break;
      case '\n':
        quoted += "\\n";
        break;
      case '\t':
        quoted += "\\t";
        break;
      case '\r':
        quoted += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", static_cast<unsigned>(c));
          quoted += escaped;
        } else {
          quoted += c;
        }
    }
  }
  return quoted + "\"";
}

/// JSON has no NaN or infinity: both become null.
inline std::string json_number(double value) {
  if (!std::isfinite(value)) return "null";
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.9g", value);
  return buffer;
}

/// Counts use -1 for "not measured", which becomes null.
inline std::string json_count(std::int64_t value) {
  return value < 0 ? "null" : std::to_string(value);
}

}  // namespace lupine_apps
