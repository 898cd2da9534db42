// A SPICE-like netlist subset for the transient example: R, C, L, V, I and diodes, .tran,
// .print and .options gmin.
#pragma once

#include <istream>
#include <stdexcept>
#include <string>
#include <vector>

namespace transient {

/// A malformed netlist: the message names the file and line.
class NetlistError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The waveform of an independent source: DC, PULSE(v1 v2 delay rise fall width period) or
/// SIN(offset amplitude frequency).
struct Waveform {
  enum class Kind { dc, pulse, sine };
  Kind kind = Kind::dc;
  double dc = 0;
  double v1 = 0, v2 = 0, delay = 0, rise = 0, fall = 0, width = 0, period = 0;
  double offset = 0, amplitude = 0, frequency = 0;
  double at(double time) const;
};

struct Element {
  char kind = 'R';  // R, C, L, V, I or D
  std::string name;
  int a = 0;  // node numbers, 0 = ground
  int b = 0;
  double value = 0;                   // R ohms, C farads, L henries
  Waveform source;                    // V and I
  double saturation_current = 1e-14;  // D: IS
  double emission = 1;                // D: N
  int line = 0;
};

enum class Method { backward_euler, trapezoidal };

struct Netlist {
  std::vector<Element> elements;
  std::vector<std::string> node_names;  // node_names[k] for node k; node 0 is ground
  double step = 0;
  double stop = 0;
  Method method = Method::trapezoidal;
  std::vector<int> probes;  // nodes whose voltages are printed
  double gmin = 1e-12;      // conductance from every node to ground during the DC solve
};

/// Reads a netlist (its first line is the title, as in SPICE); `file` names it in errors.
Netlist parse_netlist(std::istream& input, const std::string& file);

/// A value with SPICE scale suffixes (f p n u m k meg g t), e.g. "4.7k", "10uF".
double parse_value(const std::string& text);

}  // namespace transient
