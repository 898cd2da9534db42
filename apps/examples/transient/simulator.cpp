#include "simulator.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <string>
#include <utility>

namespace transient {
namespace {

constexpr double kThermalVoltage = 0.025852;  // kT/q at 300 K
constexpr int kMaxNewtonIterations = 100;

using Clock = std::chrono::steady_clock;
double seconds_since(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void check(lupine_status status, const char* what) {
  if (status != LUPINE_OK) {
    throw SolverError(std::string(what) + ": " + lupine_status_string(status) + ": " +
                      lupine_last_error_message());
  }
}

// The positions a device stamps, as (row, column) unknowns (-1: ground, not stamped).
std::vector<std::pair<int, int>> stamp_positions(const Element& element, int a, int b, int k) {
  switch (element.kind) {
    case 'R':
    case 'C':
    case 'D':
      return {{a, a}, {a, b}, {b, a}, {b, b}};
    case 'V':
      return {{a, k}, {b, k}, {k, a}, {k, b}};
    case 'L':
      return {{a, k}, {b, k}, {k, a}, {k, b}, {k, k}};
    default:
      return {};
  }
}

// SPICE's junction voltage limiting: a Newton step may not raise a forward-biased diode's
// voltage by much more than a thermal voltage at a time (exp would overflow or oscillate).
double limit_junction(double proposed, double previous, double scale, double critical) {
  if (proposed > critical && std::abs(proposed - previous) > 2 * scale) {
    if (previous > 0) {
      const double argument = 1 + (proposed - previous) / scale;
      return argument > 0 ? previous + scale * std::log(argument) : critical;
    }
    return scale * std::log(proposed / scale);
  }
  return proposed;
}

}  // namespace

Simulator::Simulator(const Netlist& netlist, int threads) : netlist_(netlist) {
  nodes_ = static_cast<int>(netlist.node_names.size()) - 1;
  int branches = 0;
  for (std::size_t e = 0; e < netlist.elements.size(); ++e) {
    Device device;
    device.element = e;
    const char kind = netlist.elements[e].kind;
    if (kind == 'V' || kind == 'L') device.branch = nodes_ + branches++;
    devices_.push_back(device);
  }
  n_ = nodes_ + branches;
  statistics_.unknowns = n_;
  // The pattern: every stamp position, and each node's diagonal (Gmin), explicit zeros
  // included; fixed from here on.
  std::vector<std::pair<int, int>> positions;
  std::vector<std::pair<int, int>> entries;  // (column, row), for sorting into CSC order
  for (Device& device : devices_) {
    const Element& element = netlist.elements[device.element];
    device.first_slot = positions.size();
    for (const auto& position :
         stamp_positions(element, unknown(element.a), unknown(element.b), device.branch)) {
      positions.push_back(position);
      if (position.first >= 0 && position.second >= 0) {
        entries.emplace_back(position.second, position.first);
      }
    }
  }
  for (int v = 0; v < nodes_; ++v) entries.emplace_back(v, v);
  std::sort(entries.begin(), entries.end());
  entries.erase(std::unique(entries.begin(), entries.end()), entries.end());
  std::vector<std::int32_t> col_ptr(static_cast<std::size_t>(n_) + 1, 0);
  std::vector<std::int32_t> rows;
  rows.reserve(entries.size());
  for (const auto& [column, row] : entries) {
    ++col_ptr[static_cast<std::size_t>(column) + 1];
    rows.push_back(row);
  }
  for (std::int64_t j = 0; j < n_; ++j) col_ptr[j + 1] += col_ptr[j];
  lupine_options* options = nullptr;
  check(lupine_options_create(&options), "lupine_options_create");
  lupine_status status = lupine_options_set(options, LUPINE_OPTION_THREADS, threads);
  const auto start = Clock::now();
  if (status == LUPINE_OK) {
    status = lupine_analyze(options, n_, col_ptr.data(), rows.data(), 0, &symbolic_);
  }
  statistics_.analyze_seconds = seconds_since(start);
  lupine_options_destroy(options);
  check(status, "lupine_analyze");
  statistics_.pattern_entries = static_cast<std::int64_t>(rows.size());
  // Value slots, looked up once: stamping is then a plain store.
  std::vector<std::int64_t> slot_rows, slot_columns;
  std::vector<std::size_t> slot_of;
  slots_.assign(positions.size(), -1);
  for (std::size_t p = 0; p < positions.size(); ++p) {
    if (positions[p].first < 0 || positions[p].second < 0) continue;
    slot_rows.push_back(positions[p].first);
    slot_columns.push_back(positions[p].second);
    slot_of.push_back(p);
  }
  for (int v = 0; v < nodes_; ++v) {
    slot_rows.push_back(v);
    slot_columns.push_back(v);
  }
  std::vector<std::int64_t> found(slot_rows.size());
  check(lupine_symbolic_slots(symbolic_, static_cast<std::int64_t>(slot_rows.size()),
                              slot_rows.data(), slot_columns.data(), found.data()),
        "lupine_symbolic_slots");
  for (std::size_t q = 0; q < slot_of.size(); ++q) slots_[slot_of[q]] = found[q];
  node_slots_.assign(found.begin() + static_cast<std::ptrdiff_t>(slot_of.size()), found.end());
  values_.assign(rows.size(), 0.0);
  rhs_.assign(static_cast<std::size_t>(n_), 0.0);
}

Simulator::~Simulator() {
  lupine_numeric_destroy(numeric_);
  lupine_symbolic_destroy(symbolic_);
}

void Simulator::add(std::size_t slot_index, double value) {
  const std::int64_t slot = slots_[slot_index];
  if (slot >= 0) values_[static_cast<std::size_t>(slot)] += value;
}

void Simulator::stamp(double time, bool dc) {
  std::fill(values_.begin(), values_.end(), 0.0);
  std::fill(rhs_.begin(), rhs_.end(), 0.0);
  const double h = netlist_.step;
  const bool trapezoidal = trapezoidal_now();
  auto inject = [&](int node, double current) {
    if (node > 0) rhs_[static_cast<std::size_t>(unknown(node))] += current;
  };
  auto conductance = [&](const Device& device, double g) {
    add(device.first_slot, g);
    add(device.first_slot + 1, -g);
    add(device.first_slot + 2, -g);
    add(device.first_slot + 3, g);
  };
  // A branch current's incidence: +1 into node a's row and from its voltage, -1 for node b.
  auto incidence = [&](const Device& device) {
    add(device.first_slot, 1);
    add(device.first_slot + 1, -1);
    add(device.first_slot + 2, 1);
    add(device.first_slot + 3, -1);
  };
  for (const Device& device : devices_) {
    const Element& element = netlist_.elements[device.element];
    switch (element.kind) {
      case 'R':
        conductance(device, 1 / element.value);
        break;
      case 'C': {
        // Companion model: conductance g and the current source j of the integration rule.
        const double g = dc ? 0.0 : (trapezoidal ? 2 : 1) * element.value / h;
        const double j =
            dc ? 0.0 : g * device.state_voltage + (trapezoidal ? device.state_current : 0.0);
        conductance(device, g);
        inject(element.a, j);
        inject(element.b, -j);
        break;
      }
      case 'D': {
        const double scale = element.emission * kThermalVoltage;
        const double v = device.state_voltage;
        const double e = std::exp(std::min(v / scale, 80.0));
        const double current = element.saturation_current * (e - 1);
        const double g = element.saturation_current * e / scale + netlist_.gmin;
        conductance(device, g);
        const double equivalent = current - (g - netlist_.gmin) * v;
        inject(element.a, -equivalent);
        inject(element.b, equivalent);
        break;
      }
      case 'V': {
        incidence(device);
        rhs_[static_cast<std::size_t>(device.branch)] = element.source.at(time);
        break;
      }
      case 'L': {
        incidence(device);
        // v_a - v_b - r i = e: a short in DC, the integration rule's companion otherwise.
        const double r = dc ? 0.0 : (trapezoidal ? 2 : 1) * element.value / h;
        add(device.first_slot + 4, -r);
        rhs_[static_cast<std::size_t>(device.branch)] =
            dc ? 0.0 : -r * device.state_current - (trapezoidal ? device.state_voltage : 0.0);
        break;
      }
      case 'I': {
        const double current = element.source.at(time);
        inject(element.a, -current);
        inject(element.b, current);
        break;
      }
      default:
        break;
    }
  }
  if (dc) {
    for (const std::int64_t slot : node_slots_)
      values_[static_cast<std::size_t>(slot)] += netlist_.gmin;
  }
}

void Simulator::factor_or_refactor() {
  const auto start = Clock::now();
  if (numeric_ == nullptr) {
    check(lupine_factor(symbolic_, values_.data(), &numeric_), "lupine_factor");
    ++statistics_.factorizations;
    std::size_t size = 0;
    check(lupine_solve_workspace_size(numeric_, 1, &size), "lupine_solve_workspace_size");
    workspace_.assign(size, 0.0);
  } else {
    int reused = 0;
    check(lupine_refactor(numeric_, values_.data(), &reused), "lupine_refactor");
    ++(reused ? statistics_.refactorizations : statistics_.factorizations);
  }
  statistics_.factor_seconds += seconds_since(start);
}

bool Simulator::newton(double time, bool dc, std::vector<double>& solution) {
  bool nonlinear = false;
  for (const Element& element : netlist_.elements) nonlinear = nonlinear || element.kind == 'D';
  for (int iteration = 0; iteration < kMaxNewtonIterations; ++iteration) {
    auto start = Clock::now();
    stamp(time, dc);
    statistics_.stamp_seconds += seconds_since(start);
    factor_or_refactor();
    start = Clock::now();
    check(lupine_solve(numeric_, LUPINE_NO_TRANSPOSE, 1, rhs_.data(), n_, workspace_.data(),
                       workspace_.size()),
          "lupine_solve");
    statistics_.solve_seconds += seconds_since(start);
    ++statistics_.newton_iterations;
    double change = 0;
    for (std::size_t i = 0; i < rhs_.size(); ++i) {
      const double tolerance = 1e-6 + 1e-9 * std::max(std::abs(rhs_[i]), std::abs(solution[i]));
      change = std::max(change, std::abs(rhs_[i] - solution[i]) / tolerance);
    }
    solution.swap(rhs_);
    if (!nonlinear) return true;
    // New junction operating points (limited), and whether the limiting changed anything.
    bool limited = false;
    for (Device& device : devices_) {
      const Element& element = netlist_.elements[device.element];
      if (element.kind != 'D') continue;
      const double scale = element.emission * kThermalVoltage;
      const double critical =
          scale * std::log(scale / (std::sqrt(2.0) * element.saturation_current));
      const double proposed = voltage(solution, element.a) - voltage(solution, element.b);
      const double next = limit_junction(proposed, device.state_voltage, scale, critical);
      limited = limited || std::abs(next - proposed) > 1e-12;
      device.state_voltage = next;
    }
    if (iteration > 0 && change <= 1 && !limited) return true;
  }
  return false;
}

void Simulator::accept(const std::vector<double>& solution) {
  const double h = netlist_.step;
  const bool trapezoidal = trapezoidal_now();
  for (Device& device : devices_) {
    const Element& element = netlist_.elements[device.element];
    const double v = voltage(solution, element.a) - voltage(solution, element.b);
    if (element.kind == 'C') {
      const double g = (trapezoidal ? 2 : 1) * element.value / h;
      device.state_current =
          g * (v - device.state_voltage) - (trapezoidal ? device.state_current : 0.0);
      device.state_voltage = v;
    } else if (element.kind == 'L') {
      device.state_current = solution[static_cast<std::size_t>(device.branch)];
      device.state_voltage = v;
    }
  }
}

void Simulator::run(const std::function<void(double, const std::vector<double>&)>& output) {
  std::vector<double> solution(static_cast<std::size_t>(n_), 0.0);
  if (!newton(0.0, /*dc=*/true, solution)) {
    throw SolverError("the DC operating point did not converge");
  }
  // The operating point's state: capacitor voltages, inductor currents, no capacitor current.
  for (Device& device : devices_) {
    const Element& element = netlist_.elements[device.element];
    if (element.kind == 'C' || element.kind == 'L') {
      device.state_voltage = voltage(solution, element.a) - voltage(solution, element.b);
      device.state_current =
          element.kind == 'L' ? solution[static_cast<std::size_t>(device.branch)] : 0.0;
    }
  }
  ++statistics_.time_points;
  output(0.0, solution);
  const auto steps = static_cast<long>(std::llround(netlist_.stop / netlist_.step));
  for (long k = 1; k <= steps; ++k) {
    const double time = static_cast<double>(k) * netlist_.step;
    // The first step leaves the operating point, where sources may jump: backward Euler
    // there, as SPICE does after a breakpoint (the trapezoidal rule would carry the jump's
    // half-step error along as a slowly decaying ringing).
    first_step_ = k == 1;
    if (!newton(time, /*dc=*/false, solution)) {
      throw SolverError("Newton did not converge at t = " + std::to_string(time));
    }
    accept(solution);
    ++statistics_.time_points;
    output(time, solution);
  }
  lupine_stats stats;
  check(lupine_numeric_stats(numeric_, &stats), "lupine_numeric_stats");
  statistics_.lu_entries = stats.lu_nnz;
}

}  // namespace transient
