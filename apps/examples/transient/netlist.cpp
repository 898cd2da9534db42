#include "netlist.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <sstream>

namespace transient {
namespace {

std::string lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// Splits a line into words; parentheses and commas separate words too, '=' stays inside.
std::vector<std::string> words_of(const std::string& line) {
  std::vector<std::string> words;
  std::string word;
  for (const char c : line) {
    if (std::isspace(static_cast<unsigned char>(c)) || c == '(' || c == ')' || c == ',') {
      if (!word.empty()) words.push_back(word);
      word.clear();
    } else {
      word += c;
    }
  }
  if (!word.empty()) words.push_back(word);
  return words;
}

}  // namespace

double parse_value(const std::string& text) {
  std::size_t used = 0;
  double value = 0;
  try {
    value = std::stod(text, &used);
  } catch (const std::exception&) {
    throw std::invalid_argument("'" + text + "' is not a number");
  }
  const std::string suffix = lower(text.substr(used));
  static const std::pair<const char*, double> scales[] = {
      {"meg", 1e6}, {"mil", 25.4e-6}, {"f", 1e-15}, {"p", 1e-12}, {"n", 1e-9},
      {"u", 1e-6},  {"m", 1e-3},      {"k", 1e3},   {"g", 1e9},   {"t", 1e12}};
  for (const auto& [name, scale] : scales) {
    if (suffix.rfind(name, 0) == 0) return value * scale;
  }
  // Anything else is a unit ("10V", "2A", "5ohm"): allowed, ignored.
  if (!suffix.empty() && !std::isalpha(static_cast<unsigned char>(suffix[0]))) {
    throw std::invalid_argument("'" + text + "' is not a number");
  }
  return value;
}

double Waveform::at(double time) const {
  switch (kind) {
    case Kind::dc:
      return dc;
    case Kind::sine: {
      if (time < delay) return offset;
      const double pi = 3.14159265358979323846;
      return offset + amplitude * std::sin(2 * pi * frequency * (time - delay));
    }
    case Kind::pulse: {
      if (time < delay) return v1;
      double t = time - delay;
      if (period > 0) t = std::fmod(t, period);
      if (t < rise) return v1 + (v2 - v1) * t / rise;
      if (t < rise + width) return v2;
      if (t < rise + width + fall) return v2 + (v1 - v2) * (t - rise - width) / fall;
      return v1;
    }
  }
  return dc;
}

Netlist parse_netlist(std::istream& input, const std::string& file) {
  Netlist netlist;
  std::map<std::string, int> nodes{{"0", 0}, {"gnd", 0}};
  netlist.node_names.push_back("0");
  auto node = [&](const std::string& name) {
    const std::string key = lower(name);
    const auto found = nodes.find(key);
    if (found != nodes.end()) return found->second;
    const int number = static_cast<int>(netlist.node_names.size());
    nodes.emplace(key, number);
    netlist.node_names.push_back(name);
    return number;
  };
  std::vector<std::string> probe_names;
  std::vector<int> probe_lines;
  std::string line;
  int number = 0;
  while (std::getline(input, line)) {
    ++number;
    const auto words = words_of(line);
    auto error = [&](const std::string& message) {
      return NetlistError(file + ":" + std::to_string(number) + ": " + message);
    };
    auto value_at = [&](std::size_t k, const char* what) {
      if (k >= words.size()) throw error(std::string("missing ") + what);
      try {
        return parse_value(words[k]);
      } catch (const std::invalid_argument& bad) {
        throw error(std::string(what) + ": " + bad.what());
      }
    };
    if (number == 1) continue;  // the title line, as in SPICE
    if (words.empty() || words[0][0] == '*') continue;
    const std::string head = lower(words[0]);
    if (head == ".end") break;
    if (head == ".tran") {
      netlist.step = value_at(1, "time step");
      netlist.stop = value_at(2, "stop time");
      if (!(netlist.step > 0) || !(netlist.stop > 0)) throw error(".tran needs positive times");
      for (std::size_t k = 3; k < words.size(); ++k) {
        const std::string option = lower(words[k]);
        if (option == "be" || option == "euler") {
          netlist.method = Method::backward_euler;
        } else if (option == "trap" || option == "trapezoidal") {
          netlist.method = Method::trapezoidal;
        } else {
          throw error("unknown .tran option '" + words[k] + "' (be or trap)");
        }
      }
      continue;
    }
    if (head == ".print") {
      for (std::size_t k = 1; k < words.size(); ++k) {
        const std::string word = lower(words[k]);
        if (word == "tran" || word == "v") continue;
        probe_names.push_back(words[k]);
        probe_lines.push_back(number);
      }
      continue;
    }
    if (head == ".options") {
      for (std::size_t k = 1; k < words.size(); ++k) {
        const std::string word = lower(words[k]);
        if (word.rfind("gmin=", 0) != 0) throw error("unknown option '" + words[k] + "'");
        try {
          netlist.gmin = parse_value(word.substr(5));
        } catch (const std::invalid_argument& bad) {
          throw error(std::string("gmin: ") + bad.what());
        }
      }
      continue;
    }
    if (head[0] == '.') throw error("unknown control line '" + words[0] + "'");
    Element element;
    element.kind = static_cast<char>(std::toupper(static_cast<unsigned char>(head[0])));
    element.name = words[0];
    element.line = number;
    if (std::string("RCLVID").find(element.kind) == std::string::npos) {
      throw error("unknown element '" + words[0] + "' (R, C, L, V, I or D)");
    }
    if (words.size() < 3) throw error("'" + words[0] + "' needs two nodes");
    element.a = node(words[1]);
    element.b = node(words[2]);
    if (element.kind == 'R' || element.kind == 'C' || element.kind == 'L') {
      element.value = value_at(3, "value");
      if (!(element.value > 0)) throw error("'" + words[0] + "' needs a positive value");
      if (words.size() > 4) throw error("unexpected '" + words[4] + "'");
    } else if (element.kind == 'D') {
      for (std::size_t k = 3; k < words.size(); ++k) {
        const std::string word = lower(words[k]);
        const auto equals = word.find('=');
        const std::string name = word.substr(0, equals);
        if (equals == std::string::npos || (name != "is" && name != "n")) {
          throw error("diode parameter '" + words[k] + "' (IS=... or N=...)");
        }
        double value = 0;
        try {
          value = parse_value(word.substr(equals + 1));
        } catch (const std::invalid_argument& bad) {
          throw error(name + ": " + bad.what());
        }
        if (!(value > 0)) throw error("diode " + name + " must be positive");
        (name == "is" ? element.saturation_current : element.emission) = value;
      }
    } else {
      std::size_t k = 3;
      const std::string kind = k < words.size() ? lower(words[k]) : "";
      Waveform& w = element.source;
      if (kind == "pulse") {
        w.kind = Waveform::Kind::pulse;
        w.v1 = value_at(k + 1, "pulse v1");
        w.v2 = value_at(k + 2, "pulse v2");
        w.delay = k + 3 < words.size() ? value_at(k + 3, "pulse delay") : 0;
        w.rise = k + 4 < words.size() ? value_at(k + 4, "pulse rise") : 0;
        w.fall = k + 5 < words.size() ? value_at(k + 5, "pulse fall") : 0;
        w.width = k + 6 < words.size() ? value_at(k + 6, "pulse width") : 1e30;
        w.period = k + 7 < words.size() ? value_at(k + 7, "pulse period") : 0;
      } else if (kind == "sin") {
        w.kind = Waveform::Kind::sine;
        w.offset = value_at(k + 1, "sine offset");
        w.amplitude = value_at(k + 2, "sine amplitude");
        w.frequency = value_at(k + 3, "sine frequency");
        w.delay = k + 4 < words.size() ? value_at(k + 4, "sine delay") : 0;
      } else {
        w.kind = Waveform::Kind::dc;
        if (kind == "dc") ++k;
        w.dc = value_at(k, "source value");
      }
    }
    if (element.a == element.b) throw error("'" + words[0] + "' connects a node to itself");
    netlist.elements.push_back(element);
  }
  if (netlist.stop == 0) throw NetlistError(file + ": no .tran line");
  for (std::size_t p = 0; p < probe_names.size(); ++p) {
    const auto found = nodes.find(lower(probe_names[p]));
    if (found == nodes.end()) {
      throw NetlistError(file + ":" + std::to_string(probe_lines[p]) + ": .print names node '" +
                         probe_names[p] + "', which no element connects");
    }
    netlist.probes.push_back(found->second);
  }
  return netlist;
}

}  // namespace transient
